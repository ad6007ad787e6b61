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

/// Scores with their reasons. `any_stride` is false before the first stride closed.
AreaScores area_scores(const form::Scores& scores, const form::MetricSet& metrics, form::View view, bool any_stride);

/// The runner's activity from the engine's state (the engine decides walking: form::kWalkingBelowSpm).
RunnerActivity activity_of(form::RunnerState state);

}  // namespace runform::station
