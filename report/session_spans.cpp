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

std::vector<SessionSpan> rails_spans(const std::optional<services::CoachSummary>& summary,
                                     const std::vector<SessionSpan>& arms_off) {
  if (!summary || (summary->holding_rails_spans.empty() && summary->holding_rails_s > 0.0)) return arms_off;
  std::vector<SessionSpan> out;
  for (const services::CoachTimeSpan& t : summary->holding_rails_spans) {
    out.push_back({t.start_us, t.end_us, kRailsLabel, std::nullopt, false});
  }
  return out;
}

std::vector<SessionSpan> fault_spans(const std::optional<services::CoachSummary>& summary, form::MetricId metric,
                                     const std::vector<SessionSpan>& cue_spans) {
  if (summary) {
    for (const services::CoachFaultVerdict& v : summary->fault_verdicts) {
      if (v.metric != metric) continue;
      std::vector<SessionSpan> out;
      for (const services::CoachTimeSpan& t : v.spans) out.push_back({t.start_us, t.end_us, "", metric, false});
      return out;
    }
  }
  std::vector<SessionSpan> out;
  for (const SessionSpan& span : cue_spans) {
    if (span.metric == metric && !span.positive) out.push_back(span);
  }
  return out;
}

std::vector<services::CoachWorstMoment> worst_moments_off_rails(const services::CoachSummary& summary,
                                                                const std::vector<SessionSpan>& rails) {
  std::vector<services::CoachWorstMoment> out;
  for (const services::CoachWorstMoment& w : summary.worst_moments) {
    bool on_rails = false;
    for (const SessionSpan& r : rails) on_rails = on_rails || (w.t_us >= r.begin_us && w.t_us <= r.end_us);
    if (!on_rails) out.push_back(w);
  }
  return out;
}

}  // namespace runform::report
