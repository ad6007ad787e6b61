#include "kiosk/screens/setup_screen.h"

#include <algorithm>
#include <string>

#include "kiosk/screens/screen_parts.h"
#include "ui/status_icons.h"
#include "ui/text.h"

namespace runform::kiosk {
namespace {

// One check row: a mark, what is checked, and the problem and its fix when it failed.
float draw_check(const ScreenContext& ctx, float y, std::string_view what, const station::SetupItem& item) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  const ImU32 colour = !item.known ? p.off : (item.ok ? p.good : p.fair);
  const char* mark = !item.known ? "…" : (item.ok ? "✓" : "!");
  list->AddCircleFilled(l.at(1050, y + 32), ctx.px(28), colour);
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(1022, y), l.at(1078, y + 64), mark, p.background);
  std::string text(what);
  if (item.known && !item.ok) {
    text = item.problem + (item.fix.empty() ? "" : ": " + item.fix);
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  if (!item.known) text += " (checking…)";
  const float used = ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(1100, y + 8),
                                      l.at(1880, y + 150), text, item.known && !item.ok ? p.text : p.text_dim);
  return std::max(90.0f, used / ctx.layout.scale + 24.0f);
}

}  // namespace

std::optional<Intent> SetupScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  draw_title(ctx, snapshot.guest ? "Setup check — guest run" : "Setup check — athlete " + snapshot.athlete_code);
  draw_camera_panel(ctx, snapshot, 60, 150, 920, 690);

  const station::SetupChecks& s = snapshot.setup;
  float y = 150;
  y += draw_check(ctx, y, "The camera sees a person", s.person_seen);
  y += draw_check(ctx, y, "You are fully in the picture", s.fully_in_frame);
  y += draw_check(ctx, y, "You are on the treadmill", s.in_zone);
  y += draw_check(ctx, y, "The light is good", s.light);
  y += draw_check(ctx, y, "A pose model for real people is installed", s.trained_model);
  // The station's note names the view and what it can check; without one, name the view.
  std::string view = s.view_note.empty() ? "Camera sees your " + std::string(view_words(s.view)) : s.view_note;
  if (!view.empty() && view[0] >= 'a' && view[0] <= 'z') view[0] = static_cast<char>(view[0] - 'a' + 'A');
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(1022, y + 10), l.at(1880, y + 120), view,
                   p.text);

  std::optional<Intent> intent;
  const bool ready = s.ready();
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 860), l.at(980, 940),
                  ready ? "All set. Stand on the belt and start." : "Fix the points marked ! to start.",
                  ready ? p.good : p.fair, ui::Align::kLeft);
  // Until every check passes the button says what it waits for (and does nothing).
  if (ui::big_button(ctx.controls(), ready ? "Start calibration" : "Checking…", l.at(1022, 930), l.size(560, 120), ready) &&
      ready) {
    intent = Intent{Intent::Kind::kReady, {}};
  }
  if (ui::big_button(ctx.controls(), "Back", l.at(1620, 930), l.size(260, 120))) intent = Intent{Intent::Kind::kBack, {}};
  draw_status_bar(ctx, snapshot, 60, 985);
  return intent;
}

}  // namespace runform::kiosk
