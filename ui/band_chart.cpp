#include "ui/band_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "ui/theme.h"

namespace runform::ui {
namespace {

std::string number(double v, const std::string& unit) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, std::fabs(v) < 10.0 ? "%.2f %s" : "%.0f %s", v, unit.c_str());
  return buffer;
}

void polyline(ImDrawList* list, const std::vector<ImVec2>& points, double t0, double t1, double v0, double v1,
              ImVec2 plot_min, ImVec2 plot_max, ImU32 colour, float width) {
  std::vector<ImVec2> run;
  auto flush = [&] {
    if (run.size() >= 2) list->AddPolyline(run.data(), static_cast<int>(run.size()), colour, 0, width);
    if (run.size() == 1) list->AddCircleFilled(run[0], width, colour);
    run.clear();
  };
  for (const ImVec2& pt : points) {
    if (!std::isfinite(pt.y) || pt.x < t0 || pt.x > t1) {
      if (!std::isfinite(pt.y)) flush();
      continue;
    }
    const float x = time_to_x(pt.x, t0, t1, plot_min.x, plot_max.x);
    const double v = std::clamp(static_cast<double>(pt.y), v0, v1);
    const auto y = static_cast<float>(plot_max.y - (v - v0) / (v1 - v0) * (plot_max.y - plot_min.y));
    run.emplace_back(x, y);
  }
  flush();
}

}  // namespace

float time_to_x(double t, double t0, double t1, float x0, float x1) {
  if (t1 <= t0) return x0;
  return static_cast<float>(x0 + (t - t0) / (t1 - t0) * (x1 - x0));
}

std::optional<double> draw_band_chart(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min,
                                      ImVec2 box_max, const BandChartSpec& spec) {
  const Palette& p = palette();
  list->AddRectFilled(box_min, box_max, with_alpha(p.panel, 0.6f), 6.0f * scale);
  const float pad = 8.0f * scale;
  const float text_px = font_px::kSmall * scale * 0.5f;
  const float label_w = 90.0f * scale;
  const ImVec2 plot_min(box_min.x + pad, box_min.y + pad + text_px);
  const ImVec2 plot_max(box_max.x - pad - label_w, box_max.y - pad);
  const double t0 = spec.t_begin_s;
  const double t1 = std::max(spec.t_end_s, spec.t_begin_s + 1e-3);

  double v0 = std::numeric_limits<double>::max();
  double v1 = std::numeric_limits<double>::lowest();
  for (const auto* series : {&spec.points, &spec.second_points}) {
    for (const ImVec2& pt : *series) {
      if (!std::isfinite(pt.y) || pt.x < t0 || pt.x > t1) continue;
      v0 = std::min(v0, static_cast<double>(pt.y));
      v1 = std::max(v1, static_cast<double>(pt.y));
    }
  }
  if (spec.normal_low) v0 = std::min(v0, *spec.normal_low);
  if (spec.normal_high) v1 = std::max(v1, *spec.normal_high);
  if (spec.y_min) v0 = *spec.y_min;
  if (spec.y_max) v1 = *spec.y_max;
  if (v1 < v0) {
    v0 = 0.0;
    v1 = 1.0;
  }
  if (v1 - v0 < 1e-6) {
    v0 -= 1.0;
    v1 += 1.0;
  }
  const double margin = (v1 - v0) * 0.08;
  v0 -= margin;
  v1 += margin;
  auto y_of = [&](double v) {
    return static_cast<float>(plot_max.y - (std::clamp(v, v0, v1) - v0) / (v1 - v0) * (plot_max.y - plot_min.y));
  };

  for (const TimeSpan& span : spec.spans) {
    const double b = std::max(span.begin_s, t0);
    const double e = std::min(span.end_s, t1);
    if (e <= b) continue;
    list->AddRectFilled(ImVec2(time_to_x(b, t0, t1, plot_min.x, plot_max.x), plot_min.y),
                        ImVec2(std::max(time_to_x(e, t0, t1, plot_min.x, plot_max.x),
                                        time_to_x(b, t0, t1, plot_min.x, plot_max.x) + 1.0f),
                               plot_max.y),
                        span.colour);
  }
  if (spec.normal_low || spec.normal_high) {  // an open end runs to the plot's edge
    list->AddRectFilled(ImVec2(plot_min.x, spec.normal_high ? y_of(*spec.normal_high) : plot_min.y),
                        ImVec2(plot_max.x, spec.normal_low ? y_of(*spec.normal_low) : plot_max.y),
                        with_alpha(p.good, 0.16f));
  }
  polyline(list, spec.second_points, t0, t1, v0, v1, plot_min, plot_max, spec.second_colour, 1.5f * scale);
  polyline(list, spec.points, t0, t1, v0, v1, plot_min, plot_max, spec.colour != 0 ? spec.colour : p.accent,
           2.0f * scale);
  for (const TimeMarker& m : spec.markers) {
    if (m.t_s < t0 || m.t_s > t1) continue;
    const float x = time_to_x(m.t_s, t0, t1, plot_min.x, plot_max.x);
    list->AddTriangleFilled(ImVec2(x - 5.0f * scale, plot_min.y), ImVec2(x + 5.0f * scale, plot_min.y),
                            ImVec2(x, plot_min.y + 8.0f * scale), m.colour);
  }
  if (spec.cursor_s && *spec.cursor_s >= t0 && *spec.cursor_s <= t1) {
    const float x = time_to_x(*spec.cursor_s, t0, t1, plot_min.x, plot_max.x);
    list->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), p.text, 1.5f * scale);
  }
  list->AddText(fonts.small, text_px, ImVec2(box_min.x + pad, box_min.y + pad * 0.5f), p.text, spec.title.c_str());
  list->AddText(fonts.small, text_px, ImVec2(plot_max.x + pad, plot_min.y), p.text_dim, number(v1, spec.unit).c_str());
  list->AddText(fonts.small, text_px, ImVec2(plot_max.x + pad, plot_max.y - text_px), p.text_dim,
                number(v0, spec.unit).c_str());

  const ImGuiIO& io = ImGui::GetIO();
  const bool inside = io.MousePos.x >= plot_min.x && io.MousePos.x <= plot_max.x && io.MousePos.y >= box_min.y &&
                      io.MousePos.y <= box_max.y;
  if (inside && io.MouseDown[0]) {
    return t0 + (io.MousePos.x - plot_min.x) / (plot_max.x - plot_min.x) * (t1 - t0);
  }
  return std::nullopt;
}

}  // namespace runform::ui
