// A simulated landmark track played to a station as its camera: plain grey images of the
// track's size stamped with the track's capture times, and an estimator that "sees" the track's
// landmarks in them. Fast (no rendering, no network), seeded, and gated: the test lets frames
// through in the amounts it wants, so a session's halves are exact.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "camera/frame_source.h"
#include "camera/pose_estimator.h"
#include "sim/track_simulator.h"

namespace runform::testing {

class TrackCamera {
 public:
  /// A camera playing `session`; with `frame_interval_s` > 0 frames are paced that far apart.
  explicit TrackCamera(sim::SimulatedSession session, double frame_interval_s = 0.0);
  /// The source (a station owns it; it refers back to this camera, which must outlive it).
  std::unique_ptr<camera::FrameSource> source();
  /// The estimator (same lifetime rule).
  std::unique_ptr<camera::PoseEstimator> estimator();
  /// Lets frames through until `total` have been delivered (never blocks the reader).
  void allow(std::size_t total);
  /// Lets every frame through.
  void allow_all() { allow(frames_.size()); }
  /// Frames delivered so far.
  [[nodiscard]] std::size_t delivered() const { return delivered_; }
  /// Frames in the track.
  [[nodiscard]] std::size_t size() const { return frames_.size(); }
  /// The track's frames.
  [[nodiscard]] const std::vector<form::PoseFrame>& frames() const { return frames_; }

 private:
  class Source;
  class Estimator;
  std::vector<form::PoseFrame> frames_;
  std::map<double, std::size_t> by_time_;
  cv::Mat image_;
  double fps_;
  double frame_interval_s_;
  std::atomic<std::size_t> allowed_{0};
  std::atomic<std::size_t> delivered_{0};
};

/// A seeded front-view session: `standing_s` still, then running to `duration_s`, with the
/// demo's faults developing (shoulders rising, arms crossing).
sim::SimulatedSession station_session(double duration_s, double standing_s, unsigned seed);

}  // namespace runform::testing
