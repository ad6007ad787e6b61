// The session verdict (PRODUCT.md): which faults the session had, when, and why they count.
//
// A fault counts when it was live for ≥ 25% of the running strides, or through the last fifth
// of the run (developed with fatigue), or long enough to be cued: every cue the runner saw is
// explained by a fault of the verdict. "Live" is what the cue engine saw when each stride
// closed (the recent-stride median), so the verdict and the cues judge the same thing.
// Walking and hands-on-rails strides are not running form and are never judged.
#pragma once

#include <vector>

#include "form/cue_catalog.h"
#include "form/engine.h"

namespace runform::form {

/// An interval of the session, in seconds.
struct TimeSpan {
  double start_s = 0.0;
  double end_s = 0.0;
};

/// Why a fault is in the verdict.
enum class FaultBasis {
  kPersistent,     ///< live for at least kPersistentFaultShare of the running strides
  kDevelopedLate,  ///< live through the last fifth of the run
  kCued,           ///< an episode long enough that the runner was cued
};

/// "persistent", "developed_late", "cued".
std::string_view to_string(FaultBasis basis);

/// One fault of the verdict.
struct FaultVerdict {
  MetricId metric = MetricId::kHeadTilt;
  FaultBasis basis = FaultBasis::kPersistent;
  double share = 0.0;          ///< of the running strides, 0–1
  bool developed_late = false;  ///< live through the last fifth
  std::vector<TimeSpan> spans;  ///< when it was live
};

/// PRODUCT.md: a fault present for ≥ 25% of running strides is one of the session's faults.
inline constexpr double kPersistentFaultShare = 0.25;
/// "Through the last fifth": live in at least this share of the last fifth's strides (a stride
/// or two may dip below the threshold by noise).
inline constexpr double kLateFaultShare = 0.75;

/// Tuning of the verdict.
struct VerdictParams {
  std::size_t min_strides_in_last_fifth = 5;
  double merge_gap_s = 2.0;  ///< spans closer than this are one episode
};

/// True for strides that are running form (not walking, hands not on the rails).
bool is_running_stride(const StrideRecord& s);

/// The verdict over an engine's strides and the cues it showed.
std::vector<FaultVerdict> judge_faults(const std::vector<StrideRecord>& strides, const std::vector<CueEvent>& cue_log,
                                       const std::vector<CueDef>& cues, const VerdictParams& params = {});

/// The hands-on-rails time of the session as spans.
std::vector<TimeSpan> holding_rails_spans(const std::vector<StrideRecord>& strides, double merge_gap_s = 0.5);

/// Mean of the running strides' scores (PRODUCT.md: late faults count); the overall is built
/// from the three area means. An area scored in fewer than min_measurable_share of the
/// strides (walking aside) has no score.
Scores mean_running_scores(const std::vector<StrideRecord>& strides, double min_measurable_share);

}  // namespace runform::form
