// The synthetic runner renderer as a FrameSource: frames with their true landmarks.
#pragma once

#include "camera/frame_source.h"
#include "camera/runner_tracker.h"
#include "camera/steady_clock.h"
#include "sim/synthetic_video.h"

namespace runform::camera {

class SyntheticSource final : public FrameSource {
 public:
  /// Renders `spec`. With `paced`, read() waits so frames arrive at the camera rate, as from a
  /// real camera (and the source reports itself live); otherwise as fast as they render.
  SyntheticSource(const sim::SimulationSpec& spec, sim::RenderOptions options, bool paced);

  ReadStatus read(CapturedFrame& out) override;
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] double fps() const override { return video_.camera().fps; }
  [[nodiscard]] bool live() const override { return paced_; }
  [[nodiscard]] std::optional<long> frame_count() const override { return video_.frame_count(); }
  /// The station layout of the rendered scene (treadmill zone, rails).
  [[nodiscard]] StationLayout station() const;

 private:
  sim::SyntheticVideo video_;
  sim::RenderedFrame frame_;
  bool paced_;
  double started_s_ = -1.0;
  std::uint64_t next_index_ = 0;
};

}  // namespace runform::camera
