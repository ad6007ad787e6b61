#include "fake_station.h"

#include <opencv2/imgproc.hpp>

namespace runform::kiosk::testing {
namespace {

using form::MetricId;

// A standing figure in a 640×480 image: the skeleton the overlay draws, landmarks to match.
form::PoseFrame standing_pose() {
  form::PoseFrame pose;
  const double xy[17][2] = {{320, 90},  {330, 80},  {310, 80},  {342, 88},  {298, 88},  {370, 150},
                            {270, 150}, {385, 225}, {255, 225}, {360, 290}, {280, 290}, {350, 290},
                            {290, 290}, {355, 370}, {285, 370}, {358, 450}, {282, 450}};
  for (std::size_t i = 0; i < form::kKeypointCount; ++i) pose.keypoints[i] = {xy[i][0], xy[i][1], 0.9};
  return pose;
}

cv::Mat gym_image() {
  cv::Mat image(480, 640, CV_8UC3, cv::Scalar(60, 55, 50));
  cv::rectangle(image, cv::Rect(180, 400, 280, 70), cv::Scalar(40, 40, 40), cv::FILLED);  // the belt
  cv::circle(image, cv::Point(320, 88), 26, cv::Scalar(120, 150, 190), cv::FILLED);
  cv::rectangle(image, cv::Rect(272, 140, 96, 160), cv::Scalar(150, 90, 40), cv::FILLED);
  return image;
}

form::MetricValue value(double v, std::optional<double> baseline = std::nullopt) {
  form::MetricValue m = form::MetricValue::of(v);
  m.baseline = baseline;
  return m;
}

}  // namespace

form::SessionSummary crafted_summary() {
  form::SessionSummary s;
  s.view = form::View::kFront;
  s.strides = 880;
  s.running_s = 612.0;
  for (form::MetricValue& m : s.metrics) m = form::MetricValue::missing(form::reason::kNeedsSideView);
  s.metrics[form::index(MetricId::kHeadTilt)] = value(3.2);
  s.metrics[form::index(MetricId::kShouldersElevation)] = value(18.4, 0.0);
  s.metrics[form::index(MetricId::kShouldersLevel)] = value(2.1);
  s.metrics[form::index(MetricId::kShouldersBreathRise)] = value(0.012);
  s.metrics[form::index(MetricId::kArmsMidlineCrossing)] = value(0.14);
  s.metrics[form::index(MetricId::kArmsLateralExcursion)] = value(0.42);
  s.metrics[form::index(MetricId::kArmsAsymmetry)] = value(9.0);
  s.metrics[form::index(MetricId::kCadence)] = value(171.6);
  s.metrics[form::index(MetricId::kVerticalOscillation)] = value(0.061);
  s.metrics[form::index(MetricId::kTrunkLateralSway)] = value(2.4);
  s.scores = {91.0, 58.0, 64.0, 71.0};
  s.faults = {MetricId::kShouldersElevation, MetricId::kArmsMidlineCrossing};
  s.drift.push_back({MetricId::kShouldersElevation, 6.0, 18.0, true, ""});
  s.drift.push_back({MetricId::kArmsMidlineCrossing, 0.02, 0.16, true, ""});
  s.drift.push_back({MetricId::kCadence, 172.0, 171.0, false, ""});
  s.drills = {{"upper_trap_stretch", "Upper-trapezius stretch", "30 s each side, 2–3×", {MetricId::kShouldersElevation}},
              {"diaphragmatic", "Diaphragmatic breathing", "5–10 min a day", {MetricId::kShouldersElevation}},
              {"arm_swing_drill", "Standing arm-swing drill at 90° elbows", "3 × 30 s", {MetricId::kArmsMidlineCrossing}}};
  s.recovery_notes = {"After a long or downhill run, keep arm and upper-body work light for a couple of days.",
                      "Post-run tremor usually settles with rest and fluids.",
                      "Persistent or severe pain needs a professional."};
  for (int minute = 0; minute < 10; ++minute) {
    form::MinuteAggregate m;
    m.minute = minute;
    m.scores.overall = 84.0 - 2.0 * minute;
    s.per_minute.push_back(m);
  }
  return s;
}

FakeStation::FakeStation() {
  base_.image = gym_image();
  base_.landmarks = standing_pose();
  base_.runner_found = true;
  base_.camera.source.state = camera::SourceStatus::State::kStreaming;
  base_.camera.message = "synthetic runner 640x480@30";
  base_.hub.configured = true;
  base_.hub.online = true;
  base_.hub.address = "localhost:50051";
  base_.view = form::View::kFront;
}

void FakeStation::check_in(const std::string& athlete_code) {
  commands_.push_back("check_in:" + athlete_code);
  base_.phase = station::Phase::kCheckedIn;
  base_.athlete_code = athlete_code;
  base_.guest = false;
}

void FakeStation::check_in_guest() {
  commands_.push_back("guest");
  base_.phase = station::Phase::kCheckedIn;
  base_.guest = true;
}

void FakeStation::start_calibration() {
  commands_.push_back("calibrate");
  base_.phase = station::Phase::kCalibrating;
  calibration_started_s_ = now_s_;
}

void FakeStation::start_running() {
  commands_.push_back("run");
  base_.phase = station::Phase::kRunning;
  running_started_s_ = now_s_;
}

void FakeStation::finish() {
  commands_.push_back("finish");
  base_.phase = station::Phase::kSummary;
  base_.summary = crafted_summary();
  base_.upload = {"s-1", 18000, 12000, false, {}, 1, 0, {}};
}

void FakeStation::cancel() {
  commands_.push_back("cancel");
  base_.phase = station::Phase::kAttract;
}

void FakeStation::reset() {
  commands_.push_back("reset");
  base_.phase = station::Phase::kAttract;
  base_.summary.reset();
}

void FakeStation::show_demo_badge(const std::string& code) {
  commands_.push_back("badge:" + code);
  badge_ = code;
}

station::StationSnapshot FakeStation::snapshot() const {
  station::StationSnapshot s = base_;
  s.frame_index = static_cast<std::uint64_t>(now_s_ * 30.0);
  s.image_t_s = now_s_;
  if (s.phase == station::Phase::kAttract && !badge_.empty()) s.qr_code = badge_;
  const bool checked_in = s.phase != station::Phase::kAttract;
  for (station::SetupItem* item : {&s.setup.person_seen, &s.setup.fully_in_frame, &s.setup.in_zone, &s.setup.light}) {
    item->known = checked_in;
    item->ok = setup_ready_;
  }
  if (!setup_ready_) {
    s.setup.in_zone.problem = "you are not on the treadmill";
    s.setup.in_zone.fix = "step onto the middle of the belt";
  }
  s.setup.trained_model = {false, true, "only the synthetic-runner model is installed",
                           "run deploy/fetch-models.sh to see real people"};
  s.setup.view = form::View::kFront;
  s.setup.view_note = "head tilt, shoulders and arm crossing are checked; head forward and elbows need the side view";
  if (s.phase == station::Phase::kCalibrating) {
    s.calibration_remaining_s = std::max(0.0, 3.0 - (now_s_ - calibration_started_s_));
    s.calibrated = s.calibration_remaining_s <= 0.0;
  }
  if (s.phase == station::Phase::kRunning) {
    s.elapsed_s = now_s_ - running_started_s_;
    s.activity = station::RunnerActivity::kRunning;
    s.calibrated = true;
    s.head = {88.0, {}};
    s.shoulders = {57.0, {}};
    s.arms = {std::nullopt, "hands on the rails"};
    s.holding_rails = true;
    s.cadence_spm = 172.0;
    s.cue = station::LiveCue{form::CueEventKind::kShow, "shoulders_high", "Drop your shoulders", now_s_ - 0.02, 1};
    s.spool.backlog_frames = 412;
  }
  return s;
}

}  // namespace runform::kiosk::testing
