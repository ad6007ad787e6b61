#include "services/hub/assessment_results.h"

#include <algorithm>
#include <map>
#include <set>

#include "services/hub/assessment_codec.h"

namespace runform::services {

namespace {

std::map<std::string, std::vector<const CheckInRow*>> by_athlete(const std::vector<CheckInRow>& check_ins) {
  std::map<std::string, std::vector<const CheckInRow*>> out;
  for (const CheckInRow& row : check_ins) out[row.athlete_code].push_back(&row);
  return out;
}

/// A mean of what was measured.
struct Mean {
  double sum = 0;
  int count = 0;
  void add(double value) {
    sum += value;
    ++count;
  }
  /// A score below zero is "not measurable" on the wire (form_encoding): not part of the mean.
  void add_score(float value) {
    if (value >= 0.0F) add(value);
  }
  [[nodiscard]] float value_or_unmeasured() const { return count > 0 ? static_cast<float>(sum / count) : -1.0F; }
};

/// What the closed run steps measured, for the athlete's means.
struct Means {
  Mean head, shoulders, arms, overall;
  std::map<int, Mean> metrics;  // wire metric id → mean
  std::set<int> faults;

  void add(const v1::SessionSummary& summary) {
    if (summary.has_scores()) {
      head.add_score(summary.scores().head());
      shoulders.add_score(summary.scores().shoulders());
      arms.add_score(summary.scores().arms());
      overall.add_score(summary.scores().overall());
    }
    for (const v1::MetricSample& m : summary.metrics()) metrics[m.metric()].add(m.value());
    for (const int fault : summary.faults()) faults.insert(fault);
  }

  void write(v1::AthleteResult& result) const {
    if (head.count + shoulders.count + arms.count + overall.count > 0) {
      auto* scores = result.mutable_scores();
      scores->set_head(head.value_or_unmeasured());
      scores->set_shoulders(shoulders.value_or_unmeasured());
      scores->set_arms(arms.value_or_unmeasured());
      scores->set_overall(overall.value_or_unmeasured());
    }
    for (const auto& [metric, mean] : metrics) {
      if (mean.count == 0) continue;
      auto* sample = result.add_metrics();
      sample->set_metric(static_cast<v1::MetricId>(metric));
      sample->set_value(static_cast<float>(mean.sum / mean.count));
    }
    for (const int fault : faults) result.add_faults(static_cast<v1::MetricId>(fault));
  }
};

}  // namespace

v1::Board assessment_board(const AssessmentRow& assessment, const std::vector<RosterRow>& roster,
                           const std::vector<CheckInRow>& check_ins) {
  v1::Board board;
  board.set_step_count(static_cast<std::uint32_t>(assessment.step_count));
  const auto attempts = by_athlete(check_ins);
  for (const RosterRow& athlete : roster) {
    auto* row = board.add_athletes();
    *row->mutable_athlete() = roster_entry(athlete);
    std::set<int> completed;
    std::uint32_t interrupted = 0;
    const CheckInRow* active = nullptr;
    if (const auto it = attempts.find(athlete.athlete_code); it != attempts.end()) {
      for (const CheckInRow* c : it->second) {
        if (c->state == CheckInState::kCompleted) completed.insert(c->step_index);
        if (c->state == CheckInState::kInterrupted) ++interrupted;
        if (c->state == CheckInState::kActive) active = c;
      }
    }
    row->set_steps_completed(static_cast<std::uint32_t>(completed.size()));
    row->set_interrupted_steps(interrupted);
    if (active != nullptr) {
      row->set_state(v1::ATHLETE_STATE_ON_STATION);
      row->set_station_id(active->station_id);
      row->set_step_index(static_cast<std::uint32_t>(active->step_index));
    } else if (static_cast<int>(completed.size()) >= assessment.step_count) {
      row->set_state(v1::ATHLETE_STATE_DONE);
    } else {
      row->set_state(v1::ATHLETE_STATE_WAITING);
    }
  }
  for (const std::string& station_id : assessment.station_ids) {
    auto* station = board.add_stations();
    station->set_station_id(station_id);
    for (const CheckInRow& c : check_ins) {
      if (c.station_id != station_id) continue;
      station->set_last_heard_unix_ms(std::max({station->last_heard_unix_ms(), c.started_unix_ms, c.ended_unix_ms}));
      if (c.state == CheckInState::kActive) {
        station->set_athlete_code(c.athlete_code);
        station->set_step_index(static_cast<std::uint32_t>(c.step_index));
      }
    }
  }
  return board;
}

v1::Results assessment_results(const AssessmentRow& assessment, const std::vector<RosterRow>& roster,
                               const std::vector<CheckInRow>& check_ins, const SessionLookup& sessions) {
  v1::Results results;
  *results.mutable_assessment() = assessment_of(assessment);
  const v1::Protocol& protocol = results.assessment().protocol();
  const auto attempts = by_athlete(check_ins);
  for (const RosterRow& athlete : roster) {
    v1::AthleteResult& result = *results.add_athletes();
    *result.mutable_athlete() = roster_entry(athlete);
    std::vector<const CheckInRow*> mine;
    if (const auto it = attempts.find(athlete.athlete_code); it != attempts.end()) mine = it->second;
    bool complete = true;
    std::uint32_t completed_steps = 0;
    Means means;
    for (int step = 0; step < protocol.steps_size(); ++step) {
      v1::StepResult& out = *result.add_steps();
      out.set_step_index(static_cast<std::uint32_t>(step));
      std::uint32_t attempts_here = 0;
      const CheckInRow* done = nullptr;
      for (const CheckInRow* c : mine) {
        if (c->step_index != step) continue;
        ++attempts_here;
        if (c->state == CheckInState::kCompleted && done == nullptr) done = c;
      }
      out.set_attempts(attempts_here);
      if (done == nullptr) {
        complete = false;
        continue;
      }
      ++completed_steps;
      out.set_completed(true);
      out.set_session_id(done->session_id);
      const auto session = sessions(done->session_id);
      if (!session || !session->closed || !out.mutable_summary()->ParseFromString(session->summary_payload)) {
        complete = false;  // the station has not uploaded it yet: pending, not zero
        out.clear_summary();
        continue;
      }
      out.set_session_closed(true);
      if (protocol.steps(step).kind() == v1::STEP_KIND_RUN) means.add(out.summary());
    }
    result.set_steps_completed(completed_steps);
    result.set_complete(complete && protocol.steps_size() > 0);
    means.write(result);
  }
  return results;
}

}  // namespace runform::services
