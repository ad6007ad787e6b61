#include "ui/skeleton_view.h"

#include "ui/camera_view.h"
#include "ui/theme.h"

namespace runform::ui {

void draw_skeleton_view(ImDrawList* list, float scale, ImVec2 box_min, ImVec2 box_max, const form::PoseFrame& pose,
                        const SkeletonViewSpec& spec) {
  const Palette& p = palette();
  if (spec.frame) {
    list->AddRectFilled(box_min, box_max, with_alpha(p.panel, 0.7f), 6.0f * scale);
    list->AddRect(box_min, box_max, p.panel_hot, 6.0f * scale, 0, 1.5f * scale);
  }
  const ImageFit fit = fit_image(box_min, box_max, spec.image_width_px, spec.image_height_px);
  // Line widths follow the box, not the screen: a mini tile gets thin bones.
  const float box_scale = fit.scale * static_cast<float>(spec.image_height_px) / 480.0f;
  draw_skeleton(list, pose, fit, box_scale * 0.6f, spec.colour != 0 ? spec.colour : p.skeleton);
  (void)scale;
}

}  // namespace runform::ui
