// AssessmentGuide: a station's part in a group assessment, without a UI. A badge scan or a typed
// code checks the athlete in to their next protocol step through the hub; the guide then says
// what the kiosk shows — the step's instructions with the treadmill speed and incline, "switch
// to the side view: turn the camera" when the view changes, a countdown for the step — records
// how the step ended (with the session it produced), moves the athlete on to their next step,
// and hands over to the next athlete when they are done. An interrupted step is redone. Time is
// passed in, so tests drive every state without a clock.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/client/assessment_client.h"

namespace runform::station {

/// The hub calls the guide needs (AssessmentClient in production; tests stand a fake in).
class AssessmentDesk {
 public:
  virtual ~AssessmentDesk() = default;
  /// Throws services::AssessmentCallError with words for the screen.
  virtual services::CheckInTicket check_in(const std::string& badge) = 0;
  /// True when delivered now, false when kept for later (the hub is away).
  virtual bool record_step(const services::StepRecord& record) = 0;
  /// Offers kept step records to the hub again; returns how many are still kept.
  virtual std::size_t flush_pending() { return 0; }
};

/// The desk over a real AssessmentClient for one assessment and station.
std::unique_ptr<AssessmentDesk> make_client_desk(services::AssessmentClient& client, std::string assessment_id,
                                                 std::string station_id);

/// Where the guide is.
enum class GuidePhase {
  kWaitingForAthlete,  ///< "Scan your badge or type your code"
  kInstructions,       ///< the step's instructions, before it starts
  kStepRunning,        ///< the countdown runs
  kHandOver,           ///< every step done: "well done — next athlete please"
};

/// What the kiosk shows, in plain words.
struct GuideView {
  GuidePhase phase = GuidePhase::kWaitingForAthlete;
  std::string athlete_name;
  std::string step_title;                 ///< "Step 2 of 3 · Front view"
  std::vector<std::string> instructions;  ///< "Set the treadmill to 11 km/h, 1 % incline", …
  std::optional<std::string> view_change; ///< "Switch to the side view: turn the camera"
  bool redo = false;                      ///< this step was interrupted before
  double seconds_left = 0.0;              ///< while the step runs
  std::string message;                    ///< why a check-in was refused; a kept record; etc.
  bool waiting_for_hub = false;           ///< the message is "Checking in…", not a refusal
  form::View view = form::View::kFront;   ///< the view this step films
};

class AssessmentGuide {
 public:
  explicit AssessmentGuide(std::unique_ptr<AssessmentDesk> desk);

  /// A badge or code at the kiosk. False (with the reason in view().message) when refused.
  bool check_in(const std::string& badge);
  /// The runner is ready: the step's countdown starts at now_s.
  void start_step(double now_s);
  /// True once the running step's time is up at now_s (the kiosk then ends the session).
  [[nodiscard]] bool step_time_up(double now_s) const;
  /// The step ended with the station's session: completed, or interrupted (redone next).
  /// Moves on to the athlete's next step, or hands over when they are done.
  void step_ended(const std::string& session_id, bool completed, std::int64_t ended_unix_ms);
  /// The next athlete steps up.
  void next_athlete();
  /// What to show at now_s.
  [[nodiscard]] GuideView view(double now_s) const;
  /// The badge or code whose check-in answer is on its way (a BackgroundDesk threw CheckingIn):
  /// the kiosk calls check_in with it again each frame until the answer is in.
  [[nodiscard]] const std::optional<std::string>& checking_in() const { return checking_in_; }
  /// The athlete code of the current check-in (the station's session identity).
  [[nodiscard]] std::string athlete_code() const;

 private:
  void take(const services::CheckInTicket& ticket);

  std::unique_ptr<AssessmentDesk> desk_;
  GuidePhase phase_ = GuidePhase::kWaitingForAthlete;
  std::optional<services::CheckInTicket> ticket_;
  std::optional<form::View> previous_view_;  ///< the view of the step this station ran last
  double step_started_s_ = 0.0;
  std::string message_;
  std::optional<std::string> checking_in_;
  /// The view of the step just ended while the athlete's next check-in is on its way (so the
  /// "switch the view" instruction still shows when the answer comes).
  std::optional<form::View> continuing_from_view_;
};

/// The instruction lines of a step: speed and incline to set, extra words.
std::vector<std::string> step_instructions(const services::ProtocolStepSpec& step);

}  // namespace runform::station
