#include "form/stride_metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "form/sinusoid_fit.h"
#include "form/stats.h"
#include "form/thresholds.h"

namespace runform::form {
namespace {

using Getter = std::function<std::optional<double>(const FrameFeatures&)>;

// The present values of one feature, or nullopt when coverage is too low.
std::optional<std::vector<double>> collect(std::span<const FrameFeatures> frames, const Getter& get,
                                           double min_coverage) {
  std::vector<double> values;
  values.reserve(frames.size());
  for (const FrameFeatures& f : frames) {
    if (const auto v = get(f)) values.push_back(*v);
  }
  if (frames.empty() || static_cast<double>(values.size()) < min_coverage * static_cast<double>(frames.size())) {
    return std::nullopt;
  }
  return values;
}

double range_of(const std::vector<double>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo;
}

class StrideMeasurer {
 public:
  StrideMeasurer(std::span<const FrameFeatures> frames, const StrideContext& ctx, double scale_px,
                 const StrideMetricParams& params)
      : frames_(frames), ctx_(ctx), scale_px_(scale_px), params_(params) {}

  StrideMetrics run() {
    StrideMetrics out;
    out.holding_rails = hands_on_rails();
    MetricSet& m = out.metrics;
    const bool front = ctx_.view == View::kFront;

    // Head.
    m[index(MetricId::kHeadTilt)] = front ? median_abs([](auto& f) { return f.head_tilt_deg; })
                                          : MetricValue::missing(reason::kNeedsFrontView);
    m[index(MetricId::kHeadForwardAngle)] =
        front ? MetricValue::missing(reason::kNeedsSideView)
              : with_baseline(median_of([](auto& f) { return f.forward_head_deg; }),
                              ctx_.baseline ? ctx_.baseline->forward_head_deg : std::nullopt);
    // Shoulders.
    m[index(MetricId::kShouldersElevation)] = front ? elevation() : MetricValue::missing(reason::kNeedsFrontView);
    m[index(MetricId::kShouldersLevel)] = front ? mean_abs([](auto& f) { return f.shoulder_line_deg; })
                                                : MetricValue::missing(reason::kNeedsFrontView);
    m[index(MetricId::kShouldersRounding)] =
        front ? MetricValue::missing(reason::kNeedsSideView)
              : with_baseline(scaled(median_of([](auto& f) { return f.rounding_px; })),
                              ctx_.baseline ? ctx_.baseline->rounding : std::nullopt);
    m[index(MetricId::kShouldersBreathRise)] =
        MetricValue::missing(front ? reason::kTooShort : reason::kNeedsFrontView);
    // Arms.
    if (out.holding_rails) {
      for (MetricId id : {MetricId::kArmsMidlineCrossing, MetricId::kArmsLateralExcursion, MetricId::kArmsAsymmetry,
                          MetricId::kArmsElbowAngle, MetricId::kArmsDrive}) {
        m[index(id)] = MetricValue::missing(reason::kHandsOnRails);
      }
    } else {
      m[index(MetricId::kArmsMidlineCrossing)] = front ? per_wrist_worst([](const std::vector<double>& lat) {
        return -*std::min_element(lat.begin(), lat.end());  // inward past the midline is positive
      }) : MetricValue::missing(reason::kNeedsFrontView);
      m[index(MetricId::kArmsLateralExcursion)] =
          front ? per_wrist_worst(range_of) : MetricValue::missing(reason::kNeedsFrontView);
      m[index(MetricId::kArmsAsymmetry)] = asymmetry(front);
      m[index(MetricId::kArmsElbowAngle)] =
          front ? MetricValue::missing(reason::kNeedsSideView) : median_of([](auto& f) -> std::optional<double> {
            if (f.elbow_deg[kLeft] && f.elbow_deg[kRight]) return (*f.elbow_deg[kLeft] + *f.elbow_deg[kRight]) / 2.0;
            return f.elbow_deg[kLeft] ? f.elbow_deg[kLeft] : f.elbow_deg[kRight];
          });
      m[index(MetricId::kArmsDrive)] = front ? MetricValue::missing(reason::kNeedsSideView) : drive();
    }
    // Trunk and gait.
    m[index(MetricId::kTrunkLean)] =
        front ? MetricValue::missing(reason::kNeedsSideView) : median_of([](auto& f) { return f.trunk_lean_deg; });
    m[index(MetricId::kTrunkLateralSway)] =
        front ? amplitude_of([](auto& f) { return f.trunk_roll_deg; }) : MetricValue::missing(reason::kNeedsFrontView);
    m[index(MetricId::kCadence)] = ctx_.duration_s > 0.0 ? MetricValue::of(120.0 / ctx_.duration_s)
                                                         : MetricValue::missing(reason::kTooShort);
    m[index(MetricId::kVerticalOscillation)] = vertical_oscillation();
    return out;
  }

 private:
  std::optional<std::vector<double>> values(const Getter& get) const {
    return collect(frames_, get, params_.min_coverage);
  }
  std::optional<std::vector<double>> range_values(const Getter& get) const {
    return collect(frames_, get, params_.min_range_coverage);
  }
  MetricValue median_of(const Getter& get) const {
    const auto v = values(get);
    if (!v) return MetricValue::missing(reason::kLowConfidence);
    return MetricValue::of(*median(*v));
  }
  MetricValue median_abs(const Getter& get) const {
    MetricValue m = median_of(get);
    if (m.value) m.value = std::abs(*m.value);
    return m;
  }
  MetricValue mean_abs(const Getter& get) const {
    const auto v = values(get);
    if (!v) return MetricValue::missing(reason::kLowConfidence);
    double sum = 0.0;
    for (double x : *v) sum += x;
    return MetricValue::of(std::abs(sum / static_cast<double>(v->size())));
  }
  MetricValue amplitude_of(const Getter& get) const {
    const auto v = range_values(get);
    if (!v) return MetricValue::missing(reason::kLowConfidence);
    return MetricValue::of(range_of(*v) / 2.0);
  }
  MetricValue scaled(MetricValue m) const {
    if (m.value) m.value = *m.value / scale_px_;
    return m;
  }
  static MetricValue with_baseline(MetricValue m, std::optional<double> baseline) {
    if (!m.value) return m;
    if (!baseline) return MetricValue::missing(reason::kNoBaseline);
    m.baseline = baseline;
    return m;
  }
  MetricValue elevation() const {
    if (!ctx_.baseline || !ctx_.baseline->ear_shoulder_gap || *ctx_.baseline->ear_shoulder_gap <= 0.0) {
      return MetricValue::missing(reason::kNoBaseline);
    }
    const auto v = values([](auto& f) { return f.ear_shoulder_gap_px; });
    if (!v) return MetricValue::missing(reason::kLowConfidence);
    const double base = *ctx_.baseline->ear_shoulder_gap;
    return MetricValue::of(100.0 * (base - *median(*v) / scale_px_) / base);
  }
  // Applies a per-wrist reduction and keeps the worse (larger) side.
  MetricValue per_wrist_worst(const std::function<double(const std::vector<double>&)>& reduce) const {
    std::optional<double> worst;
    for (std::size_t s : {kLeft, kRight}) {
      const auto v = range_values([s](auto& f) { return f.wrist_lateral[s]; });
      if (!v) continue;
      const double r = reduce(*v);
      worst = worst ? std::max(*worst, r) : r;
    }
    if (!worst) return MetricValue::missing(reason::kLowConfidence);
    return MetricValue::of(*worst);
  }
  // Per-side wrist swing range: vertical in the front view, fore-aft in the side view.
  std::optional<double> swing_range(std::size_t s, bool front) const {
    const auto v = front ? range_values([s](auto& f) { return f.wrist_height_px[s]; })
                         : range_values([s](auto& f) { return f.wrist_fore_aft_px[s]; });
    if (!v) return std::nullopt;
    return range_of(*v) / scale_px_;
  }
  // Side view: the wrist's vertical swing over its own side's thigh length. The fore-aft range
  // misleads twice: the far arm is farther from the camera (8% smaller at 3.5 m, 15% at 2 m), and
  // a yawed camera mixes each wrist's sideways travel, which mirrors between the arms, into its
  // fore-aft range (±10% at 30°). Heights do not see the sideways travel, and the thigh, ≈ as far
  // from the midline as the swinging wrist, scales alike with depth (an upper arm, at shoulder
  // width, leaves 5–8% of the depth difference; its angle sees the elbow's sideways travel).
  std::optional<double> side_swing(std::size_t s) const {
    const auto up = range_values([s](auto& f) { return f.wrist_up_px[s]; });
    const auto thigh = values([s](auto& f) { return f.thigh_px[s]; });
    if (!up || !thigh) return std::nullopt;
    const double thigh_px = *median(*thigh);
    if (thigh_px <= 0.0) return std::nullopt;
    return range_of(*up) / thigh_px;
  }
  MetricValue asymmetry(bool front) const {
    const auto left = front ? swing_range(kLeft, true) : side_swing(kLeft);
    const auto right = front ? swing_range(kRight, true) : side_swing(kRight);
    if (left.has_value() != right.has_value()) return MetricValue::missing(reason::kOneArmHidden);
    if (!left || !right) return MetricValue::missing(reason::kLowConfidence);
    const double mean = (*left + *right) / 2.0;
    if (mean <= 0.0) return MetricValue::missing(reason::kLowConfidence);
    return MetricValue::of(100.0 * std::abs(*left - *right) / mean);
  }
  MetricValue drive() const {
    const auto left = swing_range(kLeft, false);
    const auto right = swing_range(kRight, false);
    if (!left && !right) return MetricValue::missing(reason::kLowConfidence);
    if (left && right) return MetricValue::of((*left + *right) / 2.0);
    return MetricValue::of(left ? *left : *right);
  }
  MetricValue vertical_oscillation() const {
    // The smoother would shave the bounce peaks (hips move slowly, so its cutoff stays low);
    // a least-squares fit at the step frequency on the raw hips is unbiased and averages noise.
    std::vector<double> t_s, up_px;
    for (const FrameFeatures& f : frames_) {
      if (!f.hip_up_raw_px) continue;
      t_s.push_back(f.t_s);
      up_px.push_back(*f.hip_up_raw_px);
    }
    if (ctx_.duration_s <= 0.0 || static_cast<double>(t_s.size()) < params_.min_coverage * static_cast<double>(frames_.size())) {
      return MetricValue::missing(reason::kLowConfidence);
    }
    const std::optional<double> amplitude_px = fit_sinusoid_amplitude(t_s, up_px, 2.0 / ctx_.duration_s);
    if (!amplitude_px) return MetricValue::missing(reason::kLowConfidence);
    const double ratio = 2.0 * *amplitude_px / scale_px_;  // peak-to-peak, as Garmin reports it
    if (!ctx_.height_cm) return MetricValue::of(ratio);
    MetricValue m = MetricValue::of(ratio * *ctx_.height_cm * kTorsoPerHeight);
    m.unit = "cm";
    return m;
  }
  // Wrists that stay still in the image while the runner strides are holding the rails.
  bool hands_on_rails() const {
    // The tracker knows where the rails are; trust it when it saw the hands there for half the stride.
    const auto reported = std::count_if(frames_.begin(), frames_.end(), [](const FrameFeatures& f) { return f.rails_reported; });
    if (reported > 0 && static_cast<std::size_t>(reported) * 2 >= frames_.size()) return true;
    int still = 0;
    int seen = 0;
    for (std::size_t s : {kLeft, kRight}) {
      double min_x = 1e300, max_x = -1e300, min_y = 1e300, max_y = -1e300;
      std::size_t n = 0;
      for (const FrameFeatures& f : frames_) {
        if (!f.wrist_px[s]) continue;
        ++n;
        min_x = std::min(min_x, f.wrist_px[s]->x);
        max_x = std::max(max_x, f.wrist_px[s]->x);
        min_y = std::min(min_y, f.wrist_px[s]->y);
        max_y = std::max(max_y, f.wrist_px[s]->y);
      }
      if (n == 0 || n < frames_.size() / 2) continue;
      ++seen;
      const double limit = params_.rails_still_range * scale_px_;
      if (max_x - min_x < limit && max_y - min_y < limit) ++still;
    }
    // The front view sees both hands; from the side the far one is usually occluded, so every
    // hand that is seen must be still.
    if (ctx_.view == View::kSide) return seen > 0 && still == seen;
    return still == 2;
  }

  std::span<const FrameFeatures> frames_;
  const StrideContext& ctx_;
  double scale_px_;
  const StrideMetricParams& params_;
};

}  // namespace

StrideMetrics compute_stride_metrics(std::span<const FrameFeatures> frames, const StrideContext& ctx, double scale_px,
                                     const StrideMetricParams& params) {
  return StrideMeasurer(frames, ctx, scale_px, params).run();
}

}  // namespace runform::form
