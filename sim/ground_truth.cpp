#include "sim/ground_truth.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "form/sinusoid_fit.h"

namespace runform::sim {
namespace {

using form::Keypoint;
using form::PoseFrame;

struct P {
  double x, y;
};
P at(const PoseFrame& f, Keypoint k) { return {f.at(k).x_px, f.at(k).y_px}; }
P mid(P a, P b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2}; }
double deg(double r) { return r * 180.0 / std::numbers::pi; }
double dist(P a, P b) { return std::hypot(a.x - b.x, a.y - b.y); }

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}
double range_of(const std::vector<double>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo;
}

P shoulder_mid(const PoseFrame& f) { return mid(at(f, Keypoint::kLeftShoulder), at(f, Keypoint::kRightShoulder)); }
P hip_mid(const PoseFrame& f) { return mid(at(f, Keypoint::kLeftHip), at(f, Keypoint::kRightHip)); }
P ear_mid(const PoseFrame& f) { return mid(at(f, Keypoint::kLeftEar), at(f, Keypoint::kRightEar)); }
double torso(const PoseFrame& f) { return dist(shoulder_mid(f), hip_mid(f)); }

// Side view: the runner faces image right, so "forward" is +x. Both sides are seen in the
// simulator's default side view, so the metrics use the mid-points (the engine measures from
// the near side alone only when the far side is occluded).
P near_shoulder(const PoseFrame& f) { return shoulder_mid(f); }
P near_hip(const PoseFrame& f) { return hip_mid(f); }
P near_ear(const PoseFrame& f) { return ear_mid(f); }
double near_torso(const PoseFrame& f) { return torso(f); }
double lean_deg(const PoseFrame& f) {
  const P s = near_shoulder(f), h = near_hip(f);
  return deg(std::atan2(s.x - h.x, h.y - s.y));
}
double neck_deg(const PoseFrame& f) {
  const P e = near_ear(f), s = near_shoulder(f);
  return deg(std::atan2(e.x - s.x, s.y - e.y)) - lean_deg(f);
}
double rounding(const PoseFrame& f) {
  const P e = near_ear(f), s = near_shoulder(f), h = near_hip(f);
  const double line_x = h.x + (e.x - h.x) * (s.y - h.y) / (e.y - h.y);
  return (s.x - line_x) / near_torso(f);
}
double ear_gap(const PoseFrame& f) { return (shoulder_mid(f).y - ear_mid(f).y) / torso(f); }

}  // namespace

GroundTruthOracle::GroundTruthOracle(const SimulationSpec& spec) : spec_(spec) {}

void GroundTruthOracle::add(const PoseFrame& clean, long stride_index, bool moving, bool scored) {
  if (!moving) {
    if (clean.t_s < spec_.runner.standing_s) standing_.push_back(clean);
    return;
  }
  hip_up_px_.emplace_back(clean.t_s, -hip_mid(clean).y);
  if (stride_index != current_index_) {
    if (!strides_.empty()) strides_.back().t_end_s = clean.t_s;
    strides_.push_back({clean.t_s, clean.t_s, scored, {}});
    current_index_ = stride_index;
  }
  strides_.back().frames.push_back(clean);
  strides_.back().t_end_s = clean.t_s;
  if (!scored) strides_.back().scored = false;
}

std::map<std::string, double> GroundTruthOracle::stride_values(const Stride& s) const {
  std::map<std::string, double> v;
  const bool front = spec_.camera.view == form::View::kFront;
  auto collect = [&](auto fn) {
    std::vector<double> out;
    for (const PoseFrame& f : s.frames) out.push_back(fn(f));
    return out;
  };
  v["vertical_oscillation"] = range_of(collect([](const PoseFrame& f) { return -hip_mid(f).y; })) /
                              median_of(collect(torso));

  const std::array<Keypoint, 2> wrists{Keypoint::kLeftWrist, Keypoint::kRightWrist};
  const std::array<Keypoint, 2> shoulders{Keypoint::kLeftShoulder, Keypoint::kRightShoulder};
  const std::array<Keypoint, 2> elbows{Keypoint::kLeftElbow, Keypoint::kRightElbow};
  std::array<double, 2> swing{};
  if (front) {
    v["head.tilt_deg"] = std::abs(median_of(collect([](const PoseFrame& f) {
      const P l = at(f, Keypoint::kLeftEar), r = at(f, Keypoint::kRightEar);
      return deg(std::atan((l.y - r.y) / (l.x - r.x)));
    })));
    if (!standing_.empty()) {  // elevation is relative to the standing baseline
      const double base_gap = median_of([&] {
        std::vector<double> g;
        for (const PoseFrame& f : standing_) g.push_back(ear_gap(f));
        return g;
      }());
      v["shoulders.elevation_pct"] = 100.0 * (base_gap - median_of(collect(ear_gap))) / base_gap;
    }
    const std::vector<double> level = collect([](const PoseFrame& f) {
      const P l = at(f, Keypoint::kLeftShoulder), r = at(f, Keypoint::kRightShoulder);
      return deg(std::atan((l.y - r.y) / (l.x - r.x)));
    });
    double sum = 0;
    for (double x : level) sum += x;
    v["shoulders.level_deg"] = std::abs(sum / static_cast<double>(level.size()));
    v["trunk.lateral_sway_deg"] = range_of(collect([](const PoseFrame& f) {
                                    const P s2 = shoulder_mid(f), h = hip_mid(f);
                                    return deg(std::atan2(s2.x - h.x, h.y - s2.y));
                                  })) / 2.0;
    double crossing = -1e9, excursion = 0;
    for (std::size_t side = 0; side < 2; ++side) {
      // Signed distance from the mid-hip→mid-shoulder line, positive on this side's own side.
      const std::vector<double> lateral = collect([&](const PoseFrame& f) {
        const P h = hip_mid(f), sm = shoulder_mid(f), w = at(f, wrists[side]), sh = at(f, shoulders[side]);
        const double ax = sm.x - h.x, ay = sm.y - h.y, len = std::hypot(ax, ay);
        auto sd = [&](P p) { return (ax * (p.y - h.y) - ay * (p.x - h.x)) / len; };
        const double width = dist(at(f, Keypoint::kLeftShoulder), at(f, Keypoint::kRightShoulder));
        return (sd(sh) >= 0 ? 1.0 : -1.0) * sd(w) / width;
      });
      crossing = std::max(crossing, -*std::min_element(lateral.begin(), lateral.end()));
      excursion = std::max(excursion, range_of(lateral));
      swing[side] = range_of(collect([&](const PoseFrame& f) { return (hip_mid(f).y - at(f, wrists[side]).y) / torso(f); }));
    }
    v["arms.midline_crossing"] = crossing;
    v["arms.lateral_excursion"] = excursion;
  } else {
    v["head.forward_angle_deg"] = median_of(collect(neck_deg));
    v["shoulders.rounding"] = median_of(collect(rounding));
    v["trunk.lean_deg"] = median_of(collect(lean_deg));
    v["arms.elbow_angle_deg"] = median_of(collect([&](const PoseFrame& f) {
      double total = 0;
      for (std::size_t side = 0; side < 2; ++side) {
        const P sh = at(f, shoulders[side]), el = at(f, elbows[side]), w = at(f, wrists[side]);
        const double a1 = std::atan2(sh.y - el.y, sh.x - el.x), a2 = std::atan2(w.y - el.y, w.x - el.x);
        double d = std::abs(deg(a1 - a2));
        if (d > 180) d = 360 - d;
        total += d;
      }
      return total / 2.0;
    }));
    // ÷ the stride's median torso, as the engine's scale: the torso's image length changes with
    // the shoulder girdle's rotation, and a per-frame division would skew one arm against the other.
    const double torso_px = median_of(collect(near_torso));
    for (std::size_t side = 0; side < 2; ++side) {
      swing[side] = range_of(collect([&](const PoseFrame& f) { return at(f, wrists[side]).x - near_hip(f).x; })) / torso_px;
    }
    v["arms.drive"] = (swing[0] + swing[1]) / 2.0;
    // Asymmetry from the side compares vertical wrist ranges, each over its own side's thigh
    // (the far arm is farther away; form/stride_metrics.cpp says why).
    const std::array<Keypoint, 2> hips{Keypoint::kLeftHip, Keypoint::kRightHip};
    const std::array<Keypoint, 2> knees{Keypoint::kLeftKnee, Keypoint::kRightKnee};
    for (std::size_t side = 0; side < 2; ++side) {
      const std::vector<double> up = collect([&](const PoseFrame& f) { return hip_mid(f).y - at(f, wrists[side]).y; });
      swing[side] = range_of(up) /
                    median_of(collect([&](const PoseFrame& f) { return dist(at(f, hips[side]), at(f, knees[side])); }));
    }
  }
  v["arms.asymmetry_pct"] = 100.0 * std::abs(swing[0] - swing[1]) / ((swing[0] + swing[1]) / 2.0);
  return v;
}

std::vector<double> GroundTruthOracle::step_peaks_s() const {
  // Each step is one peak of the hip bounce; a parabola through the three samples around a
  // peak places it within a frame (error < 0.2 ms at 30 fps for a sinusoidal bounce).
  std::vector<double> peaks;
  for (std::size_t i = 1; i + 1 < hip_up_px_.size(); ++i) {
    const auto [t0, y0] = hip_up_px_[i - 1];
    const auto [t1, y1] = hip_up_px_[i];
    const auto [t2, y2] = hip_up_px_[i + 1];
    if (!(y1 > y0 && y1 >= y2)) continue;
    const double curvature = y0 - 2.0 * y1 + y2;
    const double h = (t2 - t0) / 2.0;
    peaks.push_back(curvature < 0.0 ? t1 + h * (y0 - y2) / (2.0 * curvature) : t1);
  }
  return peaks;
}

GroundTruth GroundTruthOracle::result() const {
  GroundTruth gt;
  std::map<std::string, std::vector<double>> per_metric;
  // Cadence is measured from the generated track (the bounce peaks), not taken from the spec.
  const std::vector<double> peaks = step_peaks_s();
  // The first stride starts at an arbitrary phase and the last is cut short: skip both.
  for (std::size_t i = 1; i + 1 < strides_.size(); ++i) {
    const Stride& s = strides_[i];
    if (!s.scored || s.frames.size() < 4) continue;
    ++gt.strides;
    for (const auto& [key, value] : stride_values(s)) per_metric[key].push_back(value);
    // The step intervals centred in this stride.
    double sum_s = 0.0;
    int n = 0;
    for (std::size_t k = 1; k < peaks.size(); ++k) {
      const double centre_s = (peaks[k] + peaks[k - 1]) / 2.0;
      if (centre_s >= s.t_start_s && centre_s < s.t_end_s) {
        sum_s += peaks[k] - peaks[k - 1];
        ++n;
      }
    }
    if (n > 0) per_metric["cadence_spm"].push_back(60.0 * n / sum_s);
  }
  for (const auto& [key, values] : per_metric) gt.metrics[key] = median_of(values);
  if (gt.metrics.count("vertical_oscillation")) {
    gt.metrics["vertical_oscillation_cm"] = spec_.runner.vertical_oscillation_cm;
  }
  if (spec_.camera.view == form::View::kFront) {
    // Breathing rise is defined in the body (÷ torso); the front camera sees it unscaled.
    gt.metrics["shoulders.breath_rise"] = spec_.runner.breath_rise;
  } else {
    std::vector<double> base_neck, base_round;
    for (const PoseFrame& f : standing_) {
      base_neck.push_back(neck_deg(f));
      base_round.push_back(rounding(f));
    }
    if (!standing_.empty()) {
      gt.metrics["baseline.head.forward_angle_deg"] = median_of(base_neck);
      gt.metrics["baseline.shoulders.rounding"] = median_of(base_round);
    }
  }
  return gt;
}

}  // namespace runform::sim
