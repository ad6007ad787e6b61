#include "ui/camera_view.h"

#include <algorithm>
#include <array>
#include <utility>

#include "ui/theme.h"

namespace runform::ui {
namespace {

using form::Keypoint;

// The COCO-17 bones drawn by the overlay (face to shoulders omitted: the ears carry the head).
constexpr std::array<std::pair<Keypoint, Keypoint>, 14> kBones{{
    {Keypoint::kLeftEar, Keypoint::kLeftShoulder},   {Keypoint::kRightEar, Keypoint::kRightShoulder},
    {Keypoint::kLeftShoulder, Keypoint::kRightShoulder}, {Keypoint::kLeftShoulder, Keypoint::kLeftElbow},
    {Keypoint::kLeftElbow, Keypoint::kLeftWrist},    {Keypoint::kRightShoulder, Keypoint::kRightElbow},
    {Keypoint::kRightElbow, Keypoint::kRightWrist},  {Keypoint::kLeftShoulder, Keypoint::kLeftHip},
    {Keypoint::kRightShoulder, Keypoint::kRightHip}, {Keypoint::kLeftHip, Keypoint::kRightHip},
    {Keypoint::kLeftHip, Keypoint::kLeftKnee},       {Keypoint::kLeftKnee, Keypoint::kLeftAnkle},
    {Keypoint::kRightHip, Keypoint::kRightKnee},     {Keypoint::kRightKnee, Keypoint::kRightAnkle},
}};

}  // namespace

ImageFit fit_image(ImVec2 box_min, ImVec2 box_max, int width, int height) {
  ImageFit fit;
  if (width <= 0 || height <= 0) {
    fit.origin = box_min;
    return fit;
  }
  const float box_w = box_max.x - box_min.x;
  const float box_h = box_max.y - box_min.y;
  fit.scale = std::min(box_w / static_cast<float>(width), box_h / static_cast<float>(height));
  fit.origin = ImVec2(box_min.x + (box_w - static_cast<float>(width) * fit.scale) * 0.5f,
                      box_min.y + (box_h - static_cast<float>(height) * fit.scale) * 0.5f);
  return fit;
}

void draw_camera_image(ImDrawList* list, const Texture& texture, const ImageFit& fit) {
  if (texture.id == nullptr) return;
  const ImVec2 end = fit.to_screen(texture.width, texture.height);
  list->AddImage(texture.id, fit.origin, end);
  list->AddRect(fit.origin, end, palette().panel_hot, 0.0f, 0, 2.0f);
}

void draw_skeleton(ImDrawList* list, const form::PoseFrame& pose, const ImageFit& fit, float scale, ImU32 colour) {
  const float bone_px = 6.0f * scale;
  const float joint_px = 8.0f * scale;
  for (const auto& [a, b] : kBones) {
    const form::Landmark& la = pose.at(a);
    const form::Landmark& lb = pose.at(b);
    if (la.confidence < kMinDrawConfidence || lb.confidence < kMinDrawConfidence) continue;
    list->AddLine(fit.to_screen(la.x_px, la.y_px), fit.to_screen(lb.x_px, lb.y_px), colour, bone_px);
  }
  for (const form::Landmark& l : pose.keypoints) {
    if (l.confidence < kMinDrawConfidence) continue;
    list->AddCircleFilled(fit.to_screen(l.x_px, l.y_px), joint_px, palette().text);
  }
}

}  // namespace runform::ui
