#include "ui/status_icons.h"

#include <numbers>

#include "ui/text.h"
#include "ui/theme.h"

namespace runform::ui {

ImU32 state_colour(IconState state) {
  const Palette& p = palette();
  switch (state) {
    case IconState::kOk: return p.good;
    case IconState::kWarning: return p.fair;
    case IconState::kProblem: return p.poor;
    case IconState::kInactive: return p.off;
  }
  return p.off;
}

void draw_icon(ImDrawList* list, Icon icon, ImVec2 o, float s, IconState state) {
  const ImU32 c = state_colour(state);
  const float w = s * 0.08f;  // stroke width
  auto at = [&](float fx, float fy) { return ImVec2(o.x + fx * s, o.y + fy * s); };
  switch (icon) {
    case Icon::kCamera:
      list->AddRect(at(0.08f, 0.28f), at(0.72f, 0.78f), c, s * 0.08f, 0, w);
      list->AddCircle(at(0.40f, 0.53f), s * 0.14f, c, 24, w);
      list->AddTriangleFilled(at(0.74f, 0.53f), at(0.94f, 0.34f), at(0.94f, 0.72f), c);
      break;
    case Icon::kHub:  // a cloud: three bumps on a base line
      list->AddCircle(at(0.32f, 0.58f), s * 0.17f, c, 24, w);
      list->AddCircle(at(0.54f, 0.45f), s * 0.22f, c, 24, w);
      list->AddCircle(at(0.74f, 0.60f), s * 0.15f, c, 24, w);
      list->AddLine(at(0.15f, 0.76f), at(0.89f, 0.76f), c, w);
      break;
    case Icon::kSpool:  // a stack of records
      for (int i = 0; i < 3; ++i) {
        const float y = 0.25f + 0.2f * static_cast<float>(i);
        list->AddRect(at(0.15f, y), at(0.85f, y + 0.14f), c, s * 0.05f, 0, w);
      }
      break;
    case Icon::kRails:  // a handrail with a hand (a filled circle) on it
      list->AddLine(at(0.08f, 0.62f), at(0.92f, 0.62f), c, w * 1.4f);
      list->AddLine(at(0.20f, 0.62f), at(0.20f, 0.92f), c, w);
      list->AddLine(at(0.80f, 0.62f), at(0.80f, 0.92f), c, w);
      list->AddCircleFilled(at(0.50f, 0.50f), s * 0.15f, c, 24);
      break;
    case Icon::kNotMeasurable:  // an eye with a slash
      list->PathArcTo(at(0.5f, 0.85f), s * 0.5f, std::numbers::pi_v<float> * 1.2f, std::numbers::pi_v<float> * 1.8f, 16);
      list->PathStroke(c, 0, w);
      list->PathArcTo(at(0.5f, 0.15f), s * 0.5f, std::numbers::pi_v<float> * 0.2f, std::numbers::pi_v<float> * 0.8f, 16);
      list->PathStroke(c, 0, w);
      list->AddCircleFilled(at(0.5f, 0.5f), s * 0.1f, c, 16);
      list->AddLine(at(0.15f, 0.85f), at(0.85f, 0.15f), c, w);
      break;
  }
}

float draw_status_chip(ImDrawList* list, const FontSet& fonts, float scale, ImVec2 top_left, Icon icon,
                       IconState state, std::string_view label) {
  const float icon_px = font_px::kSmall * scale * 1.3f;
  draw_icon(list, icon, top_left, icon_px, state);
  const float text_px = font_px::kSmall * scale;
  const ImVec2 extent = text_size(fonts.small, text_px, label);
  const ImVec2 text_pos(top_left.x + icon_px + 10.0f * scale, top_left.y + (icon_px - extent.y) * 0.5f);
  list->AddText(fonts.small, text_px, text_pos, palette().text, label.data(), label.data() + label.size());
  return icon_px + 10.0f * scale + extent.x;
}

}  // namespace runform::ui
