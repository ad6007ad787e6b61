// Summary: the three scores and each area's key metrics against the runner's baseline in plain
// words and units, the score over the run, fatigue drift, the faults with drills, recovery notes
// and the upload status. Returns to Attract after a timeout (the flow's).
#pragma once

#include <vector>

#include "form/cue_catalog.h"
#include "kiosk/screens/screen_context.h"

namespace runform::kiosk {

class SummaryScreen final : public KioskScreen {
 public:
  /// `cues` name each fault's cue in the fault list.
  explicit SummaryScreen(std::vector<form::CueDef> cues) : cues_(std::move(cues)) {}
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;

 private:
  std::vector<form::CueDef> cues_;
};

/// The upload status in words ("Uploaded", "Saved here: uploads when the hub is back").
std::string upload_words(const station::StationSnapshot& snapshot);

}  // namespace runform::kiosk
