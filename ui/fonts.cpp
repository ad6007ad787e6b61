#include "ui/fonts.h"

#include <string>

namespace runform::ui {
namespace {

// Latin-1 (°, ×, ÷, accented cue languages), dashes and quotes, arrows, ≈, the bullet, ✓ and ✗.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x2013, 0x2026, 0x2190, 0x2193, 0x2248, 0x2248, 0x25CF, 0x25CF, 0x2713, 0x2717, 0,
};

ImFont* add_font(const std::filesystem::path& file, float size_px) {
  if (!std::filesystem::exists(file)) {
    throw FontError("font not found: " + file.string() +
                    ". Install Debian's fonts-dejavu-core (bash deploy/install-deps.sh)");
  }
  ImFontConfig config;
  config.OversampleH = 1;  // large sizes need no horizontal oversampling, and the atlas stays small
  config.OversampleV = 1;
  ImFont* font = ImGui::GetIO().Fonts->AddFontFromFileTTF(file.c_str(), size_px, &config, kGlyphRanges);
  if (font == nullptr) throw FontError("cannot read font " + file.string() + ": reinstall fonts-dejavu-core");
  return font;
}

}  // namespace

FontSet load_fonts(float scale, const std::filesystem::path& dir) {
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  const auto regular = dir / "DejaVuSans.ttf";
  const auto bold = dir / "DejaVuSans-Bold.ttf";
  FontSet fonts;
  fonts.body = add_font(regular, font_px::kBody * scale);  // first font: ImGui's default
  fonts.small = add_font(regular, font_px::kSmall * scale);
  fonts.heading = add_font(bold, font_px::kHeading * scale);
  fonts.number = add_font(bold, font_px::kNumber * scale);
  fonts.cue = add_font(bold, font_px::kCue * scale);
  if (!atlas.Build()) throw FontError("ImGui could not build the font atlas at scale " + std::to_string(scale));
  return fonts;
}

}  // namespace runform::ui
