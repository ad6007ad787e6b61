// The kiosk's look: a calm dark palette, colour bands for scores, and the layout scale that
// makes one design work at 1920×1080 and 1280×720 alike.
#pragma once

#include <imgui.h>

#include <optional>

#include "ui/score_bands.h"

namespace runform::ui {

/// Colours (ImGui's packed ABGR).
struct Palette {
  ImU32 background;  ///< screen background
  ImU32 panel;       ///< raised panels and buttons
  ImU32 panel_hot;   ///< a panel under the finger
  ImU32 text;        ///< main text
  ImU32 text_dim;    ///< secondary text
  ImU32 accent;      ///< calm highlight (teal)
  ImU32 good;        ///< score band ≥ kGoodScore
  ImU32 fair;        ///< score band ≥ kFairScore
  ImU32 poor;        ///< below kFairScore (a soft coral: a cue, not an alarm)
  ImU32 off;         ///< not measurable, not available
  ImU32 skeleton;    ///< skeleton lines on the camera image
};

/// The kiosk palette.
const Palette& palette();


/// The band colour of a 0–100 score; `off` when there is none.
ImU32 score_colour(std::optional<double> score);

/// The design is drawn on a 1920×1080 screen; everything scales with the display, so a
/// 1280×720 screen shows the same layout at 2/3 size. Other aspect ratios are letterboxed.
inline constexpr float kDesignWidthPx = 1920.0f;
inline constexpr float kDesignHeightPx = 1080.0f;

/// Layout scale for a display: 1 at 1920×1080.
float layout_scale(ImVec2 display_px);

/// Design coordinates → screen pixels.
struct Layout {
  float scale = 1.0f;
  ImVec2 origin;  ///< screen position of the design's (0, 0)
  /// A design point on screen.
  [[nodiscard]] ImVec2 at(float x, float y) const { return ImVec2(origin.x + x * scale, origin.y + y * scale); }
  /// A design size on screen.
  [[nodiscard]] ImVec2 size(float w, float h) const { return ImVec2(w * scale, h * scale); }
};

/// The layout for a display: the design scaled to fit and centred.
Layout layout_for(ImVec2 display_px);

/// Applies the palette and scaled paddings and rounding to ImGui's style.
void apply_kiosk_style(float scale);

/// A packed colour with its alpha replaced (0–1).
ImU32 with_alpha(ImU32 colour, float alpha);

}  // namespace runform::ui
