#include "form/arm_swing_window.h"

#include <algorithm>
#include <cmath>

#include "form/sinusoid_fit.h"
#include "form/stats.h"

namespace runform::form {

UnsmoothedArms unsmoothed_arms(const PoseFrame& frame, double min_confidence) {
  UnsmoothedArms arms;
  const std::array<Keypoint, 2> wrists{Keypoint::kLeftWrist, Keypoint::kRightWrist};
  const std::array<Keypoint, 2> hips{Keypoint::kLeftHip, Keypoint::kRightHip};
  const std::array<Keypoint, 2> knees{Keypoint::kLeftKnee, Keypoint::kRightKnee};
  for (std::size_t s = 0; s < 2; ++s) {
    const Landmark& w = frame.at(wrists[s]);
    if (w.confidence >= min_confidence) arms.wrist[s] = pos(w);
    const Landmark& h = frame.at(hips[s]);
    const Landmark& k = frame.at(knees[s]);
    if (std::min(h.confidence, k.confidence) >= min_confidence) arms.thigh_px[s] = norm(pos(k) - pos(h));
  }
  return arms;
}

void ArmSwingWindow::add_stride(std::span<const FrameFeatures> frames, double t_start_s, double t_end_s) {
  const double duration_s = t_end_s - t_start_s;
  if (duration_s <= 0.0) return;
  StrideSamples stride;
  for (const FrameFeatures& f : frames) {
    const double phase = std::clamp((f.t_s - t_start_s) / duration_s, 0.0, 1.0);
    for (std::size_t s = 0; s < 2; ++s) {
      if (f.wrist_up_unsmoothed_px[s]) stride.wrist[s].push_back({phase, *f.wrist_up_unsmoothed_px[s]});
      if (f.thigh_unsmoothed_px[s]) stride.thigh_px[s].push_back(*f.thigh_unsmoothed_px[s]);
    }
  }
  strides_.push_back(std::move(stride));
  while (strides_.size() > params_.strides) strides_.pop_front();
}

std::optional<ArmSwingWindow::Swing> ArmSwingWindow::swing(std::size_t side, SwingProblem& problem) const {
  std::vector<double> phase, up_px, thigh_px;
  for (const StrideSamples& stride : strides_) {
    for (const Sample& s : stride.wrist[side]) {
      phase.push_back(s.phase);
      up_px.push_back(s.up_px);
    }
    thigh_px.insert(thigh_px.end(), stride.thigh_px[side].begin(), stride.thigh_px[side].end());
  }
  if (phase.empty() || thigh_px.empty()) {
    problem = SwingProblem::kNotSeen;
    return std::nullopt;
  }
  // Every part of the cycle must be seen, or the fit would invent the hidden part.
  std::vector<std::size_t> per_bin(params_.phase_bins, 0);
  for (double p : phase) {
    ++per_bin[std::min(params_.phase_bins - 1, static_cast<std::size_t>(p * static_cast<double>(params_.phase_bins)))];
  }
  const double even_share = static_cast<double>(phase.size()) / static_cast<double>(params_.phase_bins);
  if (static_cast<double>(*std::min_element(per_bin.begin(), per_bin.end())) < params_.min_bin_share * even_share) {
    problem = SwingProblem::kPartlySeen;
    return std::nullopt;
  }
  const auto fit = fit_fourier_series(phase, up_px, params_.harmonics);
  const double thigh = median(std::move(thigh_px)).value_or(0.0);
  if (!fit || thigh <= 0.0) {
    problem = SwingProblem::kTooFew;
    return std::nullopt;
  }
  return Swing{fit->peak_to_peak() / thigh, fit->peak_to_peak_standard_error() / thigh};
}

MetricValue ArmSwingWindow::asymmetry() const {
  if (strides_.size() < params_.min_strides) return MetricValue::missing(reason::kTooShort);
  std::array<SwingProblem, 2> problems{SwingProblem::kTooFew, SwingProblem::kTooFew};
  const auto left = swing(kLeft, problems[kLeft]);
  const auto right = swing(kRight, problems[kRight]);
  if (!left || !right) {
    const SwingProblem worst = !left ? problems[kLeft] : problems[kRight];
    if (worst == SwingProblem::kNotSeen) return MetricValue::missing(reason::kArmNotReported);
    if (worst == SwingProblem::kPartlySeen) return MetricValue::missing(reason::kOneArmHidden);
    return MetricValue::missing(reason::kLowConfidence);
  }
  const double mean = (left->ratio + right->ratio) / 2.0;
  if (mean <= 0.0) return MetricValue::missing(reason::kLowConfidence);
  // |L − R| ÷ mean moves with L and R by about 1 ÷ mean each (the mean's own change is second order).
  const double standard_error_pct = 100.0 * std::hypot(left->standard_error, right->standard_error) / mean;
  if (standard_error_pct > params_.max_standard_error_pct) return MetricValue::missing(reason::kArmSwingUncertain);
  MetricValue m = MetricValue::of(100.0 * std::abs(left->ratio - right->ratio) / mean);
  m.plus_minus = standard_error_pct;
  return m;
}

}  // namespace runform::form
