#include "kiosk/assessment_run.h"

namespace runform::kiosk {
namespace {

// The standing calibration ends on its own countdown; a runner who never stands still enough
// for a baseline still gets their step after this long (the kiosk's own grace, FlowTiming).
constexpr double kCalibrationGraceS = 10.0;

}  // namespace

AssessmentRun::AssessmentRun(std::unique_ptr<station::AssessmentGuide> guide, std::string assessment_name,
                             std::function<std::int64_t()> unix_ms)
    : guide_(std::move(guide)), assessment_name_(std::move(assessment_name)), unix_ms_(std::move(unix_ms)) {}

station::GuideView AssessmentRun::view(double now_s) const { return guide_->view(now_s); }

std::string AssessmentRun::screen_name() const {
  switch (guide_->view(step_started_s_).phase) {
    case station::GuidePhase::kWaitingForAthlete: return "assessment-checkin";
    case station::GuidePhase::kInstructions: return "assessment-instructions";
    case station::GuidePhase::kStepRunning: return "assessment-step";
    case station::GuidePhase::kHandOver: return "assessment-handover";
  }
  return "assessment-checkin";
}

void AssessmentRun::update(double now_s, StationPort& station, const station::StationSnapshot& snapshot,
                           AssessmentAsk ask, const std::string& typed_code) {
  using station::GuidePhase;
  using station::Phase;
  // A step's session is closing: record it once the station has it (the summary computed, the
  // session closed and queued for upload), then free the station for the next step.
  if (finishing_) {
    if (snapshot.phase == Phase::kSummary || snapshot.phase == Phase::kAttract) {
      guide_->step_ended(snapshot.upload.session_id, *finishing_ && snapshot.phase == Phase::kSummary, unix_ms_());
      station.reset();
      finishing_.reset();
    }
    return;
  }
  switch (guide_->view(now_s).phase) {
    case GuidePhase::kWaitingForAthlete:
      // A check-in on its way (BackgroundDesk): collect the hub's answer once it is in; the
      // screen says "Checking in…" meanwhile and the render loop never waits for the hub.
      if (guide_->checking_in()) {
        const std::string badge = *guide_->checking_in();
        guide_->check_in(badge);
        break;
      }
      // The camera keeps reading a badge held up: act on each badge once (a refused one is not
      // retried until another is shown or a code is typed).
      if (snapshot.qr_code && snapshot.qr_code != last_badge_) {
        last_badge_ = snapshot.qr_code;
        guide_->check_in(*snapshot.qr_code);
      } else if (ask == AssessmentAsk::kSubmitCode && !typed_code.empty()) {
        guide_->check_in(typed_code);
      }
      break;
    case GuidePhase::kInstructions:
      if (ask == AssessmentAsk::kStartStep) {
        // One session per step, under the athlete's code: check in at the station, calibrate.
        station.check_in(guide_->athlete_code());
        station.start_calibration();
        guide_->start_step(now_s);
        step_started_s_ = now_s;
        running_sent_ = false;
      }
      break;
    case GuidePhase::kStepRunning:
      if (!running_sent_ && snapshot.phase == Phase::kCalibrating && snapshot.calibration_remaining_s <= 0.0 &&
          (snapshot.calibrated || now_s - step_started_s_ >= kCalibrationGraceS)) {
        station.start_running();
        running_sent_ = true;
      }
      if (ask == AssessmentAsk::kStopStep) {
        finish_step(station, snapshot, /*completed=*/false);
      } else if (guide_->step_time_up(now_s)) {
        finish_step(station, snapshot, /*completed=*/true);
      }
      break;
    case GuidePhase::kHandOver:
      if (ask == AssessmentAsk::kNextAthlete) {
        guide_->next_athlete();
        last_badge_.reset();
      }
      break;
  }
}

void AssessmentRun::finish_step(StationPort& station, const station::StationSnapshot& snapshot, bool completed) {
  using station::Phase;
  const bool recording = snapshot.phase == Phase::kCalibrating || snapshot.phase == Phase::kRunning;
  if (!recording && snapshot.phase != Phase::kFinishing) {
    // The station never started this step's session (still checking in): nothing to close.
    station.cancel();
    guide_->step_ended("", false, unix_ms_());
    return;
  }
  if (completed) {
    station.finish();  // the summary, then the summary phase: recorded in update()
  } else {
    station.cancel();  // closed as interrupted, back to attract: recorded as interrupted, redone next
  }
  finishing_ = completed;
}

}  // namespace runform::kiosk
