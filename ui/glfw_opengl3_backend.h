// The production backend: a GLFW window with an OpenGL 3 context, ImGui's GLFW and OpenGL3
// backends (inside Debian's libimgui.a) and textures for camera images.
#pragma once

#include "ui/backend.h"

namespace runform::ui {

/// Opens the window and initialises ImGui's platform and renderer backends. Needs a current
/// ImGui context. Throws BackendError when there is no display or no OpenGL 3.
std::unique_ptr<Backend> make_glfw_opengl3_backend(const WindowOptions& options);

}  // namespace runform::ui
