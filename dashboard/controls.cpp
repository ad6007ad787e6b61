#include "dashboard/controls.h"

namespace runform::dashboard {

std::string visible_label(std::string_view label) { return std::string(label.substr(0, label.find("##"))); }

bool button(ui::TapTargets& targets, const std::string& label, ImVec2 size) {
  const bool clicked = ImGui::Button(label.c_str(), size);
  record_last_item(targets, visible_label(label));
  return clicked;
}

bool selectable(ui::TapTargets& targets, const std::string& label, const std::string& text, bool selected,
                ImVec2 size) {
  const bool clicked = ImGui::Selectable((text + "##" + label).c_str(), selected, 0, size);
  record_last_item(targets, label);
  return clicked;
}

void record_last_item(ui::TapTargets& targets, const std::string& label) {
  targets.add(label, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void record_rect(ui::TapTargets& targets, const std::string& label, ImVec2 min, ImVec2 max) {
  targets.add(label, min, max);
}

}  // namespace runform::dashboard
