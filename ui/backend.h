// The window system behind one small interface (Tracy's Backend.hpp idea): the ImGui core and
// every widget and screen above it never see GLFW or OpenGL. Two implementations: a GLFW window
// with OpenGL 3 (glfw_opengl3_backend.h) and a headless one that only runs ImGui's frame logic
// (null_backend.h, imgui_impl_null's idea) for tests and benchmarks.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace runform::ui {

/// How to open the window.
struct WindowOptions {
  std::string title = "RunForm";
  int width_px = 1920;
  int height_px = 1080;
  bool fullscreen = false;  ///< the primary monitor at its own resolution
  bool vsync = true;        ///< off for benchmarks that measure frame work, not the display
};

/// An 8-bit RGB image, top row first.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
};

/// Keys the apps act on (ImGui 1.86 has no named function keys).
enum class Key { kF12, kEscape };

/// A GPU texture the backend owns; 0 until first uploaded.
struct Texture {
  ImTextureID id = nullptr;
  int width = 0;
  int height = 0;
};

/// A window (or its headless stand-in) that ImGui draws into.
class Backend {
 public:
  virtual ~Backend() = default;
  /// Polls input and starts the platform and renderer side of a frame (call ImGui::NewFrame
  /// after it). False once the user asked to close the window.
  virtual bool begin_frame() = 0;
  /// Renders ImGui's draw data (call ImGui::Render before it) and presents the frame.
  virtual void end_frame() = 0;
  /// Asks the next end_frame to read its pixels back before presenting them.
  virtual void request_capture() = 0;
  /// The pixels of the last captured frame (empty when headless or none was requested).
  virtual RgbImage last_frame() = 0;
  /// Framebuffer size in pixels.
  [[nodiscard]] virtual ImVec2 framebuffer_size() const = 0;
  /// True when `key` went down since the previous begin_frame.
  [[nodiscard]] virtual bool pressed(Key key) const = 0;
  /// Creates or updates `texture` from an 8-bit BGR image (OpenCV's layout) of `stride` bytes a row.
  virtual void upload_bgr(Texture& texture, const std::uint8_t* bgr, int width, int height, int stride) = 0;
  /// Frees a texture made by upload_bgr.
  virtual void release(Texture& texture) = 0;
  /// Rebuilds the font texture after fonts were added to ImGui's atlas.
  virtual void reload_fonts() = 0;
  /// True for a real window (screenshots are possible).
  [[nodiscard]] virtual bool has_pixels() const = 0;
};

/// Thrown when no window can be opened; the message says why and what to do.
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace runform::ui
