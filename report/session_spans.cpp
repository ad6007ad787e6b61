#include "report/session_spans.h"

namespace runform::report {

void SpanBuilder::add(const services::CoachFrame& f) {
  last_t_us_ = f.t_us;
  for (const services::CoachCue& cue : f.cues) {
    if (open_cue_) {
      open_cue_->end_us = f.t_us;
      cue_spans_.push_back(*open_cue_);
      open_cue_.reset();
    }
    if (cue.kind == services::CoachCue::Kind::kClear) continue;
    std::optional<form::MetricId> metric;
    for (const form::CueDef& c : cues_) {
      if (c.id == cue.cue_id) metric = c.metric;
    }
    open_cue_ = SessionSpan{f.t_us, f.t_us, cue.text, metric, cue.kind == services::CoachCue::Kind::kPositive};
  }
  if (open_cue_) open_cue_->end_us = f.t_us;
  if (f.scores) {
    const bool off_now = !f.scores->arms && (f.scores->head || f.scores->shoulders);
    if (off_now && !arms_off_) {
      arms_off_ = true;
      arms_off_since_us_ = f.t_us;
    }
    if (!off_now && arms_off_) {
      arms_off_spans_.push_back({arms_off_since_us_, f.t_us, kArmsOffLabel, {}, false});
      arms_off_ = false;
    }
  }
}

void SpanBuilder::gap() {
  if (open_cue_) {
    cue_spans_.push_back(*open_cue_);
    open_cue_.reset();
  }
  if (arms_off_) {
    arms_off_spans_.push_back({arms_off_since_us_, last_t_us_, kArmsOffLabel, {}, false});
    arms_off_ = false;
  }
}

std::vector<SessionSpan> SpanBuilder::cue_spans() {
  gap();
  return cue_spans_;
}

std::vector<SessionSpan> SpanBuilder::arms_off_spans() {
  gap();
  return arms_off_spans_;
}

}  // namespace runform::report
