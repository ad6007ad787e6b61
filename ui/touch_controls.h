// Touch controls sized for a finger: big buttons and a numeric keypad. Every control records its
// label and rectangle in TapTargets, so a test script can tap it by name through the same hit
// testing a finger goes through.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ui/fonts.h"

namespace runform::ui {

/// The controls drawn in the current frame, by label.
class TapTargets {
 public:
  /// Forgets the previous frame's controls.
  void clear() { targets_.clear(); }
  /// Records a control.
  void add(std::string label, ImVec2 min, ImVec2 max) { targets_.push_back({std::move(label), min, max}); }
  /// The centre of the control with this label, if it was drawn this frame.
  [[nodiscard]] std::optional<ImVec2> centre_of(std::string_view label) const;
  /// The rectangle (min, max) of the control with this label, if it was drawn this frame.
  [[nodiscard]] std::optional<std::pair<ImVec2, ImVec2>> rect_of(std::string_view label) const;
  /// Every label drawn this frame (for error messages).
  [[nodiscard]] std::vector<std::string> labels() const;

 private:
  struct Target {
    std::string label;
    ImVec2 min;
    ImVec2 max;
  };
  std::vector<Target> targets_;
};

/// What controls need from the app.
struct ControlContext {
  const FontSet& fonts;
  float scale = 1.0f;
  TapTargets& targets;
};

/// Minimum touch target: 15 mm (≈ 30 px on a 43-inch 1080p screen) is the usual guideline;
/// runners tap with a moving finger, so the kiosk's buttons are far larger.
inline constexpr float kMinTouchPx = 120.0f;

/// A big button at `pos` (screen px) of `size`; true on the frame it is tapped.
bool big_button(const ControlContext& ctx, std::string_view label, ImVec2 pos, ImVec2 size, bool primary = false);

/// A 3×4 keypad (1–9, clear, 0, back) in the box. Appends a tapped digit to `code` (up to
/// `max_digits`), removes the last on "⌫", empties it on "Clear". True when `code` changed.
bool keypad(const ControlContext& ctx, ImVec2 box_min, ImVec2 box_max, std::string& code, std::size_t max_digits);

}  // namespace runform::ui
