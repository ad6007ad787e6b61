// DemoRunnerSource: the synthetic runner as a station's camera in demo mode. The runner stands
// on the treadmill until a session's calibration starts, then stands still for the countdown,
// runs, and develops faults as the run goes on (shoulders rising, arms crossing the midline).
// A QR badge can be held up to it, for the check-in path. Capture times never go backwards.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "camera/frame_source.h"
#include "camera/runner_tracker.h"
#include "sim/synthetic_video.h"
#include "station/station.h"

namespace runform::station {

/// The simulation the demo runs for one session: `standing_s` still, then the run.
sim::SimulationSpec demo_session_spec(const DemoRunner& demo, double standing_s);

/// A QR code for `text`, black on white with its quiet zone, `side_px` square (BGR).
cv::Mat render_qr_badge(const std::string& text, int side_px);

class DemoRunnerSource final : public camera::FrameSource {
 public:
  /// A runner standing idle; `calibration_s` is how long it stands still once a session starts.
  DemoRunnerSource(DemoRunner demo, double calibration_s);

  camera::ReadStatus read(camera::CapturedFrame& out) override;
  [[nodiscard]] std::string describe() const override { return "demo runner (synthetic)"; }
  [[nodiscard]] double fps() const override { return fps_; }
  [[nodiscard]] bool live() const override { return demo_.paced; }
  /// The treadmill zone and rails of the rendered scene.
  [[nodiscard]] camera::StationLayout station() const { return layout_; }

  /// From the next frame on: the session's standing countdown, then the run. Any thread.
  void begin_session();
  /// From the next frame on: the runner stands idle again. Any thread.
  void end_session();
  /// Holds a badge with this code up to the camera (empty: takes it away). Any thread.
  void show_badge(const std::string& code);

 private:
  void restart(bool session);

  DemoRunner demo_;
  double calibration_s_;
  double fps_ = 30.0;
  camera::StationLayout layout_;
  std::unique_ptr<camera::FrameSource> video_;
  bool in_session_ = false;
  double offset_s_ = 0.0;      // added to the video's time so capture times keep increasing
  double last_t_s_ = -1.0;
  double paced_start_s_ = -1.0;  // steady clock at capture time 0 (paced only)
  std::uint64_t index_ = 0;
  std::atomic<int> requested_{0};  // 1: begin a session, 2: end it
  mutable std::mutex badge_mutex_;
  cv::Mat badge_;
};

}  // namespace runform::station
