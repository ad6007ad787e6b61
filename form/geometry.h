// Small 2-D helpers in image coordinates (x right, y down, pixels).
#pragma once

#include <cmath>
#include <numbers>

#include "form/landmarks.h"

namespace runform::form {

/// A point or vector in image pixels.
struct Vec2 {
  double x = 0.0;
  double y = 0.0;
};

inline Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
inline Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
inline Vec2 operator*(Vec2 a, double k) { return {a.x * k, a.y * k}; }
/// Euclidean length.
inline double norm(Vec2 v) { return std::hypot(v.x, v.y); }
/// 2-D cross product (z of a × b).
inline double cross(Vec2 a, Vec2 b) { return a.x * b.y - a.y * b.x; }
/// Dot product.
inline double dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }
/// Midpoint.
inline Vec2 midpoint(Vec2 a, Vec2 b) { return {(a.x + b.x) / 2.0, (a.y + b.y) / 2.0}; }
/// Position of a landmark.
inline Vec2 pos(const Landmark& lm) { return {lm.x_px, lm.y_px}; }
/// Radians to degrees.
inline double to_deg(double rad) { return rad * 180.0 / std::numbers::pi; }
/// Unsigned angle at vertex b of the path a-b-c, in degrees.
inline double angle_at_deg(Vec2 a, Vec2 b, Vec2 c) {
  const Vec2 u = a - b;
  const Vec2 v = c - b;
  return to_deg(std::atan2(std::abs(cross(u, v)), dot(u, v)));
}
/// Signed angle from u to v in degrees (positive = clockwise on screen, since y points down).
inline double signed_angle_deg(Vec2 u, Vec2 v) { return to_deg(std::atan2(cross(u, v), dot(u, v))); }
/// Angle of the line a→b from image horizontal in degrees, folded into (-90, 90].
inline double line_tilt_deg(Vec2 a, Vec2 b) {
  double deg = to_deg(std::atan2(b.y - a.y, b.x - a.x));
  if (deg > 90.0) deg -= 180.0;
  if (deg <= -90.0) deg += 180.0;
  return deg;
}

}  // namespace runform::form
