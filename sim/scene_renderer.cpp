#include "sim/scene_renderer.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "sim/camera_projection.h"

namespace runform::sim {
namespace {

using form::Keypoint;

constexpr int kShiftBits = 4;  // sub-pixel drawing: 1/16 px, so joints land where they project
constexpr double kSubPixel = 1 << kShiftBits;
constexpr int kShadingBands = 4;  // concentric strokes per capsule, dark rim to light centre

cv::Point fixed_point(const form::Vec2& p) {
  return {static_cast<int>(std::lround(p.x * kSubPixel)), static_cast<int>(std::lround(p.y * kSubPixel))};
}

Vec3 mid(const Vec3& a, const Vec3& b) { return {(a.lat + b.lat) / 2.0, (a.up + b.up) / 2.0, (a.fwd + b.fwd) / 2.0}; }
Vec3 offset(const Vec3& a, double lat, double up, double fwd) { return {a.lat + lat, a.up + up, a.fwd + fwd}; }

cv::Scalar lit(const cv::Scalar& colour, double gain) {
  return {std::min(255.0, colour[0] * gain), std::min(255.0, colour[1] * gain), std::min(255.0, colour[2] * gain)};
}

// One thing to paint. Capsules cover limbs, rails and the torso core; a capsule with a == b is a ball.
struct Primitive {
  enum class Kind { kCapsule, kPolygon, kMarker } kind = Kind::kCapsule;
  std::vector<Vec3> points;  // capsule: 2; polygon: 3+; marker: 1
  double radius_m = 0.0;
  cv::Scalar colour;
  double depth_m = 0.0;      // painter's order: farthest first
};

Primitive capsule(const Vec3& a, const Vec3& b, double radius_m, const cv::Scalar& colour) {
  return {Primitive::Kind::kCapsule, {a, b}, radius_m, colour, 0.0};
}

void add_person(const ScenePerson& person, const SceneStyle& style, std::vector<Primitive>& out) {
  const Skeleton3& s = person.skeleton;
  auto at = [&](Keypoint k) { return s[static_cast<std::size_t>(k)]; };
  const PersonLook& look = person.look;
  const Vec3 mid_shoulder = mid(at(Keypoint::kLeftShoulder), at(Keypoint::kRightShoulder));
  const Vec3 mid_hip = mid(at(Keypoint::kLeftHip), at(Keypoint::kRightHip));
  const Vec3 ear_mid = mid(at(Keypoint::kLeftEar), at(Keypoint::kRightEar));

  // Torso: a filled quad for the chest seen from the front, capsules give it depth from the side.
  out.push_back({Primitive::Kind::kPolygon,
                 {offset(at(Keypoint::kLeftShoulder), 0.03, 0.0, 0.0), offset(at(Keypoint::kRightShoulder), -0.03, 0.0, 0.0),
                  offset(at(Keypoint::kRightHip), -0.02, 0.0, 0.0), offset(at(Keypoint::kLeftHip), 0.02, 0.0, 0.0)},
                 0.0, look.shirt, 0.0});
  out.push_back(capsule(mid_hip, mid_shoulder, 0.11, look.shirt));
  out.push_back(capsule(at(Keypoint::kLeftShoulder), at(Keypoint::kRightShoulder), 0.06, look.shirt));
  out.push_back(capsule(at(Keypoint::kLeftHip), at(Keypoint::kRightHip), 0.085, look.shorts));
  out.push_back(capsule(mid_shoulder, ear_mid, 0.045, look.skin));
  // Head: a skin ball with a hair cap behind and above it.
  const Vec3 head = offset(ear_mid, 0.0, 0.03, 0.02);
  out.push_back(capsule(offset(head, 0.0, 0.03, -0.03), offset(head, 0.0, 0.03, -0.03), 0.095, look.hair));
  out.push_back(capsule(head, head, 0.1, look.skin));

  const std::array<std::array<Keypoint, 3>, 2> arms{{{Keypoint::kLeftShoulder, Keypoint::kLeftElbow, Keypoint::kLeftWrist},
                                                     {Keypoint::kRightShoulder, Keypoint::kRightElbow, Keypoint::kRightWrist}}};
  for (const auto& arm : arms) {
    const Vec3 sleeve_end = mid(at(arm[0]), at(arm[1]));
    out.push_back(capsule(at(arm[0]), sleeve_end, 0.05, look.shirt));
    out.push_back(capsule(sleeve_end, at(arm[1]), 0.042, look.skin));
    out.push_back(capsule(at(arm[1]), at(arm[2]), 0.036, look.skin));
  }
  const std::array<std::array<Keypoint, 3>, 2> legs{{{Keypoint::kLeftHip, Keypoint::kLeftKnee, Keypoint::kLeftAnkle},
                                                     {Keypoint::kRightHip, Keypoint::kRightKnee, Keypoint::kRightAnkle}}};
  for (const auto& leg : legs) {
    const Vec3 hem = mid(at(leg[0]), at(leg[1]));
    out.push_back(capsule(at(leg[0]), hem, 0.075, look.shorts));
    out.push_back(capsule(hem, at(leg[1]), 0.065, look.skin));
    out.push_back(capsule(at(leg[1]), at(leg[2]), 0.05, look.skin));
    out.push_back(capsule(at(leg[2]), offset(at(leg[2]), 0.0, -0.04, 0.17), 0.045, look.shoes));
  }
  if (style.markers) {
    // Markers sit on the surface facing the camera, so they are painted just in front of their joint.
    for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
      const cv::Vec3b c = marker_colours_bgr()[k];
      out.push_back({Primitive::Kind::kMarker, {s[k]}, style.marker_radius_m, cv::Scalar(c[0], c[1], c[2]), 0.0});
    }
  }
}

void add_treadmill(const TreadmillGeometry& t, std::vector<Primitive>& out) {
  const cv::Scalar metal{150, 150, 155};
  for (const double side : {1.0, -1.0}) {
    const double lat = side * t.rail_half_span_m;
    out.push_back(capsule({lat, t.rail_height_m, t.rail_back_m}, {lat, t.rail_height_m, t.deck_front_m - 0.05}, 0.02, metal));
    out.push_back(capsule({lat, 0.05, t.deck_front_m - 0.05}, {lat, t.console_height_m, t.deck_front_m - 0.05}, 0.025, metal));
  }
}

}  // namespace

const std::array<cv::Vec3b, 17>& marker_colours_bgr() {
  // The 17 colours of the {0,128,255}³ grid farthest from every skin, clothing and scene colour
  // under lighting gains 0.3–1.25 (each ≥ 82 away), in COCO-17 order.
  static const std::array<cv::Vec3b, 17> colours{{
      {255, 0, 255}, {0, 0, 255},   {0, 255, 255}, {128, 0, 255}, {255, 255, 0}, {0, 255, 0},
      {255, 0, 128}, {128, 255, 0}, {255, 0, 0},   {0, 128, 255}, {128, 0, 128}, {0, 255, 128},
      {255, 128, 255}, {255, 255, 128}, {128, 255, 128}, {255, 128, 128}, {0, 0, 128},
  }};
  return colours;
}

SceneRenderer::SceneRenderer(CameraParams camera, TreadmillGeometry treadmill, SceneStyle style)
    : camera_(camera), treadmill_(treadmill), style_(style) {
  background_.create(camera_.height_px, camera_.width_px, CV_8UC3);
  // The floor meets the wall 2.5 m behind the runner.
  constexpr double kWallBehindM = 2.5;
  const Vec3 wall_base = camera_.view == form::View::kSide ? Vec3{-kWallBehindM, 0.0, 0.0} : Vec3{0.0, 0.0, -kWallBehindM};
  const int floor_row = std::clamp(static_cast<int>(project(camera_, wall_base).y), 0, camera_.height_px);
  for (int y = 0; y < camera_.height_px; ++y) {
    const double f = static_cast<double>(y) / camera_.height_px;
    const cv::Scalar colour = y < floor_row ? cv::Scalar(205 - 35 * f, 200 - 30 * f, 190 - 30 * f)
                                            : cv::Scalar(95 + 25 * f, 100 + 25 * f, 105 + 25 * f);
    background_.row(y).setTo(colour);
  }
  // Wall clutter: a window and two posters, so the background is not a flat field.
  const int w = camera_.width_px;
  const int h = camera_.height_px;
  cv::rectangle(background_, cv::Rect(w / 20, h / 12, w / 5, h / 5), cv::Scalar(225, 215, 190), cv::FILLED);
  cv::rectangle(background_, cv::Rect(w * 3 / 4, h / 10, w / 8, h / 6), cv::Scalar(60, 110, 150), cv::FILLED);
  cv::rectangle(background_, cv::Rect(w * 3 / 4 + w / 7, h / 8, w / 12, h / 8), cv::Scalar(150, 120, 70), cv::FILLED);
}

cv::Mat SceneRenderer::render(const std::vector<ScenePerson>& people, double light_gain) const {
  cv::Mat image;
  background_.convertTo(image, -1, light_gain);
  const double f = focal_px(camera_);
  auto px = [&](const Vec3& p) { return fixed_point(project(camera_, p)); };

  if (style_.treadmill) {
    // The deck lies on the floor, beneath everything else.
    const TreadmillGeometry& t = treadmill_;
    const std::array<cv::Point, 4> deck{px({t.belt_half_width_m + 0.08, 0.0, t.deck_back_m}),
                                        px({-t.belt_half_width_m - 0.08, 0.0, t.deck_back_m}),
                                        px({-t.belt_half_width_m - 0.08, 0.0, t.deck_front_m}),
                                        px({t.belt_half_width_m + 0.08, 0.0, t.deck_front_m})};
    cv::fillConvexPoly(image, deck.data(), 4, lit({70, 70, 75}, light_gain), cv::LINE_AA, kShiftBits);
    const std::array<cv::Point, 4> belt{px({t.belt_half_width_m, 0.01, t.deck_back_m + 0.05}),
                                        px({-t.belt_half_width_m, 0.01, t.deck_back_m + 0.05}),
                                        px({-t.belt_half_width_m, 0.01, t.deck_front_m - 0.1}),
                                        px({t.belt_half_width_m, 0.01, t.deck_front_m - 0.1})};
    cv::fillConvexPoly(image, belt.data(), 4, lit({40, 40, 45}, light_gain), cv::LINE_AA, kShiftBits);
  }

  std::vector<Primitive> prims;
  for (const ScenePerson& person : people) add_person(person, style_, prims);
  if (style_.treadmill) add_treadmill(treadmill_, prims);
  for (Primitive& p : prims) {
    double sum = 0.0;
    for (const Vec3& v : p.points) sum += depth_m(camera_, v);
    p.depth_m = sum / static_cast<double>(p.points.size());
    if (p.kind == Primitive::Kind::kMarker) p.depth_m -= 0.13;  // on the surface, in front of the limb
  }
  std::stable_sort(prims.begin(), prims.end(), [](const Primitive& a, const Primitive& b) { return a.depth_m > b.depth_m; });

  for (const Primitive& p : prims) {
    const double radius_px = f * p.radius_m / p.depth_m;
    switch (p.kind) {
      case Primitive::Kind::kPolygon: {
        std::vector<cv::Point> poly;
        for (const Vec3& v : p.points) poly.push_back(px(v));
        cv::fillPoly(image, std::vector<std::vector<cv::Point>>{poly}, lit(p.colour, 0.8 * light_gain), cv::LINE_AA, kShiftBits);
        break;
      }
      case Primitive::Kind::kMarker:
        // Emissive: markers keep their colour whatever the lighting. Hard edges, so the resampled
        // image never blends two marker colours into a third.
        cv::circle(image, px(p.points[0]), static_cast<int>(std::lround(radius_px * kSubPixel)), p.colour, cv::FILLED,
                   cv::LINE_8, kShiftBits);
        break;
      case Primitive::Kind::kCapsule:
        // Cylinder shading: concentric strokes from a dark rim to a light centre line.
        for (int band = 0; band < kShadingBands; ++band) {
          const double fraction = 1.0 - static_cast<double>(band) / kShadingBands;
          const double shade = 0.6 + 0.45 * static_cast<double>(band) / (kShadingBands - 1);
          const int thickness = std::max(1, static_cast<int>(std::lround(2.0 * radius_px * fraction)));
          cv::line(image, px(p.points[0]), px(p.points[1]), lit(p.colour, shade * light_gain), thickness, cv::LINE_AA,
                   kShiftBits);
        }
        break;
    }
  }
  return image;
}

}  // namespace runform::sim
