#include "sim/camera_projection.h"

#include <cmath>
#include <numbers>

namespace runform::sim {

double focal_px(const CameraParams& camera) {
  return (camera.height_px / 2.0) / std::tan(camera.vertical_fov_deg * std::numbers::pi / 360.0);
}

namespace {

double rad(double deg) { return deg * std::numbers::pi / 180.0; }

// The camera's position and axes in the body frame.
struct CameraPose {
  Vec3 at, right, up, forward;
};

Vec3 rotate_about_up(Vec3 v, double yaw_rad) {
  return {v.lat * std::cos(yaw_rad) + v.fwd * std::sin(yaw_rad), v.up, -v.lat * std::sin(yaw_rad) + v.fwd * std::cos(yaw_rad)};
}
double dot3(Vec3 a, Vec3 b) { return a.lat * b.lat + a.up * b.up + a.fwd * b.fwd; }

CameraPose pose_of(const CameraParams& c) {
  // Yaw 0: a front camera ahead of the runner looking back at them (runner's left on image
  // right); a side camera on the runner's left (runner facing image right).
  const bool side = c.view == form::View::kSide;
  const Vec3 at = side ? Vec3{c.distance_m, 0.0, 0.0} : Vec3{0.0, 0.0, c.distance_m};
  const Vec3 right = side ? Vec3{0.0, 0.0, 1.0} : Vec3{1.0, 0.0, 0.0};
  const Vec3 level = side ? Vec3{-1.0, 0.0, 0.0} : Vec3{0.0, 0.0, -1.0};
  const double yaw = rad(c.yaw_deg);
  const Vec3 h = rotate_about_up(level, yaw);
  const double pitch = rad(c.pitch_deg);
  const Vec3 forward{h.lat * std::cos(pitch), -std::sin(pitch), h.fwd * std::cos(pitch)};
  const Vec3 up{h.lat * std::sin(pitch), std::cos(pitch), h.fwd * std::sin(pitch)};
  Vec3 pos = rotate_about_up(at, yaw);
  pos.up = c.height_m;
  return {pos, rotate_about_up(right, yaw), up, forward};
}

// An upright camera (no yaw, no pitch) needs no rotation: the renderer projects thousands of
// points a frame, so it skips the trigonometry.
bool upright(const CameraParams& c) { return c.yaw_deg == 0.0 && c.pitch_deg == 0.0; }

}  // namespace

double aim_pitch_deg(double height_m, double distance_m, double target_up_m) {
  return std::atan2(height_m - target_up_m, distance_m) * 180.0 / std::numbers::pi;
}

double depth_m(const CameraParams& camera, const Vec3& p) {
  if (upright(camera)) return camera.view == form::View::kSide ? camera.distance_m - p.lat : camera.distance_m - p.fwd;
  const CameraPose c = pose_of(camera);
  return dot3({p.lat - c.at.lat, p.up - c.at.up, p.fwd - c.at.fwd}, c.forward);
}

form::Vec2 project(const CameraParams& camera, const Vec3& p) {
  if (upright(camera)) {
    const double f = focal_px(camera);
    const double depth = depth_m(camera, p);
    const double across = camera.view == form::View::kSide ? p.fwd : p.lat;
    return {camera.width_px / 2.0 + f * across / depth, camera.height_px / 2.0 - f * (p.up - camera.height_m) / depth};
  }
  const CameraPose c = pose_of(camera);
  const Vec3 v{p.lat - c.at.lat, p.up - c.at.up, p.fwd - c.at.fwd};
  const double f = focal_px(camera);
  const double depth = dot3(v, c.forward);
  return {camera.width_px / 2.0 + f * dot3(v, c.right) / depth, camera.height_px / 2.0 - f * dot3(v, c.up) / depth};
}

}  // namespace runform::sim
