// What every screen gets to draw one frame: fonts, the layout, tap targets, the camera texture
// and the time. Screens draw with absolute positions in the 1920×1080 design (ui::Layout).
#pragma once

#include <optional>

#include "kiosk/kiosk_flow.h"
#include "station/station_snapshot.h"
#include "ui/backend.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/touch_controls.h"

namespace runform::kiosk {

/// The per-frame context of a screen.
struct ScreenContext {
  const ui::FontSet& fonts;
  ui::Layout layout;
  ui::TapTargets& targets;
  const ui::Texture& camera;  ///< the newest camera image (id null before the first frame)
  const KioskFlow& flow;
  double now_s = 0.0;         ///< app clock (flow timeouts)
  bool voice_on = false;

  /// Controls' context.
  [[nodiscard]] ui::ControlContext controls() const { return {fonts, layout.scale, targets}; }
  /// A font size in px for a design size.
  [[nodiscard]] float px(float design_px) const { return design_px * layout.scale; }
};

/// A screen: draws itself from the snapshot and reports what the runner asked for.
class KioskScreen {
 public:
  virtual ~KioskScreen() = default;
  /// Called when the flow enters this screen.
  virtual void enter() {}
  /// Draws one frame; returns the runner's intent, if any.
  virtual std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) = 0;
};

}  // namespace runform::kiosk
