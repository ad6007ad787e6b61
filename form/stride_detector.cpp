#include "form/stride_detector.h"

#include <cmath>
#include <vector>

#include "form/stats.h"

namespace runform::form {

std::optional<double> StrideDetector::add(double t_s, std::optional<double> hip_up_px, double scale_px) {
  if (!hip_up_px || scale_px <= 0.0) return std::nullopt;
  if (last_t_s_ && t_s - *last_t_s_ > params_.max_gap_s) {
    // A long hole: the phase is unknown, so restart rather than invent a long step.
    baseline_.reset();
    armed_ = false;
    last_crossing_t_s_.reset();
  }
  if (!baseline_) {
    baseline_ = *hip_up_px;
    last_t_s_ = t_s;
    last_detrended_ = 0.0;
    return std::nullopt;
  }
  const double dt_s = t_s - *last_t_s_;
  *baseline_ += (1.0 - std::exp(-dt_s / params_.detrend_tau_s)) * (*hip_up_px - *baseline_);
  // Detrend in pixels, then scale: the bounce is judged in torso lengths.
  const double detrended = (*hip_up_px - *baseline_) / scale_px;
  std::optional<double> step_t_s;
  if (detrended < -params_.hysteresis) armed_ = true;
  if (armed_ && last_detrended_ < 0.0 && detrended >= 0.0) {
    armed_ = false;
    // Linear interpolation between the two samples places the crossing within a frame.
    const double crossing_t_s = *last_t_s_ + dt_s * (-last_detrended_) / (detrended - last_detrended_);
    if (last_crossing_t_s_) {
      const double step_s = crossing_t_s - *last_crossing_t_s_;
      if (step_s >= params_.min_step_s && step_s <= params_.max_step_s) {
        step_durations_s_.push_back(step_s);
        if (step_durations_s_.size() > params_.cadence_window_steps) step_durations_s_.pop_front();
        step_t_s = crossing_t_s;
      }
    }
    last_crossing_t_s_ = crossing_t_s;
  }
  last_detrended_ = detrended;
  last_t_s_ = t_s;
  return step_t_s;
}

std::optional<double> StrideDetector::cadence_spm() const {
  const std::optional<double> step_s = median(std::vector<double>(step_durations_s_.begin(), step_durations_s_.end()));
  if (!step_s) return std::nullopt;
  return 60.0 / *step_s;
}

}  // namespace runform::form
