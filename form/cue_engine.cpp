#include "form/cue_engine.h"

#include <algorithm>

namespace runform::form {

CueEngine::CueEngine(std::vector<CueDef> cues, CueTiming timing)
    : cues_(std::move(cues)), timing_(timing), states_(cues_.size()) {}

std::vector<CueEvent> CueEngine::update(double t_s, const std::vector<MetricId>& faults) {
  std::vector<CueEvent> events;
  track_presence(t_s, faults);
  advance_shown(t_s, events);
  maybe_show_new(t_s, events);
  return events;
}

void CueEngine::track_presence(double t_s, const std::vector<MetricId>& faults) {
  for (std::size_t i = 0; i < cues_.size(); ++i) {
    CueState& st = states_[i];
    const bool present = std::find(faults.begin(), faults.end(), cues_[i].metric) != faults.end();
    if (present) {
      st.absent_since_s.reset();
      if (!st.present_since_s) st.present_since_s = t_s;
    } else {
      st.present_since_s.reset();
      if (!st.absent_since_s) st.absent_since_s = t_s;
    }
  }
}

void CueEngine::advance_shown(double t_s, std::vector<CueEvent>& events) {
  if (positive_until_s_ && t_s >= *positive_until_s_) {
    positive_until_s_.reset();
    on_screen_.reset();
    events.push_back({t_s, CueEventKind::kClear, {}, {}});
  }
  if (!shown_) return;
  const CueDef& cue = cues_[*shown_];
  const CueState& st = states_[*shown_];
  if (st.absent_since_s && t_s - *st.absent_since_s >= timing_.exit_s) {
    shown_.reset();
    if (!cue.positive_text.empty()) {
      on_screen_ = CueEvent{t_s, CueEventKind::kPositive, cue.id + ".better", cue.positive_text};
      positive_until_s_ = t_s + timing_.positive_show_s;
      events.push_back(*on_screen_);
    } else {
      on_screen_.reset();
      events.push_back({t_s, CueEventKind::kClear, {}, {}});
    }
  } else if (t_s - *shown_since_s_ >= timing_.max_show_s) {
    // The runner has seen it long enough; nagging helps nobody. The cooldown brings it back.
    shown_.reset();
    on_screen_.reset();
    events.push_back({t_s, CueEventKind::kClear, {}, {}});
  }
}

void CueEngine::maybe_show_new(double t_s, std::vector<CueEvent>& events) {
  if (shown_ || positive_until_s_) return;
  if (last_new_cue_s_ && t_s - *last_new_cue_s_ < timing_.min_interval_s) return;
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < cues_.size(); ++i) {
    const CueState& st = states_[i];
    if (!st.present_since_s || t_s - *st.present_since_s < timing_.enter_s) continue;
    if (st.last_shown_s && t_s - *st.last_shown_s < timing_.cooldown_s) continue;
    if (!best || cues_[i].priority < cues_[*best].priority) best = i;
  }
  if (!best) return;
  shown_ = best;
  shown_since_s_ = t_s;
  last_new_cue_s_ = t_s;
  states_[*best].last_shown_s = t_s;
  on_screen_ = CueEvent{t_s, CueEventKind::kShow, cues_[*best].id, cues_[*best].text};
  events.push_back(*on_screen_);
}

}  // namespace runform::form
