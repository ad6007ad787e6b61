#include "dashboard/assessment_live_scores.h"

namespace runform::dashboard {
namespace {

bool any_area(const services::CoachScores& s) { return s.head || s.shoulders || s.arms || s.overall; }

}  // namespace

void StationLiveScores::feed(const services::CoachLiveUpdate& update, double now_s) {
  for (const auto& s : update.new_sessions) {
    if (s.station_id.empty()) continue;
    // A station runs one session at a time: a new one replaces whatever was open there.
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.station_id == s.station_id; });
    sessions_[s.session_id] = Open{s.station_id, now_s, {}, {}, {}};
  }
  for (const auto& batch : update.frames) {
    const auto it = sessions_.find(batch.session_id);
    if (it == sessions_.end() || batch.frames.empty()) continue;
    it->second.last_frame_s = now_s;
    for (const auto& frame : batch.frames) {
      if (frame.scores && any_area(*frame.scores)) {
        it->second.scores = frame.scores;
        it->second.last_scores_s = now_s;
      }
    }
  }
  for (const auto& id : update.closed_session_ids) sessions_.erase(id);
}

StationLiveScores::Station StationLiveScores::station(const std::string& station_id, double now_s) const {
  Station out;
  for (const auto& [id, open] : sessions_) {
    if (open.station_id != station_id) continue;
    out.session_id = id;
    out.scores = open.scores;
    if (open.last_frame_s) out.since_frame_s = now_s - *open.last_frame_s;
    // Frames still coming (the station is there), yet no scores for the last stretch.
    const double scored_since_s = open.last_scores_s.value_or(open.opened_s);
    out.not_measurable = open.last_frame_s && now_s - *open.last_frame_s < kNotMeasurableAfterS &&
                         now_s - scored_since_s >= kNotMeasurableAfterS;
  }
  return out;
}

}  // namespace runform::dashboard
