// COCO-17 landmarks and timestamped pose frames: the input of the form engine.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace runform::form {

/// COCO-17 keypoint indices, in the canonical order of PRODUCT.md.
enum class Keypoint : std::size_t {
  kNose = 0, kLeftEye, kRightEye, kLeftEar, kRightEar, kLeftShoulder, kRightShoulder,
  kLeftElbow, kRightElbow, kLeftWrist, kRightWrist, kLeftHip, kRightHip,
  kLeftKnee, kRightKnee, kLeftAnkle, kRightAnkle,
};

/// Number of keypoints in the COCO-17 skeleton.
inline constexpr std::size_t kKeypointCount = 17;

/// One landmark: image position in pixels plus a confidence in [0,1]; 0 means missing.
struct Landmark {
  double x_px = 0.0;
  double y_px = 0.0;
  double confidence = 0.0;
};

/// A skeleton at one instant; t_s comes from the source (capture time), never from a wall clock.
struct PoseFrame {
  double t_s = 0.0;
  std::array<Landmark, kKeypointCount> keypoints{};

  /// The landmark for keypoint k.
  [[nodiscard]] const Landmark& at(Keypoint k) const { return keypoints[static_cast<std::size_t>(k)]; }
  /// Mutable access to the landmark for keypoint k.
  Landmark& at(Keypoint k) { return keypoints[static_cast<std::size_t>(k)]; }
};

/// Camera view of the runner; kAuto asks the engine to detect it.
enum class View { kFront, kSide, kAuto };

/// "front", "side" or "auto".
std::string_view to_string(View view);

}  // namespace runform::form
