// A metric chart for review: one series over an explicit time window (so zoom is the caller's
// window), shaded spans (faults, hands on the rails), a shaded normal range, markers
// (bookmarks, worst moments) and one time cursor. It reports where the pointer presses, so the
// caller can move the shared cursor.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "ui/fonts.h"

namespace runform::ui {

/// A time span [begin_s, end_s) to shade.
struct TimeSpan {
  double begin_s = 0.0;
  double end_s = 0.0;
  ImU32 colour = 0;
};

/// A marker at a time.
struct TimeMarker {
  double t_s = 0.0;
  ImU32 colour = 0;
};

/// What the band chart shows.
struct BandChartSpec {
  std::vector<ImVec2> points;          ///< (t s, value); NaN values break the line
  ImU32 colour = 0;
  std::vector<ImVec2> second_points;   ///< an optional second series (compare), drawn thinner
  ImU32 second_colour = 0;
  double t_begin_s = 0.0;              ///< the window shown
  double t_end_s = 1.0;
  std::optional<double> y_min;         ///< fixed range; else from the data and the normal band
  std::optional<double> y_max;
  std::optional<double> normal_low;    ///< PRODUCT.md's normal range, shaded (an open end runs to
  std::optional<double> normal_high;   ///< the plot's edge)
  std::vector<TimeSpan> spans;
  std::vector<TimeMarker> markers;
  std::optional<double> cursor_s;
  std::string title;                   ///< top-left label
  std::string unit;                    ///< after the range labels
};

/// Draws the chart. Returns the time under the pointer while the left button is down inside the
/// chart (the caller scrubs with it), else nullopt.
std::optional<double> draw_band_chart(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min,
                                      ImVec2 box_max, const BandChartSpec& spec);

/// Screen x of time t in a plot from x0 to x1 showing [t0, t1].
float time_to_x(double t, double t0, double t1, float x0, float x1);

}  // namespace runform::ui
