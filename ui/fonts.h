// Fonts from Debian's fonts-dejavu, loaded once at sizes chosen for reading at a distance.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <stdexcept>

namespace runform::ui {

/// Where fonts-dejavu-core and fonts-dejavu-extra install.
inline const std::filesystem::path kDejaVuDir = "/usr/share/fonts/truetype/dejavu";

/// Font sizes in pixels on the 1080-pixel design screen (ui/theme.h scales them).
/// Signage rule of thumb: about 1 inch of letter height per 10 feet of distance, so text a
/// runner reads at 3 m needs ≥ 25 mm capitals: ≈ 70 px fonts on a 43-inch 1080p screen
/// (0.5 mm pixels, capitals ≈ 0.72 em). The cue, the scores and the clock are above that;
/// body text is read standing at the screen (check-in, summary).
namespace font_px {
inline constexpr float kSmall = 34.0f;    ///< status labels, notes
inline constexpr float kBody = 46.0f;     ///< sentences read at arm's length
inline constexpr float kHeading = 76.0f;  ///< screen titles, readable at 3 m
inline constexpr float kNumber = 104.0f;  ///< scores, elapsed time, cadence
inline constexpr float kCue = 150.0f;     ///< the one cue: the largest thing on screen
}  // namespace font_px

/// The loaded fonts.
struct FontSet {
  ImFont* small = nullptr;
  ImFont* body = nullptr;
  ImFont* heading = nullptr;
  ImFont* number = nullptr;
  ImFont* cue = nullptr;
};

/// A font file is missing; the message names the package to install.
class FontError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Clears ImGui's atlas and loads the set at `scale` × the design sizes (call the backend's
/// reload_fonts afterwards). Throws FontError when DejaVu is not installed.
FontSet load_fonts(float scale, const std::filesystem::path& dir = kDejaVuDir);

}  // namespace runform::ui
