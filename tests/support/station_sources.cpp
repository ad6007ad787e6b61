#include "support/station_sources.h"

#include <thread>

namespace runform::testing {

class TrackCamera::Source final : public camera::FrameSource {
 public:
  explicit Source(TrackCamera& camera) : camera_(camera) {}
  camera::ReadStatus read(camera::CapturedFrame& out) override {
    const std::size_t next = camera_.delivered_;
    if (next >= camera_.frames_.size()) return camera::ReadStatus::kEnd;
    // Not yet allowed: "no frame right now", which the pipeline polls again shortly.
    if (next >= camera_.allowed_) return camera::ReadStatus::kLost;
    if (camera_.frame_interval_s_ > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(camera_.frame_interval_s_));
    out.bgr = camera_.image_;
    out.t_s = camera_.frames_[next].t_s;
    out.index = next;
    out.truth = camera_.frames_[next];
    camera_.delivered_ = next + 1;
    return camera::ReadStatus::kFrame;
  }
  [[nodiscard]] std::string describe() const override { return "track camera"; }
  [[nodiscard]] double fps() const override { return camera_.fps_; }
  [[nodiscard]] bool live() const override { return false; }  // every frame is processed

 private:
  TrackCamera& camera_;
};

class TrackCamera::Estimator final : public camera::PoseEstimator {
 public:
  explicit Estimator(const TrackCamera& camera) : camera_(camera) {}
  form::PoseFrame estimate(const cv::Mat&, const cv::Rect2d&, double t_s) override {
    const auto it = camera_.by_time_.find(t_s);
    form::PoseFrame pose;
    if (it != camera_.by_time_.end()) pose = camera_.frames_[it->second];
    pose.t_s = t_s;
    return pose;
  }

 private:
  const TrackCamera& camera_;
};

TrackCamera::TrackCamera(sim::SimulatedSession session, double frame_interval_s)
    : frames_(std::move(session.frames)),
      image_(session.header.height_px, session.header.width_px, CV_8UC3, cv::Scalar(128, 128, 128)),
      fps_(session.header.fps),
      frame_interval_s_(frame_interval_s) {
  for (std::size_t i = 0; i < frames_.size(); ++i) by_time_[frames_[i].t_s] = i;
}

std::unique_ptr<camera::FrameSource> TrackCamera::source() { return std::make_unique<Source>(*this); }
std::unique_ptr<camera::PoseEstimator> TrackCamera::estimator() { return std::make_unique<Estimator>(*this); }

void TrackCamera::allow(std::size_t total) { allowed_ = std::min(total, frames_.size()); }

sim::SimulatedSession station_session(double duration_s, double standing_s, unsigned seed) {
  sim::SimulationSpec spec;
  spec.camera.view = form::View::kFront;
  spec.runner.duration_s = duration_s;
  spec.runner.standing_s = standing_s;
  spec.runner.fatigue.push_back({"shoulder_elevation_pct", 30.0, 0.2});
  spec.runner.fatigue.push_back({"midline_crossing", 0.45, 0.2});
  spec.realism.seed = seed;
  spec.realism.drop_fraction = 0.0;  // a camera delivers every frame; drops are the estimator's
  return sim::simulate(spec);
}

}  // namespace runform::testing
