// The synthetic runner as video: each frame rendered by SceneRenderer at the camera's rate, with
// the runner's true landmarks. What the demo and the tests use where there is no camera.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "form/geometry.h"
#include "sim/body_model.h"
#include "sim/scene_renderer.h"
#include "sim/stride_phase.h"

namespace runform::sim {

/// Clutter and style of the rendered video.
struct RenderOptions {
  SceneStyle style;
  std::vector<Interval> light_change;  ///< the gym lights dim during these intervals
  double dimmed_gain = 0.65;           ///< lighting gain while dimmed
};

/// One rendered frame.
struct RenderedFrame {
  cv::Mat bgr;
  double t_s = 0.0;                        ///< capture time from the start of the video
  form::PoseFrame truth;                   ///< the runner's projected landmarks (confidence 1)
  std::optional<form::PoseFrame> passerby; ///< the second person's, while one is in frame
  bool hands_on_rails = false;
};

/// Where the station's treadmill and rails appear in the image: what a technician would
/// configure for a real station.
struct SceneLayout {
  cv::Rect2d treadmill_zone;                      ///< the space above the belt, image px
  std::vector<std::array<form::Vec2, 2>> rails;   ///< handrail lines, image px
};

/// Renders a SimulationSpec frame by frame: the runner, hands on the rails during
/// realism.hands_on_rails, and a second person walking across during realism.passerby.
class SyntheticVideo {
 public:
  /// Throws std::invalid_argument for a bad spec.
  SyntheticVideo(const SimulationSpec& spec, RenderOptions options);
  /// Renders the next frame; false at the end of the session.
  bool next(RenderedFrame& out);
  /// Frames in the whole video.
  [[nodiscard]] long frame_count() const { return frame_count_; }
  /// The camera.
  [[nodiscard]] const CameraParams& camera() const { return spec_.camera; }
  /// The treadmill zone and rail lines in this camera's image.
  [[nodiscard]] SceneLayout layout() const;

 private:
  [[nodiscard]] std::optional<Skeleton3> passerby_pose(double t_s) const;

  SimulationSpec spec_;
  RenderOptions options_;
  BodyModel runner_;
  BodyModel walker_;
  TreadmillGeometry treadmill_;
  SceneRenderer renderer_;
  StridePhase stride_;
  long frame_index_ = 0;
  long frame_count_ = 0;
};

}  // namespace runform::sim
