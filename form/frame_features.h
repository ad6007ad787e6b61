// Per-frame body measurements derived from one smoothed skeleton. Each is present only when
// the landmarks it needs were trusted in this frame.
#pragma once

#include <array>
#include <optional>

#include "form/geometry.h"
#include "form/landmarks.h"

namespace runform::form {

/// Side index for left/right pairs.
enum Side : std::size_t { kLeft = 0, kRight = 1 };

/// Measurements of one frame. Ratios are ÷ the runner's scale (torso length) unless noted.
struct FrameFeatures {
  double t_s = 0.0;
  std::optional<double> torso_px;           ///< mid-hip to mid-shoulder, this frame
  std::optional<double> shoulder_width_px;  ///< shoulder to shoulder, this frame
  std::optional<double> hip_height;         ///< mid-hip height, up positive (÷ scale)
  std::optional<double> shoulder_hip_gap;   ///< vertical mid-shoulder above mid-hip (÷ scale)
  std::optional<double> facing_sign;        ///< +1 runner faces image right, -1 left (side view)

  // Front-view measurements.
  std::optional<double> head_tilt_deg;      ///< ear line (else eye line) from horizontal, signed
  std::optional<double> ear_shoulder_gap;   ///< vertical mid-ear above mid-shoulder (÷ scale)
  std::optional<double> shoulder_line_deg;  ///< shoulder line from horizontal, signed
  std::optional<double> trunk_roll_deg;     ///< mid-hip→mid-shoulder from vertical, signed
  std::array<std::optional<double>, 2> wrist_lateral;  ///< wrist from midline ÷ shoulder width, + = own side
  std::array<std::optional<double>, 2> wrist_height;   ///< wrist above mid-hip (÷ scale)

  // Side-view measurements (forward = the way the runner faces).
  std::optional<double> forward_head_deg;   ///< shoulder→ear line forward of the trunk line
  std::optional<double> rounding;           ///< mid-shoulder ahead of the ear–hip line (÷ scale)
  std::optional<double> trunk_lean_deg;     ///< trunk from vertical, forward positive
  std::array<std::optional<double>, 2> elbow_deg;       ///< shoulder–elbow–wrist angle
  std::array<std::optional<double>, 2> wrist_fore_aft;  ///< wrist ahead of mid-hip (÷ scale)

  std::array<std::optional<Vec2>, 2> wrist_px;  ///< raw wrist position, for the rails check
};

/// Measures one smoothed frame. scale_px is the robust torso length; facing_sign is the
/// runner's settled facing direction in side view (+1 = right).
FrameFeatures measure_frame(const PoseFrame& smoothed, double scale_px, double facing_sign);

}  // namespace runform::form
