// The end-of-session summary: session metrics and scores, faults, fatigue drift, breathing,
// worst moments, per-minute aggregates and the drills for the flagged faults.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "form/cue_catalog.h"
#include "form/engine.h"
#include "form/session_verdict.h"

namespace runform::form {

/// Change of one metric from the first stable fifth of the run to the last fifth.
struct Drift {
  MetricId metric;
  double first = 0.0;
  double last = 0.0;
  bool flagged = false;  ///< worsened by more than the metric's good→fault distance
  std::string message;   ///< "Your shoulder elevation rose 12.0 % in the last 5 min"
};

/// A moment worth jumping to in the dashboard.
struct WorstMoment {
  double t_s = 0.0;
  double overall_score = 0.0;
  MetricId worst_metric = MetricId::kHeadTilt;
};

/// Aggregates of one minute of running.
struct MinuteAggregate {
  int minute = 0;
  MetricSet metrics;
  Scores scores;
};

/// Breathing-linked shoulder rise over the session.
struct BreathingSummary {
  double rise = 0.0;      ///< median amplitude ÷ torso
  double rate_bpm = 0.0;  ///< median breathing rate
  bool flagged = false;
};

/// Everything the runner and the coach see at the end.
struct SessionSummary {
  View view = View::kFront;
  std::size_t strides = 0;      ///< running strides (walking not counted)
  double running_s = 0.0;       ///< running time, hands-on-rails time included
  double walking_s = 0.0;       ///< walking (warm-up) time: neither scored nor in the metrics
  double holding_rails_s = 0.0;
  std::vector<TimeSpan> holding_rails_spans;  ///< never scored, never a worst moment
  MetricSet metrics;            ///< medians over the running strides
  Scores scores;                ///< means of the running strides' scores, so late faults count
  std::vector<MetricId> faults; ///< the verdict's faults (fault_verdicts, in catalog order)
  std::vector<FaultVerdict> fault_verdicts;  ///< each fault with its basis and time spans
  std::vector<Drift> drift;
  std::optional<BreathingSummary> breathing;
  std::vector<WorstMoment> worst_moments;
  std::vector<DrillDef> drills;
  std::vector<std::string> recovery_notes;
  std::vector<MinuteAggregate> per_minute;
};

/// Tuning of the summary.
struct SummaryParams {
  /// A metric measurable in fewer strides than this share is not measurable for the session.
  double min_measurable_share = 0.3;
  double settle_s = 20.0;          ///< strides this soon after the first are skipped for drift
  std::size_t min_strides_per_fifth = 5;
  std::size_t worst_moment_count = 5;
  double worst_moment_spacing_s = 15.0;
};

/// Builds the summary from an engine that has seen the whole session.
SessionSummary summarize(const FormEngine& engine, const CoachingCatalog& catalog, const SummaryParams& params = {});

/// "Your arm crossing rose 30% of your shoulder width": how a drift reads to a runner, in plain
/// words and units (form/plain_units.h), never a metric id or a "torso" unit. `unit` is the unit
/// the values are in (the catalog unit, or "cm" once calibrated).
std::string drift_words(MetricId id, double first, double last, std::string_view unit);

/// `drift_words` plus the time it covers: "... in the last 2.0 min".
std::string drift_message(MetricId id, double first, double last, std::string_view unit, double minutes);

/// Median-aggregates a set of strides into one metric set (exposed for tests and per-minute use).
MetricSet aggregate(const std::vector<const StrideRecord*>& strides, double min_measurable_share);

}  // namespace runform::form
