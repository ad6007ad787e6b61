#include "sim/camera_projection.h"

#include <cmath>
#include <numbers>

namespace runform::sim {

double focal_px(const CameraParams& camera) {
  return (camera.height_px / 2.0) / std::tan(camera.vertical_fov_deg * std::numbers::pi / 360.0);
}

form::Vec2 project(const CameraParams& camera, const Vec3& p) {
  const double f = focal_px(camera);
  const double cx = camera.width_px / 2.0;
  const double cy = camera.height_px / 2.0;
  if (camera.view == form::View::kSide) {
    const double depth = camera.distance_m - p.lat;
    return {cx + f * p.fwd / depth, cy - f * (p.up - camera.height_m) / depth};
  }
  const double depth = camera.distance_m - p.fwd;
  return {cx + f * p.lat / depth, cy - f * (p.up - camera.height_m) / depth};
}

}  // namespace runform::sim
