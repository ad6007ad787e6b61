// One borderless window covering the whole display: the kiosk has no window chrome, screens
// draw on this canvas with absolute positions in the scaled design.
#pragma once

#include <imgui.h>

namespace runform::ui {

/// Starts the full-display canvas (call after ImGui::NewFrame).
void begin_canvas();
/// Ends it (call before ImGui::Render).
void end_canvas();

}  // namespace runform::ui
