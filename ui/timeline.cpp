#include "ui/timeline.h"

#include <algorithm>

#include "ui/band_chart.h"
#include "ui/theme.h"

namespace runform::ui {

std::optional<double> draw_timeline(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 box_min,
                                    ImVec2 box_max, double t_begin_s, double t_end_s,
                                    const std::vector<TimelineSegment>& segments, std::optional<double> cursor_s,
                                    float label_width_px) {
  const Palette& p = palette();
  const float pad = 8.0f * scale;
  // The plot's x range matches the band charts above it (same padding and label column).
  const float label_w = label_width_px > 0.0f ? label_width_px : 90.0f * scale;
  const ImVec2 plot_min(box_min.x + pad, box_min.y + 2.0f * scale);
  const ImVec2 plot_max(box_max.x - pad - label_w, box_max.y - 2.0f * scale);
  list->AddRectFilled(box_min, box_max, with_alpha(p.panel, 0.6f), 6.0f * scale);
  const double t1 = std::max(t_end_s, t_begin_s + 1e-3);
  const float text_px = font_px::kSmall * scale * 0.45f;
  for (const TimelineSegment& s : segments) {
    const double b = std::max(s.begin_s, t_begin_s);
    const double e = std::min(s.end_s, t1);
    if (e <= b) continue;
    const float x0 = time_to_x(b, t_begin_s, t1, plot_min.x, plot_max.x);
    const float x1 = std::max(time_to_x(e, t_begin_s, t1, plot_min.x, plot_max.x), x0 + 2.0f);
    list->AddRectFilled(ImVec2(x0, plot_min.y), ImVec2(x1, plot_max.y), s.colour, 3.0f * scale);
    const ImVec2 size = fonts.small->CalcTextSizeA(text_px, x1 - x0, 0.0f, s.label.c_str());
    if (size.x + 6.0f * scale < x1 - x0) {
      list->AddText(fonts.small, text_px, ImVec2(x0 + 3.0f * scale, (plot_min.y + plot_max.y - size.y) * 0.5f),
                    p.background, s.label.c_str());
    }
  }
  if (cursor_s && *cursor_s >= t_begin_s && *cursor_s <= t1) {
    const float x = time_to_x(*cursor_s, t_begin_s, t1, plot_min.x, plot_max.x);
    list->AddLine(ImVec2(x, box_min.y), ImVec2(x, box_max.y), p.text, 1.5f * scale);
  }
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDown[0] && io.MousePos.x >= plot_min.x && io.MousePos.x <= plot_max.x && io.MousePos.y >= box_min.y &&
      io.MousePos.y <= box_max.y) {
    return t_begin_s + (io.MousePos.x - plot_min.x) / (plot_max.x - plot_min.x) * (t1 - t_begin_s);
  }
  return std::nullopt;
}

}  // namespace runform::ui
