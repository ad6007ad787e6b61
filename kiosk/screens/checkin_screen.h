// Check-in: an athlete code on a large keypad, a QR badge held up to the camera (the station
// reads it off the render thread), or a guest run without identity. Owns the typed code.
#pragma once

#include <string>

#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

class CheckInScreen final : public KioskScreen {
 public:
  void enter() override { code_.clear(); }
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;

 private:
  std::string code_;
};

}  // namespace runform::kiosk
