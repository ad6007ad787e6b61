// Pieces several screens share: the title line, the camera panel with the skeleton, and the
// status bar (camera, hub, spool, hands on the rails, not measurable in this view).
#pragma once

#include <string_view>

#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

/// The screen title at the top left of the design.
void draw_title(const ScreenContext& ctx, std::string_view title);

/// The camera image with the skeleton in the design box (x, y, w, h); a calm placeholder when
/// no image arrived yet.
void draw_camera_panel(const ScreenContext& ctx, const station::StationSnapshot& snapshot, float x, float y, float w,
                       float h, bool skeleton = true);

/// The status chips in one row from (x, y); returns the design width used.
void draw_status_bar(const ScreenContext& ctx, const station::StationSnapshot& snapshot, float x, float y);

/// "front view", "side view", or "view not known yet".
std::string_view view_words(const std::optional<form::View>& view);

}  // namespace runform::kiosk
