#include "kiosk/screens/summary_screen.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "kiosk/plain_words.h"
#include "kiosk/screens/screen_parts.h"
#include "ui/line_chart.h"
#include "ui/text.h"

namespace runform::kiosk {
namespace {

// At most this many faults and drills each fit the screen; the coach sees the rest.
constexpr std::size_t kMaxFaultsShown = 3;
constexpr std::size_t kMaxDrillsPerFault = 2;

void draw_area_card(const ScreenContext& ctx, float x, const char* name, form::Area area,
                    const std::optional<double>& score, const form::MetricSet& metrics) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  list->AddRectFilled(l.at(x, 140), l.at(x + 580, 590), p.panel, ctx.px(16));
  ui::draw_fitted(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading * 0.8f), l.at(x + 30, 150), l.at(x + 330, 240),
                  name, p.text, ui::Align::kLeft);
  const std::string number = score ? std::to_string(static_cast<int>(std::lround(*score))) : "—";
  ui::draw_fitted(list, ctx.fonts.number, ctx.px(ui::font_px::kNumber), l.at(x + 330, 145), l.at(x + 550, 245), number,
                  ui::score_colour(score), ui::Align::kRight);
  ui::draw_fitted(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall), l.at(x + 30, 240), l.at(x + 550, 285),
                  score_words(score), ui::score_colour(score), ui::Align::kLeft);
  std::string lines;
  for (form::MetricId id : key_metrics(area)) {
    const form::MetricValue& v = metrics[form::index(id)];
    if (!lines.empty()) lines += "\n";
    lines += metric_line(id, v);
  }
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.85f), l.at(x + 30, 300), l.at(x + 560, 580),
                   lines, p.text);
}

}  // namespace

std::string upload_words(const station::StationSnapshot& snapshot) {
  const station::UploadProgress& u = snapshot.upload;
  if (!u.error.empty()) return "Upload stopped: " + u.error + ". The station keeps your run; staff can help.";
  if (u.closed_on_hub) return "Uploaded: your coach can see this run.";
  if (!snapshot.hub.configured) return "Saved on this station (no hub configured).";
  if (!snapshot.hub.online) {
    return "Saved on this station: it uploads when the hub is back (" + std::to_string(u.recorded_frames - std::min(u.acked_frames, u.recorded_frames)) +
           " frames waiting).";
  }
  return "Uploading: " + std::to_string(u.acked_frames) + " of " + std::to_string(u.recorded_frames) + " frames.";
}

std::optional<Intent> SummaryScreen::draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ui::Palette& p = ui::palette();
  const ui::Layout& l = ctx.layout;
  std::optional<Intent> intent;
  if (ui::big_button(ctx.controls(), "Done", l.at(1600, 30), l.size(260, 100), true)) intent = Intent{Intent::Kind::kDone, {}};
  if (!snapshot.summary) {
    draw_title(ctx, "Your run");
    ui::draw_fitted(list, ctx.fonts.heading, ctx.px(ui::font_px::kHeading), l.at(60, 400), l.at(1860, 560),
                    "Working out your summary…", p.text_dim);
    return intent;
  }
  const form::SessionSummary& s = *snapshot.summary;
  std::string title = "Your run: " + clock_text(s.running_s);
  if (snapshot.summary_interrupted) title += " (ended early)";
  draw_title(ctx, title);

  draw_area_card(ctx, 60, "Head", form::Area::kHead, s.scores.head, s.metrics);
  draw_area_card(ctx, 670, "Shoulders", form::Area::kShoulders, s.scores.shoulders, s.metrics);
  draw_area_card(ctx, 1280, "Arms", form::Area::kArms, s.scores.arms, s.metrics);

  // Left below: what to work on, and what changed as the runner tired.
  std::string work;
  const std::size_t shown = std::min(s.faults.size(), kMaxFaultsShown);
  for (std::size_t i = 0; i < shown; ++i) {
    const form::MetricId fault = s.faults[i];
    work += (work.empty() ? "" : "\n") + fault_line(fault, cues_);
    std::size_t drills = 0;
    for (const form::DrillDef& d : s.drills) {
      if (drills == kMaxDrillsPerFault) break;
      if (std::find(d.metrics.begin(), d.metrics.end(), fault) == d.metrics.end()) continue;
      work += "\n• " + d.title + ": " + d.dose;
      ++drills;
    }
  }
  if (work.empty()) work = "No faults this run. Keep it up!";
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 610), l.at(1250, 670), "What to work on",
                  p.accent, ui::Align::kLeft);
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.85f), l.at(60, 675), l.at(1250, 850), work,
                   p.text);

  std::string drift;
  const double fifth_min = s.running_s / 5.0 / 60.0;
  for (const form::Drift& d : s.drift) {
    if (d.flagged) drift += (drift.empty() ? "" : "\n") + drift_line(d, fifth_min);
  }
  if (drift.empty()) drift = "Your form held steady to the end.";
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(60, 860), l.at(1250, 920), "As you tired",
                  p.accent, ui::Align::kLeft);
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.85f), l.at(60, 925), l.at(1250, 1010), drift,
                   p.text);

  // Right below: the overall score minute by minute, the upload, the notes.
  ui::draw_fitted(list, ctx.fonts.body, ctx.px(ui::font_px::kBody), l.at(1280, 610), l.at(1860, 670),
                  "Score minute by minute", p.accent, ui::Align::kLeft);
  ui::ChartSpec chart;
  chart.y_min = 0.0f;
  chart.y_max = 100.0f;
  ui::ChartSeries series{{}, p.accent};
  for (const form::MinuteAggregate& m : s.per_minute) {
    series.points.emplace_back(static_cast<float>(m.minute),
                               m.scores.overall ? static_cast<float>(*m.scores.overall) : NAN);
  }
  chart.series.push_back(series);
  if (series.points.size() >= 2) {
    ui::draw_line_chart(list, ctx.fonts, ctx.layout.scale, l.at(1280, 675), l.at(1860, 800), chart);
  } else {
    ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.85f), l.at(1280, 690), l.at(1860, 800),
                     "A chart appears from two minutes of running.", p.text_dim);
  }
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.85f), l.at(1280, 815), l.at(1860, 905),
                   upload_words(snapshot), snapshot.upload.closed_on_hub ? p.good : p.text);
  std::string notes;
  for (const std::string& n : s.recovery_notes) notes += (notes.empty() ? "" : " ") + n;
  notes += " Coaching guidance, not a diagnosis.";
  ui::draw_wrapped(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.7f), l.at(1280, 910), l.at(1860, 1010), notes,
                   p.text_dim);

  const std::string back = "Back to the start in " +
                           std::to_string(static_cast<int>(std::ceil(ctx.flow.summary_left_s(ctx.now_s)))) + " s";
  ui::draw_fitted(list, ctx.fonts.small, ctx.px(ui::font_px::kSmall * 0.85f), l.at(60, 1020), l.at(1860, 1070), back,
                  p.text_dim, ui::Align::kRight);
  return intent;
}

}  // namespace runform::kiosk
