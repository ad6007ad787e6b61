#include "dashboard/assessment_board_rows.h"

#include <algorithm>
#include <cmath>

namespace runform::dashboard {

std::vector<BoardStationView> board_station_views(const services::AssessmentBoard& board,
                                                  const std::vector<services::ProtocolStepSpec>& steps,
                                                  const StationLiveScores& live, std::int64_t now_unix_ms,
                                                  double now_s) {
  std::vector<BoardStationView> views;
  for (const auto& s : board.stations) {
    BoardStationView v;
    v.station_id = s.station_id;
    v.athlete_code = s.athlete_code;
    v.who = "free";
    for (const auto& a : board.athletes) {
      if (!s.athlete_code.empty() && a.athlete.athlete_code == s.athlete_code) v.who = a.athlete.name;
    }
    const services::ProtocolStepSpec* step = nullptr;
    if (s.step_index >= 0 && static_cast<std::size_t>(s.step_index) < steps.size()) {
      step = &steps[static_cast<std::size_t>(s.step_index)];
    }
    if (s.athlete_code.empty()) {
      v.step = "—";
    } else {
      v.step = std::to_string(s.step_index + 1) + " of " + std::to_string(board.step_count);
      if (step != nullptr) v.step += " · " + step->label;
    }
    const StationLiveScores::Station on_air = live.station(s.station_id, now_s);
    v.scores = on_air.scores;
    // Standing still for calibration is scored by nobody: no scores there is no problem.
    const bool calibrating = step != nullptr && step->kind == services::StepKind::kCalibration;
    v.not_measurable = on_air.not_measurable && !s.athlete_code.empty() && !calibrating;
    v.streaming = on_air.since_frame_s && *on_air.since_frame_s < kStreamingWithinS;
    // Heard: the newer of the hub's record of its calls and its latest live frame.
    if (s.last_heard_unix_ms != 0) v.heard_ago_s = std::max<std::int64_t>(0, (now_unix_ms - s.last_heard_unix_ms) / 1000);
    if (on_air.since_frame_s) {
      const auto frame_ago_s = static_cast<std::int64_t>(std::floor(*on_air.since_frame_s));
      v.heard_ago_s = v.heard_ago_s ? std::min(*v.heard_ago_s, frame_ago_s) : frame_ago_s;
    }
    v.offline = !s.athlete_code.empty() && v.heard_ago_s && *v.heard_ago_s > kStationQuietS;
    if (v.offline) {
      v.problem = s.station_id + " may be offline: not heard for " + std::to_string(*v.heard_ago_s) + " s with " + v.who +
                  " on it (its records are kept and arrive when it is back)";
    } else if (v.not_measurable) {
      v.problem = s.station_id + ": " + v.who + " is not measurable (no scores for " +
                  std::to_string(static_cast<int>(kNotMeasurableAfterS)) +
                  " s): check the runner is in the camera's view";
    }
    views.push_back(std::move(v));
  }
  return views;
}

}  // namespace runform::dashboard
