// Metrics of one stride (two steps), from the frame features collected during it.
#pragma once

#include <optional>
#include <span>

#include "form/calibration.h"
#include "form/frame_features.h"
#include "form/landmarks.h"
#include "form/metric_value.h"

namespace runform::form {

/// What a stride's metrics depend on beyond its frames.
struct StrideContext {
  View view = View::kFront;              ///< kFront or kSide (already resolved)
  const Baseline* baseline = nullptr;    ///< null until calibration finished
  std::optional<double> height_cm;       ///< the runner's height, for cm units
  double duration_s = 0.0;               ///< stride duration (two steps)
};

/// Tuning of per-stride measurement.
struct StrideMetricParams {
  /// A feature must be present in at least this share of the stride's frames.
  double min_coverage = 0.6;
  /// Ranges (swing, excursion) need nearly the whole stride: a wrist hidden for part of its
  /// swing (behind a handrail) would give a truncated range, i.e. a wrong value, not a noisy one.
  double min_range_coverage = 0.9;
  /// Wrists that move less than this (÷ torso, both axes) in a stride are on the rails:
  /// a running arm swing moves the wrist ≥ 0.3 torso.
  double rails_still_range = 0.08;
};

/// Result of one stride.
struct StrideMetrics {
  MetricSet metrics;
  bool holding_rails = false;
};

/// Computes one stride's metrics. Breath rise is left unmeasured: it needs a longer window.
StrideMetrics compute_stride_metrics(std::span<const FrameFeatures> frames, const StrideContext& ctx,
                                     double scale_px, const StrideMetricParams& params = {});

}  // namespace runform::form
