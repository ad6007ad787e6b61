// Hands on the rails: a wrist that stays still near a handrail line for a moment is holding it.
// Arm metrics then pause (a held arm does not swing; scoring it would report a fault that is
// not there).
#pragma once

#include <array>
#include <deque>
#include <vector>

#include "form/geometry.h"
#include "form/landmarks.h"

namespace runform::camera {

/// A handrail as a line segment in image pixels.
struct RailLine {
  form::Vec2 a;
  form::Vec2 b;
};

/// Tuning, in torso lengths so it holds at any distance from the camera.
struct RailsParams {
  double near_torso = 0.2;    ///< wrist within this distance of a rail line (a gripping hand is on it)
  double still_torso = 0.12;  ///< wrist range over the hold window below this (a swinging wrist moves ≥ 0.3)
  double hold_s = 0.5;        ///< for at least this long
  double min_confidence = 0.3;
};

/// Distance from p to the segment, pixels.
double distance_to_segment_px(const form::Vec2& p, const RailLine& line);

class RailsDetector {
 public:
  /// A detector for these rails (none: never holding).
  RailsDetector(std::vector<RailLine> rails, RailsParams params);
  /// Feeds one frame; true while a wrist is holding a rail. torso_px sets the scale.
  bool update(const form::PoseFrame& pose, double torso_px);

 private:
  struct Sample {
    double t_s;
    form::Vec2 p;
  };
  std::vector<RailLine> rails_;
  RailsParams params_;
  std::array<std::deque<Sample>, 2> held_;  // left, right wrist: samples near a rail, newest last
};

}  // namespace runform::camera
