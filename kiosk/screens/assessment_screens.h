// The assessment screens (issue 14), one class each, drawn from the station's AssessmentGuide:
// check-in for the assessment (badge or code, a refusal in plain words), the step (who, which
// step, speed and incline to set, "switch to the side view: turn the camera", the countdown,
// redo), and the hand-over to the next athlete. Each returns the runner's or staff's intent.
#pragma once

#include <string>

#include "kiosk/screens/screen_context.h"
#include "station/assessment_guide.h"

namespace runform::kiosk {

/// What a person asked for on an assessment screen.
enum class AssessmentIntent { kNone, kSubmitCode, kStartStep, kStopStep, kNextAthlete };

/// The assessment screens share the guide's view, set before each draw.
class AssessmentScreenBase : public KioskScreen {
 public:
  /// The guide's view for this frame and the assessment's name for the title.
  void show(const station::GuideView& view, const std::string& assessment_name) {
    view_ = view;
    assessment_name_ = assessment_name;
  }
  /// The intent of the last draw (draw() returns only the flow's intents).
  [[nodiscard]] AssessmentIntent last_intent() const { return last_intent_; }

 protected:
  station::GuideView view_;
  std::string assessment_name_;
  AssessmentIntent last_intent_ = AssessmentIntent::kNone;
};

/// "Scan your badge or type your code", with the reason the last one was refused.
class AssessmentCheckInScreen final : public AssessmentScreenBase {
 public:
  void enter() override { code_.clear(); }
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
  /// The code typed so far (sent with kSubmitCode).
  [[nodiscard]] const std::string& code() const { return code_; }

 private:
  std::string code_;
};

/// One protocol step: instructions before it starts, then the countdown.
class AssessmentStepScreen final : public AssessmentScreenBase {
 public:
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
};

/// Every step done: well done, and the next athlete please.
class AssessmentHandOverScreen final : public AssessmentScreenBase {
 public:
  std::optional<Intent> draw(const ScreenContext& ctx, const station::StationSnapshot& snapshot) override;
};

}  // namespace runform::kiosk
