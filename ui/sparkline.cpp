#include "ui/sparkline.h"

#include <algorithm>
#include <cmath>

#include "ui/theme.h"

namespace runform::ui {

void draw_sparkline(ImDrawList* list, float scale, ImVec2 box_min, ImVec2 box_max, const std::vector<float>& values,
                    ImU32 colour, float y_min, float y_max) {
  std::vector<float> finite;
  for (float v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  const float mid_y = (box_min.y + box_max.y) * 0.5f;
  if (finite.size() < 2) {
    list->AddLine(ImVec2(box_min.x, mid_y), ImVec2(box_max.x, mid_y), palette().off, 1.0f * scale);
    return;
  }
  if (y_min == 0.0f && y_max == 0.0f) {
    const auto [lo, hi] = std::minmax_element(finite.begin(), finite.end());
    y_min = *lo;
    y_max = *hi;
  }
  if (y_max - y_min < 1e-6f) {
    y_min -= 1.0f;
    y_max += 1.0f;
  }
  std::vector<ImVec2> points;
  const float step = (box_max.x - box_min.x) / static_cast<float>(finite.size() - 1);
  for (std::size_t i = 0; i < finite.size(); ++i) {
    const float v = std::clamp(finite[i], y_min, y_max);
    points.emplace_back(box_min.x + step * static_cast<float>(i),
                        box_max.y - (v - y_min) / (y_max - y_min) * (box_max.y - box_min.y));
  }
  list->AddPolyline(points.data(), static_cast<int>(points.size()), colour, 0, 1.5f * scale);
  list->AddCircleFilled(points.back(), 3.0f * scale, colour);
}

}  // namespace runform::ui
