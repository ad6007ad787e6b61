// Live scores per station for the assessment board (issue 14): fed the coach client's live
// updates (WatchLive, as the live wall), it keeps each station's open session, its latest area
// scores, when a frame last came and when scores last came. A runner on a station whose frames
// keep coming without any scores for a while is "not measurable" (out of frame, side-on in a
// front step, the camera moved). UI-free, on the app's clock, so the rules are unit-tested.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "services/client/coach_types.h"

namespace runform::dashboard {

// Scores come with each stride's metrics snapshot (about one a second while running); a running
// athlete with none for this long is not being measured.
inline constexpr double kNotMeasurableAfterS = 10.0;

class StationLiveScores {
 public:
  /// What the board shows for one station now.
  struct Station {
    std::string session_id;                  ///< the open session, empty when none
    std::optional<services::CoachScores> scores;  ///< the latest, when any came
    bool not_measurable = false;             ///< frames for kNotMeasurableAfterS without scores
    std::optional<double> since_frame_s;     ///< seconds since its latest live frame, none before one
  };

  /// One live update arrived at `now_s`.
  void feed(const services::CoachLiveUpdate& update, double now_s);
  /// The station's live state at `now_s`.
  [[nodiscard]] Station station(const std::string& station_id, double now_s) const;

 private:
  struct Open {
    std::string station_id;
    double opened_s = 0;
    std::optional<double> last_frame_s;
    std::optional<double> last_scores_s;
    std::optional<services::CoachScores> scores;
  };
  std::map<std::string, Open> sessions_;  ///< by session id
};

}  // namespace runform::dashboard
