#include "form/stride_detector.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "form/stats.h"

namespace runform::form {

void StrideDetector::restart() {
  last_t_s_.reset();
  armed_ = false;
  last_crossing_t_s_.reset();
  last_step_t_s_.reset();
  unlocked_intervals_s_.clear();
  fresh_ = true;
}

std::optional<double> StrideDetector::median_step_s() const {
  return median(std::vector<double>(step_durations_s_.begin(), step_durations_s_.end()));
}

std::optional<DetectedStep> StrideDetector::add(double t_s, std::optional<double> hip_up_px, double scale_px) {
  if (!hip_up_px || scale_px <= 0.0) return std::nullopt;
  // A long hole: the phase is unknown, so restart rather than invent a long step.
  if (last_t_s_ && t_s - *last_t_s_ > params_.max_gap_s) restart();
  // Long without a step: the rhythm is gone (the runner stopped); a new one must lock again,
  // so that pose jitter while standing is not taken for steps at the old pace.
  if (locked_ && (!last_step_t_s_ || t_s - *last_step_t_s_ > 3.0 * params_.max_step_s)) locked_ = false;
  if (!last_t_s_) {
    last_t_s_ = t_s;
    baseline_px_ = *hip_up_px;
    low1_ = low2_ = last_band_ = 0.0;
    return std::nullopt;
  }
  const double dt_s = t_s - *last_t_s_;
  if (dt_s <= 0.0) return std::nullopt;
  // Band-limit to the step band: a slow baseline off (high-pass), then two one-pole low-passes.
  baseline_px_ += (1.0 - std::exp(-dt_s / params_.detrend_tau_s)) * (*hip_up_px - baseline_px_);
  const double low_k = 1.0 - std::exp(-2.0 * std::numbers::pi * params_.lowpass_hz * dt_s);
  low1_ += low_k * ((*hip_up_px - baseline_px_) - low1_);
  low2_ += low_k * (low1_ - low2_);
  // Filtered in pixels, then scaled: the bounce is judged in torso lengths.
  const double band = low2_ / scale_px;

  std::optional<DetectedStep> step;
  if (band < -params_.hysteresis) armed_ = true;
  if (armed_ && last_band_ < 0.0 && band >= 0.0) {
    armed_ = false;
    // Linear interpolation between the two samples places the crossing within a frame.
    step = on_crossing(*last_t_s_ + dt_s * (-last_band_) / (band - last_band_));
  }
  last_band_ = band;
  last_t_s_ = t_s;
  return step;
}

std::optional<DetectedStep> StrideDetector::on_crossing(double crossing_t_s) {
  if (!last_crossing_t_s_) {
    last_crossing_t_s_ = crossing_t_s;
    return std::nullopt;
  }
  const double interval_s = crossing_t_s - *last_crossing_t_s_;
  if (interval_s < params_.min_step_s) return std::nullopt;  // jitter: keep the earlier crossing
  const std::optional<double> median_s = locked_ ? median_step_s() : std::nullopt;
  if (median_s) {
    if (interval_s < params_.min_interval_ratio * *median_s) return std::nullopt;
    if (interval_s <= params_.max_interval_ratio * *median_s && interval_s <= params_.max_step_s) {
      step_durations_s_.push_back(interval_s);
      if (step_durations_s_.size() > params_.cadence_window_steps) step_durations_s_.pop_front();
      unlocked_intervals_s_.clear();
      last_crossing_t_s_ = last_step_t_s_ = crossing_t_s;
      const DetectedStep counted{crossing_t_s, fresh_ ? 0.0 : interval_s, fresh_, std::nullopt};
      fresh_ = false;
      return counted;
    }
    const double ratio = interval_s / *median_s;
    if (!fresh_ && ratio >= params_.missed_step_min_ratio && ratio <= params_.missed_step_max_ratio) {
      // One step missed: two steps of half the interval each.
      for (int i = 0; i < 2; ++i) step_durations_s_.push_back(interval_s / 2.0);
      while (step_durations_s_.size() > params_.cadence_window_steps) step_durations_s_.pop_front();
      unlocked_intervals_s_.clear();
      ++steps_inferred_;
      const double inferred_s = *last_crossing_t_s_ + interval_s / 2.0;
      last_crossing_t_s_ = last_step_t_s_ = crossing_t_s;
      return DetectedStep{crossing_t_s, interval_s / 2.0, false, inferred_s};
    }
    // Not a step, not two (or a new, slower pace): not counted as one long step. The crossing is
    // still a step, so the stride restarts from it.
    ++intervals_rejected_;
  }
  last_crossing_t_s_ = crossing_t_s;
  if (interval_s > params_.max_step_s) {
    unlocked_intervals_s_.clear();
    return std::nullopt;
  }
  unlocked_intervals_s_.push_back(interval_s);
  if (unlocked_intervals_s_.size() > 2) unlocked_intervals_s_.pop_front();
  const bool agree = unlocked_intervals_s_.size() == 2 &&
                     std::max(unlocked_intervals_s_[0], unlocked_intervals_s_[1]) <=
                         params_.lock_agreement * std::min(unlocked_intervals_s_[0], unlocked_intervals_s_[1]);
  if (agree) {
    // Two intervals agree: this is the rhythm now (the first steps, or a new pace).
    step_durations_s_.assign(unlocked_intervals_s_.begin(), unlocked_intervals_s_.end());
    unlocked_intervals_s_.clear();
    locked_ = true;
  }
  if (!locked_) return std::nullopt;
  last_step_t_s_ = crossing_t_s;
  fresh_ = false;
  return DetectedStep{crossing_t_s, 0.0, true, std::nullopt};
}

std::optional<double> StrideDetector::cadence_spm() const {
  // The mean, not the median: consecutive intervals telescope, so a step placed late by jitter
  // lengthens one interval and shortens the next and the mean keeps only the window's ends.
  if (step_durations_s_.empty()) return std::nullopt;
  double sum_s = 0.0;
  for (double s : step_durations_s_) sum_s += s;
  return 60.0 * static_cast<double>(step_durations_s_.size()) / sum_s;
}

}  // namespace runform::form
