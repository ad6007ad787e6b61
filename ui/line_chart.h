// A line chart drawn with ImDrawList (Debian's ImGui has no ImPlot): one or more series over
// time, an optional time cursor, and the value range written at the edge. Small enough to be a
// sparkline in a summary row, large enough for the dashboard.
#pragma once

#include <imgui.h>

#include <optional>
#include <string_view>
#include <vector>

#include "ui/fonts.h"

namespace runform::ui {

/// One series: (time s, value) points in time order; gaps are NaN values.
struct ChartSeries {
  std::vector<ImVec2> points;
  ImU32 colour = 0;
};

/// What the chart shows.
struct ChartSpec {
  std::vector<ChartSeries> series;
  std::optional<float> cursor_t;  ///< a vertical line at this time
  std::optional<float> y_min;     ///< fixed range; else from the data
  std::optional<float> y_max;
  std::string_view unit;          ///< written after the range labels ("%", "°")
  bool labels = true;             ///< off for a bare sparkline
};

/// Draws the chart into the box.
void draw_line_chart(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min, ImVec2 box_max,
                     const ChartSpec& spec);

}  // namespace runform::ui
