// Running: the camera with the skeleton, three large gauges, ONE cue in very large type,
// elapsed time and cadence, and the status bar. An area the view cannot measure shows as such.
#pragma once

#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

class RunningScreen final : public KioskScreen {
 public:
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
};

}  // namespace runform::kiosk
