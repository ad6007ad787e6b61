#include "form/calibration.h"

#include <algorithm>

#include "form/stats.h"

namespace runform::form {

bool Calibrator::add(const FrameFeatures& f, double scale_px, bool stepped_recently) {
  if (scale_px <= 0.0) return false;
  auto ratio = [scale_px](std::optional<double> px) -> std::optional<double> {
    if (!px) return std::nullopt;
    return *px / scale_px;
  };
  // Positions stay in pixels and are judged against the current scale: dividing absolute
  // positions by a scale re-estimated every few frames would turn each update into motion.
  const Sample s{f.t_s, f.hip_up_px, f.wrist_px, ratio(f.ear_shoulder_gap_px), f.forward_head_deg, ratio(f.rounding_px)};
  window_.push_back(s);
  ++uncommitted_;
  while (window_.front().t_s < f.t_s - params_.still_window_s) {
    window_.pop_front();
    uncommitted_ = std::min(uncommitted_, window_.size());
  }
  if (!window_is_still(scale_px)) {
    // The still stretch ended: a stretch of at least min_baseline_s is a baseline (the runner
    // stood a little less than the nominal ~3 s).
    if (!baseline_ && still_s_ >= params_.min_baseline_s) finish();
    return false;
  }
  if (stepped_recently) return true;  // still now, but a step ended within the window
  // The whole window is still: its frames not yet taken are standing frames too.
  if (baseline_) return true;
  for (std::size_t i = window_.size() - uncommitted_; i < window_.size(); ++i) commit(window_[i]);
  uncommitted_ = 0;
  if (still_s_ >= params_.baseline_s) finish();
  return true;
}

void Calibrator::finish() {
  baseline_ = Baseline{median_of_present(gaps_), median_of_present(forward_), median_of_present(rounding_)};
}

bool Calibrator::window_is_still(double scale_px) const {
  // The window must be nearly full: a few frames say little about motion.
  if (window_.back().t_s - window_.front().t_s < 0.8 * params_.still_window_s) return false;
  // A joint seen in under half the window (an occluded far wrist, coming and going through the
  // smoother's hold) says nothing about motion: its re-entries would read as movement.
  auto within = [](const std::deque<Sample>& w, auto get, double limit) {
    double lo = 1e300, hi = -1e300;
    std::size_t n = 0;
    for (const Sample& s : w) {
      if (const std::optional<double> v = get(s)) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
        ++n;
      }
    }
    return 2 * n < w.size() || hi - lo < limit;
  };
  if (!within(window_, [](const Sample& s) { return s.hip_up_px; }, params_.still_hip_range * scale_px)) return false;
  const bool hips_seen = std::any_of(window_.begin(), window_.end(), [](const Sample& s) { return s.hip_up_px.has_value(); });
  if (!hips_seen) return false;
  for (std::size_t side : {kLeft, kRight}) {
    auto x = [side](const Sample& s) -> std::optional<double> { return s.wrist_px[side] ? std::optional(s.wrist_px[side]->x) : std::nullopt; };
    auto y = [side](const Sample& s) -> std::optional<double> { return s.wrist_px[side] ? std::optional(s.wrist_px[side]->y) : std::nullopt; };
    if (!within(window_, x, params_.still_wrist_range * scale_px) ||
        !within(window_, y, params_.still_wrist_range * scale_px)) {
      return false;
    }
  }
  return true;
}

void Calibrator::commit(const Sample& s) {
  if (last_committed_t_s_ && s.t_s - *last_committed_t_s_ <= params_.max_frame_gap_s) {
    still_s_ += s.t_s - *last_committed_t_s_;
  }
  last_committed_t_s_ = s.t_s;
  gaps_.push_back(s.gap);
  forward_.push_back(s.forward);
  rounding_.push_back(s.rounding);
}

}  // namespace runform::form
