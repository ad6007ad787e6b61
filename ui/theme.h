// The kiosk's look: a calm dark palette, colour bands for scores, and the layout scale that
// makes one design work at 1920×1080 and 1280×720 alike.
#pragma once

#include <imgui.h>

#include <optional>

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

/// Score bands of the gauges: RunForm working values matching the summary's plain words
/// ("good" from 80, "fair" from 60).
inline constexpr double kGoodScore = 80.0;
inline constexpr double kFairScore = 60.0;

/// The band colour of a 0–100 score; `off` when there is none.
ImU32 score_colour(std::optional<double> score);

/// The design is drawn for a 1080-pixel-tall screen; everything scales with the height, so a
/// 1280×720 screen shows the same layout at 2/3 size.
inline constexpr float kDesignHeightPx = 1080.0f;

/// Layout scale for a display: 1 at 1080 px tall.
float layout_scale(ImVec2 display_px);

/// Applies the palette and scaled paddings and rounding to ImGui's style.
void apply_kiosk_style(float scale);

/// A packed colour with its alpha replaced (0–1).
ImU32 with_alpha(ImU32 colour, float alpha);

}  // namespace runform::ui
