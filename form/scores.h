// Area scores (head, shoulders, arms) and the overall score, 0–100.
#pragma once

#include <optional>

#include "form/metric_value.h"

namespace runform::form {

/// Scores of one moment or one session; an area with no measurable metric has no score.
struct Scores {
  std::optional<double> head;
  std::optional<double> shoulders;
  std::optional<double> arms;
  std::optional<double> overall;
};

/// How much an area's single worst metric weighs against the mean of its metrics, so one
/// bad fault is not averaged away by several good ones. RunForm working value.
inline constexpr double kWorstMetricWeight = 0.5;

/// Scores from a metric set.
Scores score(const MetricSet& metrics);

}  // namespace runform::form
