#include "station/assessment_guide.h"

#include "station/background_desk.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace runform::station {

namespace {

std::string decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, value == std::floor(value) ? "%.0f" : "%.1f", value);
  return text;
}

class ClientDesk final : public AssessmentDesk {
 public:
  ClientDesk(services::AssessmentClient& client, std::string assessment_id, std::string station_id)
      : client_(client), assessment_id_(std::move(assessment_id)), station_id_(std::move(station_id)) {}
  services::CheckInTicket check_in(const std::string& badge) override {
    client_.flush_pending();  // records kept while offline go first, so the hub sees them in order
    return client_.check_in(assessment_id_, station_id_, badge);
  }
  bool record_step(const services::StepRecord& record) override { return client_.record_step(record); }
  std::size_t flush_pending() override { return client_.flush_pending(); }

 private:
  services::AssessmentClient& client_;
  std::string assessment_id_;
  std::string station_id_;
};

}  // namespace

std::unique_ptr<AssessmentDesk> make_client_desk(services::AssessmentClient& client, std::string assessment_id,
                                                 std::string station_id) {
  return std::make_unique<ClientDesk>(client, std::move(assessment_id), std::move(station_id));
}

std::vector<std::string> step_instructions(const services::ProtocolStepSpec& step) {
  std::vector<std::string> lines;
  if (step.kind == services::StepKind::kCalibration) {
    lines.push_back("Stand still on the belt, arms loose, eyes forward");
  } else if (step.speed_kmh && step.incline_pct) {
    lines.push_back("Set the treadmill to " + decimal(*step.speed_kmh) + " km/h, " + decimal(*step.incline_pct) + " % incline");
  } else if (step.speed_kmh) {
    lines.push_back("Set the treadmill to " + decimal(*step.speed_kmh) + " km/h");
  } else if (step.incline_pct) {
    lines.push_back("Set the incline to " + decimal(*step.incline_pct) + " %, run at your easy pace");
  } else {
    lines.push_back("Run at your easy pace");
  }
  const int minutes = step.duration_s / 60;
  const int seconds = step.duration_s % 60;
  lines.push_back(minutes > 0 ? std::to_string(minutes) + " min" + (seconds > 0 ? " " + std::to_string(seconds) + " s" : "")
                              : std::to_string(seconds) + " s");
  if (!step.instructions.empty()) lines.push_back(step.instructions);
  return lines;
}

AssessmentGuide::AssessmentGuide(std::unique_ptr<AssessmentDesk> desk) : desk_(std::move(desk)) {}

bool AssessmentGuide::check_in(const std::string& badge) {
  if (phase_ != GuidePhase::kWaitingForAthlete && phase_ != GuidePhase::kHandOver) return false;
  try {
    const services::CheckInTicket ticket = desk_->check_in(badge);
    ticket_.reset();  // a new athlete: whatever the camera shows now is where they start
    previous_view_.reset();
    if (checking_in_ == badge && continuing_from_view_) previous_view_ = continuing_from_view_;
    checking_in_.reset();
    continuing_from_view_.reset();
    take(ticket);
    return true;
  } catch (const CheckingIn&) {
    if (checking_in_ != badge) continuing_from_view_.reset();
    checking_in_ = badge;
    message_ = "Checking in…";
    return false;
  } catch (const services::AssessmentCallError& error) {
    checking_in_.reset();
    continuing_from_view_.reset();
    message_ = error.what();
    if (!message_.empty()) message_[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message_[0])));
    return false;
  }
}

void AssessmentGuide::take(const services::CheckInTicket& ticket) {
  if (ticket_) previous_view_ = ticket_->step.view;
  ticket_ = ticket;
  phase_ = GuidePhase::kInstructions;
  message_.clear();
}

void AssessmentGuide::start_step(double now_s) {
  if (phase_ != GuidePhase::kInstructions) return;
  step_started_s_ = now_s;
  phase_ = GuidePhase::kStepRunning;
}

bool AssessmentGuide::step_time_up(double now_s) const {
  return phase_ == GuidePhase::kStepRunning && now_s - step_started_s_ >= ticket_->step.duration_s;
}

void AssessmentGuide::step_ended(const std::string& session_id, bool completed, std::int64_t ended_unix_ms) {
  if (phase_ != GuidePhase::kStepRunning && phase_ != GuidePhase::kInstructions) return;
  const services::CheckInTicket done = *ticket_;
  const bool delivered = desk_->record_step({done.check_in_id, completed, completed ? session_id : "", ended_unix_ms});
  const std::string kept = delivered ? "" : "The hub is away: this step is kept and sent when it is back.";
  const bool last_step = completed && done.step_index + 1 >= done.step_count;
  if (last_step) {
    phase_ = GuidePhase::kHandOver;
    message_ = kept;
    return;
  }
  // The same athlete goes on to their next step (or redoes this one) at this station.
  try {
    const services::CheckInTicket next = desk_->check_in(done.athlete.athlete_code);
    take(next);
    message_ = completed ? kept : "The step was stopped: it starts again. " + kept;
  } catch (const CheckingIn&) {
    // The answer comes on a later frame (the kiosk asks again with checking_in()).
    phase_ = GuidePhase::kWaitingForAthlete;
    ticket_.reset();
    checking_in_ = done.athlete.athlete_code;
    continuing_from_view_ = done.step.view;
    message_ = "Checking in…";
  } catch (const services::AssessmentCallError& error) {
    phase_ = GuidePhase::kWaitingForAthlete;
    ticket_.reset();
    message_ = error.what();
  }
}

void AssessmentGuide::next_athlete() {
  phase_ = GuidePhase::kWaitingForAthlete;
  checking_in_.reset();
  continuing_from_view_.reset();
  ticket_.reset();
  previous_view_.reset();
  message_.clear();
}

std::string AssessmentGuide::athlete_code() const { return ticket_ ? ticket_->athlete.athlete_code : ""; }

GuideView AssessmentGuide::view(double now_s) const {
  GuideView v;
  v.phase = phase_;
  v.message = message_;
  v.waiting_for_hub = checking_in_.has_value();
  if (!ticket_) return v;
  const services::CheckInTicket& t = *ticket_;
  v.athlete_name = t.athlete.name;
  v.step_title = "Step " + std::to_string(t.step_index + 1) + " of " + std::to_string(t.step_count) + " · " + t.step.label;
  v.instructions = step_instructions(t.step);
  v.view = t.step.view;
  v.redo = t.redo;
  if (previous_view_ && *previous_view_ != t.step.view) {
    v.view_change = t.step.view == form::View::kSide ? "Switch to the side view: turn the camera to face the runner's side"
                                                     : "Switch to the front view: turn the camera to face the runner";
  }
  if (phase_ == GuidePhase::kStepRunning) v.seconds_left = std::max(0.0, t.step.duration_s - (now_s - step_started_s_));
  return v;
}

}  // namespace runform::station
