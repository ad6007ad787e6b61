#include "ui/null_backend.h"

#include <cstdint>

namespace runform::ui {
namespace {

// ImGui wants a time step; a headless frame pretends to run at the kiosk's 60 Hz.
constexpr float kHeadlessFrameS = 1.0f / 60.0f;

class NullBackend final : public Backend {
 public:
  NullBackend(int width_px, int height_px)
      : size_(static_cast<float>(width_px), static_cast<float>(height_px)) {
    reload_fonts();
  }

  bool begin_frame() override {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = size_;
    io.DeltaTime = kHeadlessFrameS;
    return true;
  }
  void end_frame() override {}
  void request_capture() override {}
  RgbImage last_frame() override { return {}; }
  [[nodiscard]] ImVec2 framebuffer_size() const override { return size_; }
  [[nodiscard]] bool pressed(Key) const override { return false; }

  void upload_bgr(Texture& texture, const std::uint8_t*, int width, int height, int) override {
    if (texture.id == nullptr) texture.id = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(++next_id_));
    texture.width = width;
    texture.height = height;
  }
  void release(Texture& texture) override { texture = Texture{}; }

  void reload_fonts() override {
    // ImGui refuses to start a frame until the atlas is built; build it, upload nothing.
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(1)));
  }
  [[nodiscard]] bool has_pixels() const override { return false; }

 private:
  ImVec2 size_;
  std::uintptr_t next_id_ = 1;
};

}  // namespace

std::unique_ptr<Backend> make_null_backend(int width_px, int height_px) {
  return std::make_unique<NullBackend>(width_px, height_px);
}

}  // namespace runform::ui
