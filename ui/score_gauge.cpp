#include "ui/score_gauge.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "ui/text.h"
#include "ui/theme.h"

namespace runform::ui {
namespace {

// The arc opens downwards: 240° from lower-left to lower-right, like a speedometer.
constexpr float kArcStart = std::numbers::pi_v<float> * (5.0f / 6.0f);
constexpr float kArcSweep = std::numbers::pi_v<float> * (4.0f / 3.0f);
constexpr int kArcSegments = 64;

}  // namespace

void draw_score_gauge(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min, ImVec2 box_max,
                      const GaugeValue& value) {
  const Palette& p = palette();
  const float label_h = font_px::kBody * scale * 1.2f;
  const float width = box_max.x - box_min.x;
  const float height = box_max.y - box_min.y - label_h;
  const float radius = std::max(4.0f, std::min(width, height * 1.25f) * 0.5f - 12.0f * scale);
  const ImVec2 centre(box_min.x + width * 0.5f, box_min.y + radius + 8.0f * scale);
  const float thickness = radius * 0.16f;

  list->PathArcTo(centre, radius, kArcStart, kArcStart + kArcSweep, kArcSegments);
  list->PathStroke(with_alpha(p.off, 0.35f), 0, thickness);
  if (value.score) {
    const float fraction = static_cast<float>(std::clamp(*value.score, 0.0, 100.0) / 100.0);
    if (fraction > 0.0f) {
      list->PathArcTo(centre, radius, kArcStart, kArcStart + kArcSweep * fraction, kArcSegments);
      list->PathStroke(score_colour(value.score), 0, thickness);
    }
    const std::string number = std::to_string(static_cast<int>(std::lround(*value.score)));
    const float number_px = std::min(font_px::kNumber * scale, radius * 0.9f);
    const ImVec2 extent = text_size(fonts.number, number_px, number);
    list->AddText(fonts.number, number_px, ImVec2(centre.x - extent.x * 0.5f, centre.y - extent.y * 0.55f), p.text,
                  number.c_str());
  } else {
    // No number at all: a dash and the reason, so nobody reads it as a bad score.
    const float dash_px = std::min(font_px::kNumber * scale, radius * 0.9f);
    const ImVec2 extent = text_size(fonts.number, dash_px, "—");
    list->AddText(fonts.number, dash_px, ImVec2(centre.x - extent.x * 0.5f, centre.y - extent.y * 0.75f), p.off, "—");
    const float note_top = centre.y + extent.y * 0.2f;
    const std::string note = value.not_measurable.empty() ? std::string("not measurable")
                                                          : std::string(value.not_measurable);
    draw_wrapped(list, fonts.small, font_px::kSmall * scale, ImVec2(centre.x - radius * 0.8f, note_top),
                 ImVec2(centre.x + radius * 0.8f, centre.y + radius * 0.75f), note, p.text_dim, Align::kCenter);
  }
  draw_fitted(list, fonts.body, font_px::kBody * scale, ImVec2(box_min.x, box_max.y - label_h), box_max, value.label,
              p.text);
}

}  // namespace runform::ui
