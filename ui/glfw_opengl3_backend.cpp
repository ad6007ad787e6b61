#include "ui/glfw_opengl3_backend.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <array>
#include <cstdint>
#include <string>

namespace runform::ui {
namespace {

// GLSL version matching the OpenGL 3.0 context we ask for (ImGui's own example).
constexpr const char* kGlslVersion = "#version 130";

std::string& last_glfw_error() {
  thread_local std::string message;
  return message;
}

void remember_glfw_error(int code, const char* description) {
  last_glfw_error() = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
}

int glfw_key(Key key) {
  switch (key) {
    case Key::kF12: return GLFW_KEY_F12;
    case Key::kEscape: return GLFW_KEY_ESCAPE;
  }
  return GLFW_KEY_UNKNOWN;
}

class GlfwOpenGl3Backend final : public Backend {
 public:
  explicit GlfwOpenGl3Backend(const WindowOptions& options) {
    glfwSetErrorCallback(remember_glfw_error);
    if (!glfwInit()) {
      throw BackendError("cannot open a window: " + last_glfw_error() +
                         ". Is there a display? Set DISPLAY, or run under xvfb-run -a");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWmonitor* monitor = nullptr;
    int width = options.width_px;
    int height = options.height_px;
    if (options.fullscreen) {
      monitor = glfwGetPrimaryMonitor();
      if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
        width = mode->width;
        height = mode->height;
      }
    }
    window_ = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (window_ == nullptr) {
      const std::string why = last_glfw_error();
      glfwTerminate();
      throw BackendError("cannot open a " + std::to_string(width) + "x" + std::to_string(height) +
                         " OpenGL 3 window: " + why + ". Check the graphics driver (Mesa: libgl1-mesa-dri)");
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(options.vsync ? 1 : 0);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init(kGlslVersion);
  }

  ~GlfwOpenGl3Backend() override {
    for (GLuint name : owned_textures_) glDeleteTextures(1, &name);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(window_);
    glfwTerminate();
  }

  bool begin_frame() override {
    glfwPollEvents();
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
      const bool down = glfwGetKey(window_, glfw_key(kKeys[i])) == GLFW_PRESS;
      pressed_[i] = down && !was_down_[i];
      was_down_[i] = down;
    }
    if (glfwWindowShouldClose(window_)) return false;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    return true;
  }

  void end_frame() override {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture_requested_) {
      // Read the back buffer before the swap: afterwards its content is undefined.
      captured_.width = width;
      captured_.height = height;
      captured_.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, captured_.rgb.data());
      flip_rows(captured_);  // OpenGL's rows start at the bottom
      capture_requested_ = false;
    }
    glfwSwapBuffers(window_);
  }

  void request_capture() override { capture_requested_ = true; }

  RgbImage last_frame() override { return captured_; }

  [[nodiscard]] ImVec2 framebuffer_size() const override {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    return ImVec2(static_cast<float>(width), static_cast<float>(height));
  }

  [[nodiscard]] bool pressed(Key key) const override {
    for (std::size_t i = 0; i < kKeys.size(); ++i) {
      if (kKeys[i] == key) return pressed_[i];
    }
    return false;
  }

  void upload_bgr(Texture& texture, const std::uint8_t* bgr, int width, int height, int stride) override {
    GLuint name = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture.id));
    if (name == 0) {
      glGenTextures(1, &name);
      owned_textures_.push_back(name);
      texture.id = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(name));
    }
    glBindTexture(GL_TEXTURE_2D, name);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, stride / 3);
    if (width == texture.width && height == texture.height) {
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_BGR, GL_UNSIGNED_BYTE, bgr);
    } else {
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, width, height, 0, GL_BGR, GL_UNSIGNED_BYTE, bgr);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    texture.width = width;
    texture.height = height;
  }

  void release(Texture& texture) override {
    auto name = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture.id));
    if (name != 0) {
      glDeleteTextures(1, &name);
      std::erase(owned_textures_, name);
    }
    texture = Texture{};
  }

  void reload_fonts() override {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  [[nodiscard]] bool has_pixels() const override { return true; }

 private:
  static void flip_rows(RgbImage& image) {
    const std::size_t row = static_cast<std::size_t>(image.width) * 3;
    std::vector<std::uint8_t> tmp(row);
    for (int y = 0; y < image.height / 2; ++y) {
      std::uint8_t* top = image.rgb.data() + static_cast<std::size_t>(y) * row;
      std::uint8_t* bottom = image.rgb.data() + static_cast<std::size_t>(image.height - 1 - y) * row;
      std::copy(top, top + row, tmp.begin());
      std::copy(bottom, bottom + row, top);
      std::copy(tmp.begin(), tmp.end(), bottom);
    }
  }

  static constexpr std::array<Key, 2> kKeys{Key::kF12, Key::kEscape};
  GLFWwindow* window_ = nullptr;
  std::array<bool, kKeys.size()> was_down_{};
  std::array<bool, kKeys.size()> pressed_{};
  std::vector<GLuint> owned_textures_;
  bool capture_requested_ = false;
  RgbImage captured_;
};

}  // namespace

std::unique_ptr<Backend> make_glfw_opengl3_backend(const WindowOptions& options) {
  return std::make_unique<GlfwOpenGl3Backend>(options);
}

}  // namespace runform::ui
