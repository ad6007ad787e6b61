#include "kiosk/screens/checkin_screen.h"

#include "kiosk/screens/screen_parts.h"
#include "ui/text.h"

namespace runform::kiosk {

std::optional<Intent> CheckInScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  draw_title(ctx, "Check in");

  // Left: the keypad.
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 150), l.at(760, 210),
                  "Type your athlete code", p.text_dim, ui::Align::kLeft);
  list->AddRectFilled(l.at(60, 230), l.at(760, 360), p.panel, ctx.px(16));
  ui::draw_fitted(list, ctx.fonts.number, ctx.px(ui::font_px::kNumber), l.at(80, 230), l.at(740, 360),
                  code_.empty() ? std::string_view("– – – –") : std::string_view(code_),
                  code_.empty() ? p.text_dim : p.text);
  ui::keypad(ctx.controls(), l.at(60, 390), l.at(760, 920), code_, ctx.flow.timing().max_code_digits);
  std::optional<Intent> intent;
  if (!ctx.flow.code_error().empty()) {
    ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(60, 940), l.at(760, 1060),
                     ctx.flow.code_error(), p.poor);
  }
  if (ui::big_button(ctx.controls(), "Check in", l.at(800, 800), l.size(440, 120), ctx.flow.code_valid(code_))) {
    intent = Intent{Intent::Kind::kSubmitCode, code_};
  }

  // Right: the badge and the guest run.
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(1300, 150), l.at(1860, 210),
                  "…or hold your QR badge up", p.text_dim, ui::Align::kLeft);
  draw_camera_panel(ctx, snapshot, 1300, 230, 560, 420, false);
  if (ui::big_button(ctx.controls(), "Run as a guest", l.at(1300, 680), l.size(560, 120))) {
    intent = Intent{Intent::Kind::kGuest, {}};
  }
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(1300, 820), l.at(1860, 920),
                   "A guest run is not linked to anyone.", p.text_dim);
  if (ui::big_button(ctx.controls(), "Back", l.at(1300, 940), l.size(560, 110))) intent = Intent{Intent::Kind::kBack, {}};
  return intent;
}

}  // namespace runform::kiosk
