#include "ui/touch_controls.h"

#include <algorithm>
#include <array>

#include "ui/text.h"
#include "ui/theme.h"

namespace runform::ui {

std::optional<ImVec2> TapTargets::centre_of(std::string_view label) const {
  for (const Target& t : targets_) {
    if (t.label == label) return ImVec2((t.min.x + t.max.x) * 0.5f, (t.min.y + t.max.y) * 0.5f);
  }
  return std::nullopt;
}

std::optional<std::pair<ImVec2, ImVec2>> TapTargets::rect_of(std::string_view label) const {
  for (const Target& t : targets_) {
    if (t.label == label) return std::make_pair(t.min, t.max);
  }
  return std::nullopt;
}

std::vector<std::string> TapTargets::labels() const {
  std::vector<std::string> out;
  for (const Target& t : targets_) out.push_back(t.label);
  return out;
}

bool big_button(const ControlContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, bool primary) {
  const Palette& p = palette();
  ImGui::SetCursorScreenPos(pos);
  ImGui::PushID(label.data(), label.data() + label.size());
  const bool tapped = ImGui::InvisibleButton("##button", size);
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 end(pos.x + size.x, pos.y + size.y);
  const ImU32 fill = held ? p.panel_hot : (primary ? p.accent : p.panel);
  list->AddRectFilled(pos, end, fill, 20.0f * ctx.scale);
  const ImU32 text = primary && !held ? p.background : p.text;
  draw_fitted(list, ctx.fonts.heading, std::min(font_px::kHeading * ctx.scale, size.y * 0.55f),
              ImVec2(pos.x + 16.0f * ctx.scale, pos.y), ImVec2(end.x - 16.0f * ctx.scale, end.y), label, text);
  ctx.targets.add(std::string(label), pos, end);
  return tapped;
}

bool keypad(const ControlContext& ctx, ImVec2 box_min, ImVec2 box_max, std::string& code, std::size_t max_digits) {
  static constexpr std::array<std::string_view, 12> kKeys{"1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "←"};
  const float gap = 18.0f * ctx.scale;
  const ImVec2 key((box_max.x - box_min.x - 2.0f * gap) / 3.0f, (box_max.y - box_min.y - 3.0f * gap) / 4.0f);
  bool changed = false;
  for (std::size_t i = 0; i < kKeys.size(); ++i) {
    const auto col = static_cast<float>(i % 3);
    const auto row = static_cast<float>(i / 3);
    const ImVec2 pos(box_min.x + col * (key.x + gap), box_min.y + row * (key.y + gap));
    if (!big_button(ctx, kKeys[i], pos, key)) continue;
    if (kKeys[i] == "Clear") {
      changed = !code.empty();
      code.clear();
    } else if (kKeys[i] == "←") {
      if (!code.empty()) {
        code.pop_back();
        changed = true;
      }
    } else if (code.size() < max_digits) {
      code += kKeys[i];
      changed = true;
    }
  }
  return changed;
}

}  // namespace runform::ui
