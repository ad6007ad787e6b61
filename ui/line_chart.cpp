#include "ui/line_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "ui/theme.h"

namespace runform::ui {
namespace {

std::string label_for(float value, std::string_view unit) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.0f%.*s", static_cast<double>(value), static_cast<int>(unit.size()),
                unit.data());
  return buffer;
}

}  // namespace

void draw_line_chart(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min, ImVec2 box_max,
                     const ChartSpec& spec) {
  const Palette& p = palette();
  float t_min = std::numeric_limits<float>::max();
  float t_max = std::numeric_limits<float>::lowest();
  float v_min = std::numeric_limits<float>::max();
  float v_max = std::numeric_limits<float>::lowest();
  for (const ChartSeries& s : spec.series) {
    for (const ImVec2& pt : s.points) {
      t_min = std::min(t_min, pt.x);
      t_max = std::max(t_max, pt.x);
      if (std::isfinite(pt.y)) {
        v_min = std::min(v_min, pt.y);
        v_max = std::max(v_max, pt.y);
      }
    }
  }
  if (spec.y_min) v_min = *spec.y_min;
  if (spec.y_max) v_max = *spec.y_max;
  list->AddRectFilled(box_min, box_max, with_alpha(p.panel, 0.6f), 8.0f * scale);
  if (t_max <= t_min || v_max < v_min) return;  // nothing (or one instant) to draw
  if (v_max - v_min < 1e-6f) {
    v_max += 1.0f;
    v_min -= 1.0f;
  }
  const float pad = 10.0f * scale;
  const float label_w = spec.labels ? 110.0f * scale : 0.0f;
  const ImVec2 plot_min(box_min.x + pad, box_min.y + pad);
  const ImVec2 plot_max(box_max.x - pad - label_w, box_max.y - pad);
  auto to_screen = [&](ImVec2 pt) {
    return ImVec2(plot_min.x + (pt.x - t_min) / (t_max - t_min) * (plot_max.x - plot_min.x),
                  plot_max.y - (pt.y - v_min) / (v_max - v_min) * (plot_max.y - plot_min.y));
  };
  for (const ChartSeries& s : spec.series) {
    std::vector<ImVec2> run;  // consecutive finite points; a NaN breaks the line
    auto flush = [&] {
      if (run.size() >= 2) list->AddPolyline(run.data(), static_cast<int>(run.size()), s.colour, 0, 4.0f * scale);
      run.clear();
    };
    for (const ImVec2& pt : s.points) {
      if (!std::isfinite(pt.y)) {
        flush();
        continue;
      }
      run.push_back(to_screen(ImVec2(pt.x, std::clamp(pt.y, v_min, v_max))));
    }
    flush();
  }
  if (spec.cursor_t && *spec.cursor_t >= t_min && *spec.cursor_t <= t_max) {
    const float x = to_screen(ImVec2(*spec.cursor_t, v_min)).x;
    list->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), p.accent, 3.0f * scale);
  }
  if (spec.labels) {
    const float size = font_px::kSmall * scale * 0.8f;
    list->AddText(fonts.small, size, ImVec2(plot_max.x + pad, plot_min.y), p.text_dim,
                  label_for(v_max, spec.unit).c_str());
    list->AddText(fonts.small, size, ImVec2(plot_max.x + pad, plot_max.y - size), p.text_dim,
                  label_for(v_min, spec.unit).c_str());
  }
}

}  // namespace runform::ui
