#include "camera/rails_detector.h"

#include <algorithm>
#include <cmath>

namespace runform::camera {

double distance_to_segment_px(const form::Vec2& p, const RailLine& line) {
  const form::Vec2 d = line.b - line.a;
  const double len2 = d.x * d.x + d.y * d.y;
  const double u = len2 > 0.0 ? std::clamp(((p.x - line.a.x) * d.x + (p.y - line.a.y) * d.y) / len2, 0.0, 1.0) : 0.0;
  return form::norm(p - form::Vec2{line.a.x + u * d.x, line.a.y + u * d.y});
}

RailsDetector::RailsDetector(std::vector<RailLine> rails, RailsParams params) : rails_(std::move(rails)), params_(params) {}

bool RailsDetector::update(const form::PoseFrame& pose, double torso_px) {
  if (rails_.empty() || torso_px <= 0.0) return false;
  const std::array<form::Keypoint, 2> wrists{form::Keypoint::kLeftWrist, form::Keypoint::kRightWrist};
  bool holding = false;
  for (std::size_t side = 0; side < 2; ++side) {
    const form::Landmark& w = pose.at(wrists[side]);
    auto& samples = held_[side];
    const form::Vec2 p{w.x_px, w.y_px};
    const bool near = w.confidence >= params_.min_confidence &&
                      std::any_of(rails_.begin(), rails_.end(), [&](const RailLine& r) {
                        return distance_to_segment_px(p, r) <= params_.near_torso * torso_px;
                      });
    if (!near) {
      samples.clear();
      continue;
    }
    samples.push_back({pose.t_s, p});
    // Keep the hold window plus the sample just before it.
    while (samples.size() > 2 && pose.t_s - samples[1].t_s >= params_.hold_s) samples.pop_front();
    double min_x = p.x, max_x = p.x, min_y = p.y, max_y = p.y;
    for (const Sample& s : samples) {
      min_x = std::min(min_x, s.p.x);
      max_x = std::max(max_x, s.p.x);
      min_y = std::min(min_y, s.p.y);
      max_y = std::max(max_y, s.p.y);
    }
    const double range_px = std::max(max_x - min_x, max_y - min_y);
    if (range_px > params_.still_torso * torso_px) {
      // Moving: the hold starts again from here.
      samples.erase(samples.begin(), samples.end() - 1);
      continue;
    }
    if (pose.t_s - samples.front().t_s >= params_.hold_s) holding = true;
  }
  return holding;
}

}  // namespace runform::camera
