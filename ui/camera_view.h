// The camera image (a texture) fitted into a box with its aspect ratio kept, and the skeleton
// drawn on top in the image's own pixel coordinates.
#pragma once

#include <imgui.h>

#include "form/landmarks.h"
#include "ui/backend.h"

namespace runform::ui {

/// Where an image of a given size lands inside a box: image px → screen px.
struct ImageFit {
  ImVec2 origin;      ///< screen position of image pixel (0, 0)
  float scale = 1.0f; ///< screen px per image px

  /// Screen position of an image point.
  [[nodiscard]] ImVec2 to_screen(double x_px, double y_px) const {
    return ImVec2(origin.x + static_cast<float>(x_px) * scale, origin.y + static_cast<float>(y_px) * scale);
  }
};

/// Fits a `width`×`height` image into the box, centred, aspect kept (letterboxed).
ImageFit fit_image(ImVec2 box_min, ImVec2 box_max, int width, int height);

/// Draws the texture at the fit, with a thin frame.
void draw_camera_image(ImDrawList* list, const Texture& texture, const ImageFit& fit);

/// Landmarks below this confidence are not drawn (camera/'s trackers treat 0.3 as present).
inline constexpr double kMinDrawConfidence = 0.3;

/// Draws the COCO-17 skeleton: bones between confident joints, joints as dots.
void draw_skeleton(ImDrawList* list, const form::PoseFrame& pose, const ImageFit& fit, float scale, ImU32 colour);

}  // namespace runform::ui
