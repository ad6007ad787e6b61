// The live head / shoulders / arms scores as a runner sees them: a score, or "not measurable"
// with the reason (never a zero), and what the runner is doing.
#pragma once

#include <optional>

#include "form/engine.h"
#include "station/station_snapshot.h"

namespace runform::station {

/// The three areas.
struct AreaScores {
  AreaScore head, shoulders, arms;
};

/// Cadence below which a moving runner is walking, not running (steps per minute). Walking
/// cadence is ≈ 100–130 spm; running starts near 140–150 spm (Garmin running dynamics).
inline constexpr double kWalkingBelowSpm = 135.0;

/// Scores with their reasons. `any_stride` is false before the first stride closed.
AreaScores area_scores(const form::Scores& scores, const form::MetricSet& metrics, form::View view, bool any_stride);

/// The runner's activity from the engine's state and cadence.
RunnerActivity activity_of(form::RunnerState state, std::optional<double> cadence_spm);

}  // namespace runform::station
