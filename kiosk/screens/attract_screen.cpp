#include "kiosk/screens/attract_screen.h"

#include "kiosk/screens/screen_parts.h"
#include "ui/text.h"

namespace runform::kiosk {

std::optional<Intent> AttractScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  ui::draw_fitted(list, ctx.fonts.number, ctx.px(ui::font_px::kNumber * 1.3f), l.at(100, 90), l.at(1820, 250),
                  "RunForm", p.accent, ui::Align::kLeft);
  const char* lines[] = {
      "Check your running form while you run.",
      "Head, shoulders and arms scored live, with one calm cue at a time.",
      "At the end: your summary, and drills to do.",
  };
  float y = 300;
  for (const char* line : lines) {
    ui::draw_fitted(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading * 0.8f), l.at(100, y), l.at(1820, y + 100),
                    line, p.text, ui::Align::kLeft);
    y += 120;
  }
  ui::draw_wrapped(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(100, 700), l.at(1200, 900),
                   "Privacy: video stays on this station. Only body landmarks and scores are saved.", p.text_dim);
  draw_status_bar(ctx, snapshot, 100, 990);
  if (ui::big_button(ctx.controls(), "Start", l.at(1320, 720), l.size(500, 200), true)) {
    return Intent{Intent::Kind::kStart, {}};
  }
  return std::nullopt;
}

}  // namespace runform::kiosk
