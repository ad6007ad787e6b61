// A timeline strip: labelled segments over a time window (the cue timeline: which message was
// on the kiosk's screen when) with the shared time cursor.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "ui/fonts.h"

namespace runform::ui {

/// One segment [begin_s, end_s) with its label.
struct TimelineSegment {
  double begin_s = 0.0;
  double end_s = 0.0;
  std::string label;
  ImU32 colour = 0;
};

/// Draws the segments of [t_begin_s, t_end_s) in the box, labels where they fit, and the cursor.
/// Returns the time under a pressed pointer (for scrubbing), else nullopt.
std::optional<double> draw_timeline(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min,
                                    ImVec2 box_max, double t_begin_s, double t_end_s,
                                    const std::vector<TimelineSegment>& segments, std::optional<double> cursor_s,
                                    float label_width_px = 0.0f);

}  // namespace runform::ui
