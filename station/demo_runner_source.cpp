#include "station/demo_runner_source.h"

#include <thread>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "camera/synthetic_source.h"

namespace runform::station {

namespace {

// The demo's faults, reached at the end of the run. Both sit well past the form engine's fault
// thresholds (shoulders.elevation_pct ≥ 15 %, arms.midline_crossing > 0; PRODUCT.md), so the
// cues appear part-way through.
constexpr double kShoulderRisePct = 30.0;
constexpr double kMidlineCrossingDelta = 0.45;  // from the clean −0.15 to +0.30 shoulder widths
constexpr double kIdleStandingS = 3600.0;       // the idle runner's loop length
constexpr double kMinRunS = 6.0;                // the simulator wants more than 5 s of run after standing
constexpr int kBadgeSidePx = 170;               // a badge held at arm's length, 640×480 camera

sim::SimulationSpec idle_spec(const DemoRunner& demo) {
  sim::SimulationSpec spec;
  spec.camera.view = demo.view;
  // The simulator wants a run after the standing part; the idle loop restarts before it.
  spec.runner.standing_s = kIdleStandingS;
  spec.runner.duration_s = kIdleStandingS + kMinRunS;
  spec.realism.seed = demo.seed;
  return spec;
}

std::unique_ptr<camera::FrameSource> open_video(const sim::SimulationSpec& spec) {
  sim::RenderOptions render;
  render.style.markers = true;  // the generated marker model sees only the marker suit
  // Pacing is done here, not by the synthetic source, so a restart keeps the camera rate.
  return std::make_unique<camera::SyntheticSource>(spec, render, /*paced=*/false);
}

}  // namespace

sim::SimulationSpec demo_session_spec(const DemoRunner& demo, double standing_s) {
  sim::SimulationSpec spec;
  spec.camera.view = demo.view;
  spec.runner.standing_s = standing_s;
  spec.runner.duration_s = standing_s + demo.running_s;
  spec.realism.seed = demo.seed;
  if (demo.shoulders_rise) spec.runner.fatigue.push_back({"shoulder_elevation_pct", kShoulderRisePct, demo.fault_onset_fraction});
  if (demo.arms_cross) spec.runner.fatigue.push_back({"midline_crossing", kMidlineCrossingDelta, demo.fault_onset_fraction});
  return spec;
}

cv::Mat render_qr_badge(const std::string& text, int side_px) {
  cv::Mat code;
  cv::QRCodeEncoder::create()->encode(text, code);
  if (code.empty()) return {};
  constexpr int kQuietModules = 4;  // the QR standard's quiet zone
  cv::copyMakeBorder(code, code, kQuietModules, kQuietModules, kQuietModules, kQuietModules, cv::BORDER_CONSTANT, 255);
  cv::Mat big;
  cv::resize(code, big, {side_px, side_px}, 0, 0, cv::INTER_NEAREST);
  cv::Mat bgr;
  cv::cvtColor(big, bgr, cv::COLOR_GRAY2BGR);
  return bgr;
}

DemoRunnerSource::DemoRunnerSource(DemoRunner demo, double calibration_s) : demo_(demo), calibration_s_(calibration_s) {
  auto probe = std::make_unique<camera::SyntheticSource>(idle_spec(demo_), sim::RenderOptions{}, false);
  layout_ = probe->station();
  fps_ = probe->fps();
  restart(false);
}

void DemoRunnerSource::restart(bool session) {
  video_ = open_video(session ? demo_session_spec(demo_, calibration_s_ + 1.0) : idle_spec(demo_));
  in_session_ = session;
  offset_s_ = last_t_s_ + 1.0 / fps_;
}

void DemoRunnerSource::begin_session() { requested_ = 1; }
void DemoRunnerSource::end_session() { requested_ = 2; }

void DemoRunnerSource::show_badge(const std::string& code) {
  cv::Mat badge = code.empty() ? cv::Mat() : render_qr_badge(code, kBadgeSidePx);
  const std::lock_guard lock(badge_mutex_);
  badge_ = badge;
}

camera::ReadStatus DemoRunnerSource::read(camera::CapturedFrame& out) {
  const int request = requested_.exchange(0);
  if (request == 1) restart(true);
  if (request == 2) restart(false);
  camera::CapturedFrame frame;
  const bool idle_loop_over = !in_session_ && last_t_s_ - offset_s_ >= kIdleStandingS - 1.0;
  if (idle_loop_over || video_->read(frame) != camera::ReadStatus::kFrame) {
    restart(false);  // the run (or the idle loop) is over: stand idle again
    if (video_->read(frame) != camera::ReadStatus::kFrame) return camera::ReadStatus::kEnd;
  }
  const double t_s = offset_s_ + frame.t_s;
  if (demo_.paced) {
    // A camera delivers frames at its rate: wait until this one is due.
    if (paced_start_s_ < 0.0) paced_start_s_ = camera::steady_now_s() - t_s;
    const double wait_s = paced_start_s_ + t_s - camera::steady_now_s();
    if (wait_s > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
  }
  out.bgr = frame.bgr.clone();
  {
    const std::lock_guard lock(badge_mutex_);
    if (!badge_.empty()) {
      // Held up at chest height, left of the runner: inside the image, clear of the face.
      const int x = 12;
      const int y = std::max(0, out.bgr.rows / 2 - badge_.rows / 2);
      if (x + badge_.cols <= out.bgr.cols && y + badge_.rows <= out.bgr.rows) badge_.copyTo(out.bgr(cv::Rect(x, y, badge_.cols, badge_.rows)));
    }
  }
  out.t_s = t_s;
  out.index = index_++;
  out.truth = frame.truth;
  if (out.truth) out.truth->t_s = t_s;
  last_t_s_ = t_s;
  return camera::ReadStatus::kFrame;
}

}  // namespace runform::station
