// A skeleton on its own (no camera image): the dashboard's live tiles, playback and compare.
// The pose is in its image's pixels; the image is fitted into the box with its aspect kept.
#pragma once

#include <imgui.h>

#include "form/landmarks.h"

namespace runform::ui {

/// What to draw and how.
struct SkeletonViewSpec {
  int image_width_px = 640;   ///< the pose's image size (the kiosk's camera)
  int image_height_px = 480;
  ImU32 colour = 0;           ///< 0: the palette's skeleton colour
  bool frame = true;          ///< a dim panel behind, with a thin border
};

/// Draws the pose fitted into the box; a pose without confident joints draws only the panel.
void draw_skeleton_view(ImDrawList* list, float scale, ImVec2 box_min, ImVec2 box_max, const form::PoseFrame& pose,
                        const SkeletonViewSpec& spec);

}  // namespace runform::ui
