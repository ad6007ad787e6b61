// Attract: what this station does in three lines, the privacy note, and "Start".
#pragma once

#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

class AttractScreen final : public KioskScreen {
 public:
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
};

}  // namespace runform::kiosk
