#include "camera/synthetic_source.h"

#include <thread>

namespace runform::camera {

SyntheticSource::SyntheticSource(const sim::SimulationSpec& spec, sim::RenderOptions options, bool paced)
    : video_(spec, std::move(options)), paced_(paced) {}

std::string SyntheticSource::describe() const {
  const sim::CameraParams& c = video_.camera();
  return "synthetic runner (" + std::string(form::to_string(c.view)) + ") " + std::to_string(c.width_px) + "x" +
         std::to_string(c.height_px) + "@" + std::to_string(static_cast<int>(c.fps));
}

StationLayout SyntheticSource::station() const {
  const sim::SceneLayout scene = video_.layout();
  StationLayout station{scene.treadmill_zone, {}};
  for (const auto& rail : scene.rails) station.rails.push_back({rail[0], rail[1]});
  return station;
}

ReadStatus SyntheticSource::read(CapturedFrame& out) {
  if (!video_.next(frame_)) return ReadStatus::kEnd;
  if (paced_) {
    // A camera delivers frame i at i ÷ fps after it started.
    if (started_s_ < 0.0) started_s_ = steady_now_s() - frame_.t_s;
    const double due_s = started_s_ + frame_.t_s;
    const double wait_s = due_s - steady_now_s();
    if (wait_s > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
  }
  out.bgr = frame_.bgr;
  out.t_s = frame_.t_s;
  out.index = next_index_++;
  out.truth = frame_.truth;
  return ReadStatus::kFrame;
}

}  // namespace runform::camera
