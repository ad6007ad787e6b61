// What each station's row of the assessment board says (issue 14): who is on it at which step
// (with the step's label), its live scores, when it was last heard and its problem in words.
// A station is heard by the hub's board (its last check-in or step record) and by the live watch
// (its latest frame): a runner on a 2-minute step checks in once and then only streams, so the
// newer of the two decides whether the station went quiet. UI-free, both clocks passed in, so the
// rules are unit-tested and the board's end-to-end test can move the wall clock on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/assessment_live_scores.h"
#include "services/client/assessment_client.h"

namespace runform::dashboard {

// A station with a runner on it that nobody has heard from for this long is flagged: two minutes
// is longer than the gap between a running station's live frames (several a second) and between
// its calls to the hub (the client's deadline is 5 s, retried), yet short enough for staff to walk
// over before the athlete's step is lost (docs/assessments.md, "At the dashboard").
inline constexpr std::int64_t kStationQuietS = 120;
// A live frame this recent means the station is streaming now ("live now" on the board).
inline constexpr double kStreamingWithinS = 5.0;

/// One station's row.
struct BoardStationView {
  std::string station_id;
  std::string athlete_code;                     ///< empty when the station is free
  std::string who;                              ///< the athlete's name, or "free"
  std::string step;                             ///< "2 of 3 · Front view", or "—" when free
  std::optional<services::CoachScores> scores;  ///< the live scores, when any came
  bool not_measurable = false;                  ///< frames without scores on a run step (StationLiveScores)
  bool streaming = false;                       ///< a live frame within kStreamingWithinS
  std::optional<std::int64_t> heard_ago_s;      ///< none: never heard
  bool offline = false;                         ///< a runner on it and quiet for kStationQuietS
  std::string problem;                          ///< the words under the table, empty when none
};

/// The board's station rows at wall time `now_unix_ms` and app time `now_s`; `steps` are the
/// protocol's, in order (a calibration step stands still: no scores is expected there).
std::vector<BoardStationView> board_station_views(const services::AssessmentBoard& board,
                                                  const std::vector<services::ProtocolStepSpec>& steps,
                                                  const StationLiveScores& live, std::int64_t now_unix_ms,
                                                  double now_s);

}  // namespace runform::dashboard
