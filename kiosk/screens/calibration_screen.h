// Calibration: "Stand tall and relaxed" with a 3-second countdown; the station takes the
// standing baseline only from still frames, so a runner who moves is asked to hold still.
#pragma once

#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

class CalibrationScreen final : public KioskScreen {
 public:
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
};

}  // namespace runform::kiosk
