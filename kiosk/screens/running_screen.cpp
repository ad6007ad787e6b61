#include "kiosk/screens/running_screen.h"

#include <cmath>
#include <string>

#include "kiosk/plain_words.h"
#include "kiosk/screens/screen_parts.h"
#include "ui/score_gauge.h"
#include "ui/text.h"

namespace runform::kiosk {

std::optional<Intent> RunningScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;

  draw_status_bar(ctx, snapshot, 40, 24);
  draw_camera_panel(ctx, snapshot, 40, 100, 900, 680);

  // Three gauges in a row at the right.
  const station::AreaScore* areas[] = {&snapshot.head, &snapshot.shoulders, &snapshot.arms};
  const char* names[] = {"Head", "Shoulders", "Arms"};
  for (int i = 0; i < 3; ++i) {
    const float x = 980.0f + 310.0f * static_cast<float>(i);
    ui::draw_score_gauge(list, ctx.fonts, ctx.layout.scale, l.at(x, 110), l.at(x + 290, 470),
                         {names[i], areas[i]->score, areas[i]->not_measurable});
  }

  // Elapsed time and cadence: numbers large enough to read mid-stride.
  ui::draw_fitted(list, ctx.fonts.number, ctx.px(ui::font_px::kNumber), l.at(980, 510), l.at(1400, 640),
                  clock_text(snapshot.elapsed_s), p.text);
  ui::draw_fitted(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(980, 640), l.at(1400, 690), "time", p.text_dim);
  const std::string cadence =
      snapshot.cadence_spm ? std::to_string(static_cast<int>(std::lround(*snapshot.cadence_spm))) : std::string("—");
  ui::draw_fitted(list, ctx.fonts.number, ctx.px(ui::font_px::kNumber), l.at(1440, 510), l.at(1880, 640), cadence,
                  snapshot.cadence_spm ? p.text : p.off);
  ui::draw_fitted(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(1440, 640), l.at(1880, 690),
                  snapshot.cadence_spm ? "steps per minute" : "cadence: not measured yet", p.text_dim);

  std::optional<Intent> intent;
  if (ui::big_button(ctx.controls(), "Finish", l.at(1560, 700), l.size(320, 100))) intent = Intent{Intent::Kind::kFinish, {}};

  // The one cue, full width at the bottom: the largest type on screen.
  list->AddRectFilled(l.at(0, 820), l.at(1920, 1080), p.panel);
  if (snapshot.cue && !snapshot.cue->text.empty()) {
    const bool positive = snapshot.cue->kind == form::CueEventKind::kPositive;
    ui::draw_fitted(list, ctx.fonts.cue, ctx.px(ui::font_px::kCue), l.at(40, 840), l.at(1880, 1060), snapshot.cue->text,
                    positive ? p.good : p.text);
  } else if (snapshot.holding_rails) {
    ui::draw_fitted(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), l.at(40, 840), l.at(1880, 1060),
                    "Hands on the rails: arm swing is not scored", p.fair);
  } else if (!snapshot.runner_found) {
    ui::draw_fitted(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), l.at(40, 840), l.at(1880, 1060),
                    "Step into view of the camera", p.text_dim);
  }
  return intent;
}

}  // namespace runform::kiosk
