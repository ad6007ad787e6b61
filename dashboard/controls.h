// ImGui controls that also record their rectangle by label in TapTargets, so a test script
// clicks them by name through ImGui's real hit testing (as the kiosk's scripts tap).
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

#include "ui/touch_controls.h"

namespace runform::dashboard {

/// An ImGui button recorded under its visible label; true when clicked.
bool button(ui::TapTargets& targets, const std::string& label, ImVec2 size = ImVec2(0, 0));
/// A selectable row recorded under `label` (its visible text may differ); true when clicked.
bool selectable(ui::TapTargets& targets, const std::string& label, const std::string& text, bool selected,
                ImVec2 size = ImVec2(0, 0));
/// Records the last ImGui item under `label` (for custom widgets: charts, tiles).
void record_last_item(ui::TapTargets& targets, const std::string& label);
/// Records a rectangle under `label`.
void record_rect(ui::TapTargets& targets, const std::string& label, ImVec2 min, ImVec2 max);
/// The visible part of an ImGui label ("Open##3" → "Open").
std::string visible_label(std::string_view label);

}  // namespace runform::dashboard
