#include "kiosk/screens/assessment_screens.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/screens/screen_parts.h"
#include "ui/text.h"

namespace runform::kiosk {

namespace {

std::string clock_text(double seconds) {
  const int total = static_cast<int>(std::ceil(seconds));
  char text[16];
  std::snprintf(text, sizeof text, "%d:%02d", total / 60, total % 60);
  return text;
}

}  // namespace

std::optional<Intent> AssessmentCheckInScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  last_intent_ = AssessmentIntent::kNone;
  draw_title(ctx, assessment_name_.empty() ? "Assessment" : assessment_name_);
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 150), l.at(760, 210),
                  "Type your athlete code", p.text_dim, ui::Align::kLeft);
  list->AddRectFilled(l.at(60, 230), l.at(760, 360), p.panel, ctx.px(16));
  ui::draw_fitted(list, ctx.fonts.number, ctx.px(ui::font_px::kNumber), l.at(80, 230), l.at(740, 360),
                  code_.empty() ? std::string_view("– – – –") : std::string_view(code_), code_.empty() ? p.text_dim : p.text);
  ui::keypad(ctx.controls(), l.at(60, 390), l.at(760, 920), code_, ctx.flow.timing().max_code_digits);
  if (!view_.message.empty()) {
    ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(800, 560), l.at(1240, 780), view_.message,
                     view_.waiting_for_hub ? p.text_dim : p.poor);  // waiting is not a refusal
  }
  if (ui::big_button(ctx.controls(), "Check in", l.at(800, 800), l.size(440, 120), !code_.empty())) {
    last_intent_ = AssessmentIntent::kSubmitCode;
  }
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(1300, 150), l.at(1860, 210),
                  "…or hold your badge up", p.text_dim, ui::Align::kLeft);
  draw_camera_panel(ctx, snapshot, 1300, 230, 560, 420, false);
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(1300, 680), l.at(1860, 900),
                   "Each athlete runs every step of today's protocol. The kiosk tells you what to do.", p.text_dim);
  return std::nullopt;
}

std::optional<Intent> AssessmentStepScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  last_intent_ = AssessmentIntent::kNone;
  draw_title(ctx, view_.athlete_name);
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 150), l.at(960, 215),
                  view_.step_title + (view_.redo ? "  (again)" : ""), p.accent, ui::Align::kLeft);
  draw_camera_panel(ctx, snapshot, 1000, 150, 860, 645);
  float y = 250;
  if (view_.view_change) {
    // The one thing that must not be missed before this step: the camera has to move.
    list->AddRectFilled(l.at(60, y), l.at(960, y + 190), p.fair, ctx.px(16));
    ui::draw_wrapped(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading * 0.62f), l.at(90, y + 20),
                     l.at(930, y + 175), *view_.view_change, p.background);
    y += 220;
  }
  for (const std::string& line : view_.instructions) {
    // A long line wraps: the next starts below what this one used (in design units).
    const float used_px =
        ui::draw_wrapped(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, y), l.at(960, y + 120), line, p.text);
    y += std::max(80.0f, used_px / l.scale + 24.0f);
  }
  if (view_.phase == station::GuidePhase::kStepRunning) {
    ui::draw_fitted(list, ctx.fonts.cue, ctx.px(ui::font_px::kCue), l.at(60, 720), l.at(960, 900),
                    clock_text(view_.seconds_left), p.accent, ui::Align::kLeft);
    if (ui::big_button(ctx.controls(), "Stop this step", l.at(1400, 940), l.size(460, 110))) {
      last_intent_ = AssessmentIntent::kStopStep;
    }
  } else if (ui::big_button(ctx.controls(), "Start the step", l.at(1400, 940), l.size(460, 110), true)) {
    last_intent_ = AssessmentIntent::kStartStep;
  }
  if (!view_.message.empty()) {
    ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(1000, 820), l.at(1860, 920), view_.message,
                     p.text_dim);
  }
  draw_status_bar(ctx, snapshot, 60, 985);
  return std::nullopt;
}

std::optional<Intent> AssessmentHandOverScreen::draw(const ScreenContext& ctx, const station::StationSnapshot&) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  last_intent_ = AssessmentIntent::kNone;
  ui::draw_fitted(list, ctx.fonts.cue, ctx.px(ui::font_px::kCue * 0.8f), l.at(60, 200), l.at(1860, 420),
                  "Well done, " + view_.athlete_name + "!", p.good);
  ui::draw_wrapped(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), l.at(60, 470), l.at(1860, 640),
                   "Every step is done. Your coach gets your results.", p.text);
  ui::draw_wrapped(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 660), l.at(1860, 760),
                   "Please step off and let the next athlete on.", p.text_dim);
  if (!view_.message.empty()) {
    ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(60, 780), l.at(1860, 880), view_.message, p.fair);
  }
  if (ui::big_button(ctx.controls(), "Next athlete", l.at(660, 900), l.size(600, 130), true)) {
    last_intent_ = AssessmentIntent::kNextAthlete;
  }
  return std::nullopt;
}

}  // namespace runform::kiosk
