#include "sim/synthetic_video.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/camera_projection.h"

namespace runform::sim {
namespace {

bool in_any(const std::vector<Interval>& intervals, double t_s) {
  return std::any_of(intervals.begin(), intervals.end(), [t_s](const Interval& i) { return i.contains(t_s); });
}

form::PoseFrame project_skeleton(const CameraParams& camera, const Skeleton3& s, double t_s) {
  form::PoseFrame frame;
  frame.t_s = t_s;
  for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
    const form::Vec2 p = project(camera, s[k]);
    frame.keypoints[k] = {p.x, p.y, 1.0};
  }
  return frame;
}

// Rails where the body model puts hands that hold them.
TreadmillGeometry treadmill_for(const BodyModel& runner) {
  TreadmillGeometry t;
  t.rail_height_m = runner.body().hip_height_m + 0.10;
  t.rail_half_span_m = runner.body().shoulder_width_m / 2.0 + 0.10;
  t.belt_half_width_m = t.rail_half_span_m - 0.03;
  return t;
}

constexpr double kZoneTopM = 2.1;  // the treadmill zone reaches above the tallest runner's head

// The second person walks across the whole frame, 1.6 m behind the treadmill.
constexpr double kPasserbyBehindM = 1.6;
constexpr double kPasserbyCrossingM = 5.0;  // lateral distance covered during the interval

}  // namespace

SyntheticVideo::SyntheticVideo(const SimulationSpec& spec, RenderOptions options)
    : spec_(spec),
      options_(std::move(options)),
      runner_(spec.runner),
      walker_(passerby_params(spec.runner.duration_s + 10.0)),
      treadmill_(treadmill_for(runner_)),
      renderer_(spec.camera, treadmill_, options_.style) {
  if (const auto problem = validate(spec)) throw std::invalid_argument(*problem);
  frame_count_ = static_cast<long>(std::floor(spec.runner.duration_s * spec.camera.fps));
}

std::optional<Skeleton3> SyntheticVideo::passerby_pose(double t_s) const {
  for (const Interval& i : spec_.realism.passerby) {
    if (!i.contains(t_s)) continue;
    const double progress = (t_s - i.start_s) / std::max(1e-6, i.end_s - i.start_s);
    const double along_m = -kPasserbyCrossingM / 2.0 + kPasserbyCrossingM * progress;
    // The walker's own skeleton faces +fwd; turn it to walk across the camera's view.
    Skeleton3 s = walker_.pose(t_s, StridePhase::steady_radians(walker_.params().cadence_spm, t_s), false);
    for (Vec3& p : s) {
      if (spec_.camera.view == form::View::kSide) {
        p = {p.lat - kPasserbyBehindM, p.up, p.fwd + along_m};
      } else {
        p = {p.fwd + along_m, p.up, -p.lat - kPasserbyBehindM};
      }
    }
    return s;
  }
  return std::nullopt;
}

SceneLayout SyntheticVideo::layout() const {
  const TreadmillGeometry& t = treadmill_;
  double min_x = 1e300, max_x = -1e300, min_y = 1e300, max_y = -1e300;
  for (const double lat : {-t.rail_half_span_m, t.rail_half_span_m}) {
    for (const double up : {0.0, kZoneTopM}) {
      for (const double fwd : {t.deck_back_m, t.deck_front_m}) {
        const form::Vec2 p = project(spec_.camera, {lat, up, fwd});
        min_x = std::min(min_x, p.x);
        max_x = std::max(max_x, p.x);
        min_y = std::min(min_y, p.y);
        max_y = std::max(max_y, p.y);
      }
    }
  }
  SceneLayout layout;
  layout.treadmill_zone = cv::Rect2d(min_x, min_y, max_x - min_x, max_y - min_y) &
                          cv::Rect2d(0, 0, spec_.camera.width_px, spec_.camera.height_px);
  for (const double side : {1.0, -1.0}) {
    const double lat = side * t.rail_half_span_m;
    layout.rails.push_back({project(spec_.camera, {lat, t.rail_height_m, t.rail_back_m}),
                            project(spec_.camera, {lat, t.rail_height_m, t.deck_front_m - 0.05})});
  }
  return layout;
}

bool SyntheticVideo::next(RenderedFrame& out) {
  if (frame_index_ >= frame_count_) return false;
  const double dt_s = 1.0 / spec_.camera.fps;
  const double t_s = static_cast<double>(frame_index_) * dt_s;
  out.t_s = t_s;
  out.hands_on_rails = in_any(spec_.realism.hands_on_rails, t_s);
  const Skeleton3 runner = runner_.pose(t_s, stride_.radians(), out.hands_on_rails);
  stride_.advance(StridePhase::cadence_spm(runner_, t_s), dt_s);

  std::vector<ScenePerson> people{{runner, PersonLook{}}};
  out.passerby.reset();
  if (const auto walker = passerby_pose(t_s)) {
    PersonLook look;
    look.shirt = {60, 150, 90};
    look.hair = {40, 60, 90};
    people.push_back({*walker, look});
    out.passerby = project_skeleton(spec_.camera, *walker, t_s);
  }
  const double gain = in_any(options_.light_change, t_s) ? options_.dimmed_gain : 1.0;
  out.bgr = renderer_.render(people, gain);
  out.truth = project_skeleton(spec_.camera, runner, t_s);
  ++frame_index_;
  return true;
}

}  // namespace runform::sim
