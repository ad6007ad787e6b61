// A sparkline: a small line of values in order (no axes), the last value marked, for a row of
// a list (an athlete's score trend).
#pragma once

#include <imgui.h>

#include <vector>

namespace runform::ui {

/// Draws `values` evenly spaced across the box (NaN values are skipped), scaled to [y_min, y_max]
/// (both 0: from the data). Fewer than two values draw a dash.
void draw_sparkline(ImDrawList* list, float scale, ImVec2 box_min, ImVec2 box_max, const std::vector<float>& values,
                    ImU32 colour, float y_min = 0.0f, float y_max = 0.0f);

}  // namespace runform::ui
