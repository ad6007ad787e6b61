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

/// Measurements of one frame. Lengths stay in pixels: the stride reductions divide them by the
/// runner's scale, because a per-frame division by a slowly re-estimated scale leaks the
/// scale's own wobble (e.g. at the breathing rate) into every metric.
struct FrameFeatures {
  double t_s = 0.0;
  std::optional<double> torso_px;           ///< mid-hip to mid-shoulder, this frame
  std::optional<double> shoulder_width_px;  ///< shoulder to shoulder, this frame
  /// Mid-hip height in pixels, up positive. Kept in pixels: dividing an absolute position by a
  /// scale that is re-estimated every few frames would turn each update into a fake bounce.
  std::optional<double> hip_up_px;
  std::optional<double> hip_up_raw_px;      ///< the same from the unsmoothed frame (bounce amplitude)
  std::optional<double> shoulder_hip_gap_px;  ///< vertical mid-shoulder above mid-hip
  std::optional<double> facing_sign;        ///< +1 runner faces image right, -1 left (side view)

  // Front-view measurements.
  std::optional<double> head_tilt_deg;      ///< ear line (else eye line) from horizontal, signed
  std::optional<double> ear_shoulder_gap_px;  ///< vertical mid-ear above mid-shoulder
  std::optional<double> shoulder_line_deg;  ///< shoulder line from horizontal, signed
  std::optional<double> trunk_roll_deg;     ///< mid-hip→mid-shoulder from vertical, signed
  std::array<std::optional<double>, 2> wrist_lateral;  ///< wrist from midline ÷ shoulder width, + = own side
  std::array<std::optional<double>, 2> wrist_height_px;  ///< wrist above mid-hip
  // Camera yaw evidence (camera_yaw.h). Vectors run from the right joint to the left one.
  std::optional<double> head_yaw_ratio;     ///< nose right of the ear midpoint ÷ ear-to-ear distance
  std::optional<double> head_row_px;        ///< image row of the line head_tilt_deg was measured on
  std::optional<double> shoulder_row_px;    ///< image row of the mid-shoulder
  std::optional<Vec2> hip_line_px;          ///< right hip → left hip
  std::optional<double> hip_row_px;         ///< image row of the mid-hip
  std::optional<Vec2> knee_line_px;         ///< right knee → left knee
  std::optional<double> knee_row_px;        ///< image row of the mid-knee

  // Side-view measurements (forward = the way the runner faces).
  std::optional<double> forward_head_deg;   ///< shoulder→ear line forward of the trunk line
  std::optional<double> rounding_px;        ///< mid-shoulder ahead of the ear–hip line
  std::optional<double> trunk_lean_deg;     ///< trunk from vertical, forward positive
  std::array<std::optional<double>, 2> elbow_deg;       ///< shoulder–elbow–wrist angle
  std::array<std::optional<double>, 2> wrist_fore_aft_px;  ///< wrist ahead of mid-hip
  std::array<std::optional<double>, 2> wrist_up_px;  ///< wrist above mid-hip
  /// Hip to knee of each side: a length at about the wrists' distance from a side camera (hips and
  /// wrists both sit ≈ 0.1 m from the midline) that a yaw foreshortens alike on both sides.
  std::array<std::optional<double>, 2> thigh_px;

  std::array<std::optional<Vec2>, 2> wrist_px;  ///< raw wrist position, for the rails check
  bool rails_reported = false;  ///< the camera's tracker saw hands on a rail (FrameHints)
};

/// Measures one smoothed frame. facing_sign is the runner's settled facing direction in the
/// side view (+1 = right).
/// Held (stale) wrists are left out of the wrist ranges, which a frozen position would truncate.
FrameFeatures measure_frame(const PoseFrame& smoothed, double facing_sign,
                            const std::array<bool, kKeypointCount>& held = {});

}  // namespace runform::form
