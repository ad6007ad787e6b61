// Setup check: is the runner fully in frame and in the treadmill zone, which view, is the light
// enough, does the pose model see a person (and is it a real model)? Each problem with a fix.
#pragma once

#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

class SetupScreen final : public KioskScreen {
 public:
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
};

}  // namespace runform::kiosk
