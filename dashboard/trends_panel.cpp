#include "dashboard/trends_panel.h"

#include <algorithm>

#include "dashboard/controls.h"
#include "dashboard/format.h"
#include "report/normal_range.h"
#include "ui/band_chart.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
constexpr double kDayS = 24.0 * 3600.0;

}  // namespace

void TrendsPanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Trends");
  ImGui::PopFont();
  if (ctx.place.athlete_id.empty()) {
    ImGui::TextColored(colour(p.text_dim), "Choose an athlete in Athletes to see their trends.");
    return;
  }
  const auto metric = form::metric_from_key(ctx.place.trend_metric_key).value_or(form::MetricId::kShouldersElevation);
  const std::string key = ctx.place.athlete_id + "/" + std::string(form::info(metric).key);
  if (key != loaded_key_) {
    loaded_key_ = key;
    const std::string athlete = ctx.place.athlete_id;
    trend_ = ctx.hub.submit([athlete, metric](services::CoachClient& c) { return c.metric_trend(athlete, metric); });
  }
  ImGui::TextColored(colour(p.text_dim), "%s: each closed session's median",
                     (ctx.place.athlete_name.empty() ? ctx.place.athlete_id : ctx.place.athlete_name).c_str());
  // The metric list on the left, the chart on the right.
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float list_w = 300.0f * ctx.scale;
  ImGui::BeginChild("##trend_metrics", ImVec2(list_w, ctx.area_max.y - top.y), false);
  for (const auto& info : form::metric_catalog()) {
    if (selectable(ctx.targets, "metric:" + std::string(info.key), std::string(info.label), info.id == metric)) {
      ctx.place.trend_metric_key = std::string(info.key);
    }
  }
  ImGui::EndChild();
  const ImVec2 chart_min(top.x + list_w + 12.0f * ctx.scale, top.y);
  const ImVec2 chart_max(ctx.area_max.x, std::min(ctx.area_max.y, top.y + (ctx.area_max.y - top.y) * 0.7f));
  ImDrawList* list = ImGui::GetWindowDrawList();
  if (!trend_.ready()) {
    list->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, chart_min, p.text_dim, "Loading the trend...");
    return;
  }
  if (!trend_.ok()) {
    list->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, chart_min, p.poor, trend_.error().c_str());
    return;
  }
  const auto& points = trend_.value();
  if (points.empty()) {
    list->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, chart_min, p.text_dim,
                  "No closed session measured this metric (its view may not see it).");
    return;
  }
  // Days since the first session on the x axis.
  const double first_ms = static_cast<double>(points.front().started_unix_ms);
  ui::BandChartSpec chart;
  for (const auto& pt : points) {
    chart.points.emplace_back(static_cast<float>((static_cast<double>(pt.started_unix_ms) - first_ms) / 1000.0 / kDayS),
                              static_cast<float>(pt.value));
    chart.markers.push_back({(static_cast<double>(pt.started_unix_ms) - first_ms) / 1000.0 / kDayS, p.accent});
  }
  const double last_day = chart.points.back().x;
  chart.t_begin_s = -0.5;
  chart.t_end_s = std::max(last_day, 1.0) + 0.5;
  const form::MetricInfo& info = form::info(metric);
  chart.title = std::string(info.label) + " by session, over " + std::to_string(static_cast<int>(last_day + 0.5)) + " days";
  chart.unit = info.unit == "torso" ? "x torso" : info.unit == "shoulder_width" ? "x sh. w." : std::string(info.unit);
  const report::NormalRange range = report::normal_range(metric);
  if (!range.relative_to_baseline) {
    chart.normal_low = range.low;
    chart.normal_high = range.high;
  }
  ui::draw_band_chart(list, ctx.fonts, ctx.scale, chart_min, chart_max, chart);
  record_rect(ctx.targets, "trend chart", chart_min, chart_max);
  // The sessions under the chart, newest first.
  ImGui::SetCursorScreenPos(ImVec2(chart_min.x, chart_max.y + 10.0f * ctx.scale));
  ImGui::BeginChild("##trend_points", ImVec2(0, ctx.area_max.y - chart_max.y - 10.0f * ctx.scale), false);
  ImGui::TextColored(colour(p.text_dim), "%s", range.relative_to_baseline ? "judged against each run's standing baseline: no fixed normal range"
                                                                           : "green band: the normal range (PRODUCT.md)");
  for (auto it = points.rbegin(); it != points.rend(); ++it) {
    const std::string text = date_text(it->started_unix_ms) + "   " + metric_text(metric, it->value);
    if (selectable(ctx.targets, "trend:" + it->session_id, text, false)) {
      ctx.place.session_id = it->session_id;
      ctx.place.cursor_s = 0.0;
      ctx.go_to("review");
    }
  }
  ImGui::EndChild();
}

}  // namespace runform::dashboard
