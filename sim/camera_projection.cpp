#include "sim/camera_projection.h"

#include <cmath>
#include <numbers>

namespace runform::sim {

double focal_px(const CameraParams& camera) {
  return (camera.height_px / 2.0) / std::tan(camera.vertical_fov_deg * std::numbers::pi / 360.0);
}

double depth_m(const CameraParams& camera, const Vec3& p) {
  return camera.view == form::View::kSide ? camera.distance_m - p.lat : camera.distance_m - p.fwd;
}

form::Vec2 project(const CameraParams& camera, const Vec3& p) {
  const double f = focal_px(camera);
  const double cx = camera.width_px / 2.0;
  const double cy = camera.height_px / 2.0;
  const double depth = depth_m(camera, p);
  const double across = camera.view == form::View::kSide ? p.fwd : p.lat;
  return {cx + f * across / depth, cy - f * (p.up - camera.height_m) / depth};
}

}  // namespace runform::sim
