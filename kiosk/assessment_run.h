// AssessmentRun: the kiosk app in a group assessment (runform-kiosk --assessment ID). It ties
// the station's AssessmentGuide (check-in to the next protocol step through the hub, step
// records) to the station itself: a badge the camera reads or a typed code checks the athlete
// in; "Start the step" opens the station's session (standing calibration, then the run); the
// step's countdown ends it, the session it produced is recorded as the step, and the athlete
// moves on to their next step or hands over. "Stop this step" records it as interrupted, to be
// redone. UI-free, time passed in: tests drive it with a scripted station.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/station_port.h"
#include "station/assessment_guide.h"

namespace runform::kiosk {

/// What the person at the kiosk asked for on an assessment screen (from assessment_screens.h).
enum class AssessmentAsk { kNone, kSubmitCode, kStartStep, kStopStep, kNextAthlete };

class AssessmentRun {
 public:
  /// unix_ms: the wall clock for step end stamps (injected like the station's clock).
  AssessmentRun(std::unique_ptr<station::AssessmentGuide> guide, std::string assessment_name,
                std::function<std::int64_t()> unix_ms);

  /// One frame: acts on a newly read badge, the person's ask (typed_code with kSubmitCode) and
  /// the station's state, and sends the station its commands.
  void update(double now_s, StationPort& station, const station::StationSnapshot& snapshot, AssessmentAsk ask,
              const std::string& typed_code);

  /// What the assessment screens show at now_s.
  [[nodiscard]] station::GuideView view(double now_s) const;
  /// "assessment-checkin", "assessment-instructions" (before a step), "assessment-step" (its
  /// countdown), "assessment-handover" (screenshot and script names).
  [[nodiscard]] std::string screen_name() const;
  [[nodiscard]] const std::string& assessment_name() const { return assessment_name_; }

 private:
  void finish_step(StationPort& station, const station::StationSnapshot& snapshot, bool completed);

  std::unique_ptr<station::AssessmentGuide> guide_;
  std::string assessment_name_;
  std::function<std::int64_t()> unix_ms_;
  std::optional<std::string> last_badge_;  ///< the badge last acted on (the camera keeps reading it)
  double step_started_s_ = 0.0;
  bool running_sent_ = false;              ///< the station was told to start the run of this step
  std::optional<bool> finishing_;          ///< the station is closing the step's session: completed?
};

}  // namespace runform::kiosk
