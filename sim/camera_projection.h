// Pinhole projection of the body frame onto a front or side camera at the treadmill.
#pragma once

#include "form/geometry.h"
#include "sim/body_model.h"

namespace runform::sim {

/// Focal length in pixels from the vertical field of view.
double focal_px(const CameraParams& camera);
/// Image position of a body-frame point. Front: the camera faces the runner (runner's left on
/// image right). Side: the camera is on the runner's left, the runner faces image right.
form::Vec2 project(const CameraParams& camera, const Vec3& p);
/// The pitch (degrees down) that aims a camera at lens height height_m, distance_m away, at a
/// point target_up_m above the belt.
double aim_pitch_deg(double height_m, double distance_m, double target_up_m);
/// Distance of a body-frame point from the camera along its optical axis, metres.
double depth_m(const CameraParams& camera, const Vec3& p);

}  // namespace runform::sim
