// A large score gauge: a 240° arc filled to the score, the number in the middle and the area's
// name below. An area the view cannot measure shows as such ("not measurable" and the reason),
// never as a zero.
#pragma once

#include <imgui.h>

#include <optional>
#include <string_view>

#include "ui/fonts.h"

namespace runform::ui {

/// What one gauge shows.
struct GaugeValue {
  std::string_view label;           ///< "Head"
  std::optional<double> score;      ///< 0–100, or nothing when not measurable
  std::string_view not_measurable;  ///< why there is no score ("side view only")
};

/// Draws the gauge centred in the box [box_min, box_max].
void draw_score_gauge(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min, ImVec2 box_max,
                      const GaugeValue& value);

}  // namespace runform::ui
