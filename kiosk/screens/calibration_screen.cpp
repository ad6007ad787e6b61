#include "kiosk/screens/calibration_screen.h"

#include <cmath>
#include <string>

#include "kiosk/screens/screen_parts.h"
#include "ui/text.h"

namespace runform::kiosk {

std::optional<Intent> CalibrationScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  draw_camera_panel(ctx, snapshot, 1000, 60, 860, 860);
  ui::draw_wrapped(list, ctx.fonts.cue, ctx.px(ui::font_px::kCue * 0.8f), l.at(60, 80), l.at(960, 420),
                   "Stand tall and relaxed", p.text);
  const double left = snapshot.calibration_remaining_s;
  if (left > 0.0) {
    const std::string count = std::to_string(static_cast<int>(std::ceil(left)));
    ui::draw_fitted(list, ctx.fonts.cue, ctx.px(ui::font_px::kCue)  /* the atlas size: larger would blur */, l.at(60, 440), l.at(960, 760), count,
                    p.accent);
  } else if (!snapshot.calibrated) {
    ui::draw_wrapped(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), l.at(60, 480), l.at(960, 760),
                     "Hold still a moment…", p.fair);
  } else {
    ui::draw_wrapped(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), l.at(60, 480), l.at(960, 760),
                     "Got it. Start running!", p.good);
  }
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(60, 780), l.at(960, 900),
                   "Arms loose at your sides, eyes forward. This is your own standing baseline.", p.text_dim);
  draw_status_bar(ctx, snapshot, 60, 985);
  if (ui::big_button(ctx.controls(), "Cancel", l.at(1600, 940), l.size(260, 110))) return Intent{Intent::Kind::kBack, {}};
  return std::nullopt;
}

}  // namespace runform::kiosk
