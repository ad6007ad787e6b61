#include "form/engine.h"

#include <algorithm>
#include <cmath>

#include "form/stats.h"
#include "form/thresholds.h"

namespace runform::form {
namespace {

// Raw hip and torso length: both sides, or the near side alone in a side view whose far side is
// occluded (requiring it would lose the runner).
std::optional<TorsoFix> torso_fix(const PoseFrame& f, bool near_only, Side near, double min_confidence) {
  const Landmark& ls = f.at(Keypoint::kLeftShoulder);
  const Landmark& rs = f.at(Keypoint::kRightShoulder);
  const Landmark& lh = f.at(Keypoint::kLeftHip);
  const Landmark& rh = f.at(Keypoint::kRightHip);
  if (near_only) {
    const Landmark& s = near == kLeft ? ls : rs;
    const Landmark& h = near == kLeft ? lh : rh;
    if (std::min(s.confidence, h.confidence) < min_confidence) return std::nullopt;
    return TorsoFix{pos(h), norm(pos(s) - pos(h)), midpoint(pos(s), pos(h)).y};
  }
  if (std::min({ls.confidence, rs.confidence, lh.confidence, rh.confidence}) < min_confidence) return std::nullopt;
  const Vec2 hip = midpoint(pos(lh), pos(rh));
  const Vec2 shoulder = midpoint(pos(ls), pos(rs));
  return TorsoFix{hip, norm(shoulder - hip), midpoint(shoulder, hip).y};
}

MetricSet all_missing(std::string_view why) {
  MetricSet set;
  for (MetricValue& v : set) v = MetricValue::missing(why);
  return set;
}

}  // namespace

std::string_view to_string(RunnerState state) {
  switch (state) {
    case RunnerState::kNoRunner: return "no_runner";
    case RunnerState::kCalibrating: return "calibrating";
    case RunnerState::kWaitingForStride: return "waiting_for_stride";
    case RunnerState::kRunning: return "running";
    case RunnerState::kHoldingRails: return "holding_rails";
    case RunnerState::kWalking: return "walking";
  }
  return "no_runner";
}

FormEngine::FormEngine(EngineConfig config, std::vector<CueDef> cues)
    : config_(std::move(config)),
      smoother_(config_.smoother),
      view_detector_(config_.view),
      cues_(std::move(cues), config_.cue_timing),
      calibrator_(CalibrationParams{.baseline_s = config_.baseline_s,
                                     .min_baseline_s = std::min(2.0, config_.baseline_s)}),
      current_metrics_(all_missing(reason::kTooShort)) {}

const FrameResult& FormEngine::process(const PoseFrame& input, FrameHints hints) {
  result_.t_s = input.t_s;
  result_.cue_events.clear();
  result_.accepted = false;
  const double t_s = input.t_s;

  const bool side_settled = view_detector_.current() == View::kSide && strides_.size() > 0;
  working_ = swap_guard_.correct(input, scale_px_, side_settled ? std::optional(near_side_.current()) : std::nullopt);
  update_view(working_);
  const View view = view_detector_.current();
  const Side near = near_side_.update(working_);
  const bool near_only = view == View::kSide && near_side_.far_occluded();
  if (near_only) keep_near_side(working_, near);

  // Computed once per frame: the gate, the scale and the steps all use it.
  const std::optional<TorsoFix> fix = torso_fix(working_, near_only, near, config_.smoother.min_confidence);
  if (!fix) {
    if (!last_present_s_ || t_s - *last_present_s_ > config_.absent_after_s) {
      result_.state = RunnerState::kNoRunner;
      stride_start_s_.reset();
      stride_frames_.clear();
    }
    refresh_current(t_s, false);
    return result_;
  }
  if (!gate_identity(t_s, *fix)) {
    refresh_current(t_s, stride_start_s_.has_value());
    return result_;
  }
  result_.accepted = true;
  last_present_s_ = t_s;
  if (!first_seen_s_) first_seen_s_ = t_s;
  update_scale(t_s, fix->torso_px);

  result_.smoothed = smoother_.smooth(working_, scale_px_);
  FrameFeatures features = measure_frame(result_.smoothed, facing_vote_ >= 0.0 ? 1.0 : -1.0, smoother_.held());
  features.hip_up_raw_px = -fix->mid_hip.y;
  features.rails_reported = hints.holding_rails;
  if (features.facing_sign) facing_vote_ = 0.95 * facing_vote_ + 0.05 * *features.facing_sign;
  if (view == View::kFront) camera_yaw_.add(features);
  result_.view = view;

  // Steps on the raw torso centre, band-limited inside the detector (the smoother would shave
  // the bounce). The trunk bounces as one: averaging shoulders with hips halves the jitter.
  std::optional<DetectedStep> step = stride_detector_.add(t_s, -fix->centre_y_px, scale_px_);
  const bool stepped_recently = last_step_s_ && t_s - *last_step_s_ <= calibrator_.params().still_window_s;
  const bool still = calibrator_.add(features, scale_px_, stepped_recently);
  if (!baseline_ && calibrator_.baseline()) baseline_ = calibrator_.baseline();
  // Hips and wrists still: a "step" is pose jitter crossing the hysteresis, not a step.
  if (still) step.reset();
  if (step) last_step_s_ = step->t_s;
  const bool striding = last_step_s_ && t_s - *last_step_s_ <= config_.not_striding_after_s;

  if (!striding) {
    stride_start_s_.reset();
    stride_frames_.clear();
  }
  if (stride_start_s_) stride_frames_.push_back(features);
  if (step && step->inferred_before_t_s) {
    on_step(DetectedStep{*step->inferred_before_t_s, step->interval_s, false, std::nullopt});
  }
  if (step) on_step(*step);
  update_breathing(features, striding);

  const StrideRecord* latest = strides_.empty() ? nullptr : &strides_.back();
  if (still && !stepped_recently && !baseline_) result_.state = RunnerState::kCalibrating;
  else if (!striding) result_.state = RunnerState::kWaitingForStride;
  else if (hints.holding_rails || (latest && latest->holding_rails)) result_.state = RunnerState::kHoldingRails;
  else if (latest && latest->walking) result_.state = RunnerState::kWalking;
  else result_.state = RunnerState::kRunning;

  refresh_current(t_s, striding);
  return result_;
}

void FormEngine::update_view(const PoseFrame& raw) {
  const double min_confidence = config_.smoother.min_confidence;
  const Landmark& ls = raw.at(Keypoint::kLeftShoulder);
  const Landmark& rs = raw.at(Keypoint::kRightShoulder);
  const Landmark& lh = raw.at(Keypoint::kLeftHip);
  const Landmark& rh = raw.at(Keypoint::kRightHip);
  const bool left = std::min(ls.confidence, lh.confidence) >= min_confidence;
  const bool right = std::min(rs.confidence, rh.confidence) >= min_confidence;
  if (left && right) {
    view_detector_.update(norm(pos(ls) - pos(rs)), norm(midpoint(pos(ls), pos(rs)) - midpoint(pos(lh), pos(rh))));
  } else if (left || right) {
    // One side seen, the other occluded: the runner is side on (shoulder width ≈ 0).
    const Vec2 s = pos(left ? ls : rs);
    const Vec2 h = pos(left ? lh : rh);
    view_detector_.update(0.0, norm(s - h));
  } else {
    view_detector_.update(std::nullopt, std::nullopt);
  }
}

bool FormEngine::gate_identity(double t_s, const TorsoFix& fix) {
  const bool jumped = last_hip_px_ && scale_px_ > 0.0 &&
                      norm(fix.mid_hip - *last_hip_px_) > config_.identity_jump_torso * scale_px_;
  if (jumped) {
    if (!rejecting_since_s_) rejecting_since_s_ = t_s;
    if (t_s - *rejecting_since_s_ < config_.identity_reacquire_s) {
      ++frames_rejected_;
      return false;
    }
    // The new skeleton has stayed: it is the runner now (they stepped aside and back, or
    // the tracker lost them). Start the filters afresh rather than blend two people.
    smoother_.reset();
    swap_guard_.reset();
    camera_yaw_.reset();
    torso_samples_.clear();
    scale_px_ = 0.0;
  }
  rejecting_since_s_.reset();
  last_hip_px_ = fix.mid_hip;
  return true;
}

void FormEngine::update_scale(double t_s, double torso_px) {
  torso_samples_.emplace_back(t_s, torso_px);
  while (torso_samples_.front().first < t_s - config_.scale_window_s) torso_samples_.pop_front();
  // A median every few frames is plenty for a quantity that changes over seconds.
  if (scale_px_ <= 0.0 || ++frames_since_scale_ >= 15) {
    frames_since_scale_ = 0;
    std::vector<double> lengths;
    lengths.reserve(torso_samples_.size());
    for (const auto& [t, len] : torso_samples_) lengths.push_back(len);
    scale_px_ = median(std::move(lengths)).value_or(0.0);
  }
}

void FormEngine::on_step(const DetectedStep& step) {
  // After a hole or a missed step the stride in progress cannot be trusted: start afresh.
  if (!stride_start_s_ || step.follows_gap) {
    stride_start_s_ = step.t_s;
    steps_in_stride_ = 0;
    stride_frames_.clear();
    return;
  }
  if (++steps_in_stride_ < 2) return;
  close_stride(step.t_s);
}

void FormEngine::close_stride(double end_t_s) {
  // Frames after the step time belong to the next stride.
  std::vector<FrameFeatures> next;
  while (!stride_frames_.empty() && stride_frames_.back().t_s > end_t_s) {
    next.insert(next.begin(), stride_frames_.back());
    stride_frames_.pop_back();
  }
  // Without a standing baseline the baseline-relative metrics say so; the rest are measured.
  const double duration_s = end_t_s - *stride_start_s_;
  StrideContext ctx{view_detector_.current(), baseline_ ? &*baseline_ : nullptr, config_.height_cm, duration_s};
  if (ctx.view == View::kFront) correct_front_view_yaw(stride_frames_, camera_yaw_, scale_px_);
  StrideMetrics sm = compute_stride_metrics(stride_frames_, ctx, scale_px_);
  MetricValue& breath = sm.metrics[index(MetricId::kShouldersBreathRise)];
  if (ctx.view == View::kFront && latest_breath_) breath = MetricValue::of(latest_breath_->rise);
  const bool walking = duration_s > 0.0 && 120.0 / duration_s < kWalkingBelowSpm;
  strides_.push_back({*stride_start_s_, end_t_s, sm.metrics, score(sm.metrics), sm.holding_rails, walking, {}});
  stride_frames_ = std::move(next);
  stride_start_s_ = end_t_s;
  steps_in_stride_ = 0;
}

void FormEngine::update_breathing(const FrameFeatures& f, bool striding) {
  if (!striding) {
    breathing_.clear();
    latest_breath_.reset();
    return;
  }
  if (f.shoulder_hip_gap_px) breathing_.add(f.t_s, *f.shoulder_hip_gap_px);
  if (last_breath_update_s_ && f.t_s - *last_breath_update_s_ < config_.breath_update_s) return;
  last_breath_update_s_ = f.t_s;
  latest_breath_ = breathing_.estimate(scale_px_);
  if (latest_breath_ && view_detector_.current() == View::kFront) breath_log_.push_back({f.t_s, *latest_breath_});
}

void FormEngine::refresh_current(double t_s, bool striding) {
  // Live metrics change only when a stride closes or striding starts or stops.
  const bool changed = strides_.size() != snapshot_strides_ || striding != snapshot_striding_;
  snapshot_strides_ = strides_.size();
  snapshot_striding_ = striding;
  if (changed) rebuild_snapshot(striding);
  for (CueEvent& e : cues_.update(t_s, current_faults_)) {
    if (e.kind != CueEventKind::kClear) cue_log_.push_back(e);
    result_.cue_events.push_back(std::move(e));
  }
}

void FormEngine::rebuild_snapshot(bool striding) {
  const bool walking = !strides_.empty() && strides_.back().walking;
  if (!striding || strides_.empty() || walking) {
    current_metrics_ = all_missing(strides_.empty() ? reason::kTooShort
                                   : walking        ? reason::kWalking
                                                    : reason::kNotStriding);
  } else {
    // The recent running strides (a walking warm-up before them is not running form).
    std::vector<const StrideRecord*> recent;
    for (auto it = strides_.rbegin(); it != strides_.rend() && recent.size() < config_.recent_strides; ++it) {
      if (!it->walking) recent.push_back(&*it);
    }
    for (const MetricInfo& info : metric_catalog()) {
      std::vector<double> values;
      for (const StrideRecord* r : recent) {
        if (const auto& v = r->metrics[index(info.id)].value) values.push_back(*v);
      }
      MetricValue latest = strides_.back().metrics[index(info.id)];
      if (!latest.measurable() || values.empty()) {
        current_metrics_[index(info.id)] = latest;  // the newest reason is the one that matters now
      } else {
        latest.value = median(std::move(values));
        current_metrics_[index(info.id)] = latest;
      }
    }
  }
  current_scores_ = score(current_metrics_);
  current_faults_.clear();
  for (const MetricInfo& info : metric_catalog()) {
    if (is_fault(info.id, current_metrics_[index(info.id)])) current_faults_.push_back(info.id);
  }
  // The verdict explains every cue, so each stride keeps the live faults the cue engine saw.
  if (striding && !strides_.empty()) strides_.back().live_faults = current_faults_;
}

}  // namespace runform::form
