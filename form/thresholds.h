// Fault thresholds and score maps for every metric. Each constant names its source;
// "RunForm working value" marks thresholds with no published population cutoff.
#pragma once

#include <string_view>

#include "form/metric_catalog.h"
#include "form/metric_value.h"

namespace runform::form {

/// How a metric is judged. Values are compared after subtracting the baseline when
/// relative_to_baseline is set; `good` scores 100, `fault` 60 (and is flagged), `poor` 0.
struct MetricRule {
  double good;
  double fault;
  double poor;
  bool higher_is_worse;
  bool absolute;              ///< judge |value| (signed tilts)
  bool relative_to_baseline;  ///< judge value - baseline
  std::string_view source;
};

/// Score given to a metric exactly at its fault threshold.
inline constexpr double kScoreAtFault = 60.0;

/// Average adult torso (mid-shoulder to mid-hip) as a fraction of standing height
/// (Winter, Biomechanics and Motor Control of Human Movement, 4th ed., 2009: 0.818H − 0.530H).
inline constexpr double kTorsoPerHeight = 0.288;

/// The rule for a metric; vertical oscillation has a cm rule when the runner's height is known.
const MetricRule& rule_for(MetricId id, bool value_in_cm = false);

/// The quantity the rule judges (value, minus baseline, folded), or nullopt if unmeasurable.
std::optional<double> judged_quantity(MetricId id, const MetricValue& v);
/// True when the metric is beyond its fault threshold.
bool is_fault(MetricId id, const MetricValue& v);
/// 0–100 score of one metric, or nullopt if unmeasurable.
std::optional<double> metric_score(MetricId id, const MetricValue& v);

}  // namespace runform::form
