// Draws the treadmill scene as a camera would see it: a gym wall and floor, the treadmill deck
// and handrails, and people as shaded figures (limbs as capsules, head, torso, clothing),
// painted back to front. Optionally every joint wears a marker of its own colour, which the
// generated test model recognises (tools/model_prep/marker_model.h).
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

#include "sim/body_model.h"

namespace runform::sim {

/// Clothing and skin colours of one person (BGR, 0–255).
struct PersonLook {
  cv::Scalar skin{120, 150, 205};
  cv::Scalar shirt{175, 95, 40};
  cv::Scalar shorts{45, 45, 50};
  cv::Scalar shoes{235, 235, 240};
  cv::Scalar hair{30, 40, 60};
};

/// A person to draw, in the runner's body frame (metres).
struct ScenePerson {
  Skeleton3 skeleton{};
  PersonLook look;
};

/// How the scene is drawn.
struct SceneStyle {
  bool markers = false;           ///< paint each joint's marker colour (for the marker test model)
  double marker_radius_m = 0.028; ///< marker disc radius; shrinks with distance like the body
  bool treadmill = true;          ///< draw the deck and handrails
};

/// The marker colour of each COCO-17 joint (BGR). Channel levels 0, 128 and 255 only, no two
/// closer than 128 in any norm, none grey or skin-like, so a colour-distance model tells them apart.
const std::array<cv::Vec3b, 17>& marker_colours_bgr();

/// Geometry of the treadmill, in the runner's body frame (metres).
struct TreadmillGeometry {
  double belt_half_width_m = 0.36;
  double deck_back_m = -0.95;   ///< fwd of the deck's back edge
  double deck_front_m = 0.80;   ///< fwd of the deck's front edge
  double rail_half_span_m = 0.44;
  double rail_back_m = -0.15;   ///< rails run from here to the console
  double rail_height_m = 1.03;
  double console_height_m = 1.30;
};

/// Renders frames for one camera. Thread-compatible; render() is const.
class SceneRenderer {
 public:
  /// A renderer for this camera and treadmill.
  SceneRenderer(CameraParams camera, TreadmillGeometry treadmill, SceneStyle style);
  /// One frame: the people (any order) under a lighting gain (1 = normal; markers are emissive
  /// and keep their colour).
  [[nodiscard]] cv::Mat render(const std::vector<ScenePerson>& people, double light_gain = 1.0) const;
  /// The camera.
  [[nodiscard]] const CameraParams& camera() const { return camera_; }

 private:
  CameraParams camera_;
  TreadmillGeometry treadmill_;
  SceneStyle style_;
  cv::Mat background_;  // the wall and floor, drawn once
};

}  // namespace runform::sim
