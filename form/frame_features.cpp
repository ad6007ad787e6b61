#include "form/frame_features.h"

#include <cmath>

namespace runform::form {
namespace {

bool ok(const Landmark& lm) { return lm.confidence > 0.0; }

// Mean position of the trusted landmarks of a left/right pair, if any.
std::optional<Vec2> mean_of_pair(const PoseFrame& f, Keypoint left, Keypoint right) {
  const Landmark& l = f.at(left);
  const Landmark& r = f.at(right);
  if (ok(l) && ok(r)) return midpoint(pos(l), pos(r));
  if (ok(l)) return pos(l);
  if (ok(r)) return pos(r);
  return std::nullopt;
}

// Angle of v from image-up, positive toward `forward_sign` on x, in degrees.
double from_vertical_deg(Vec2 v, double forward_sign) { return to_deg(std::atan2(forward_sign * v.x, -v.y)); }

}  // namespace

FrameFeatures measure_frame(const PoseFrame& f, double facing_sign, const std::array<bool, kKeypointCount>& held) {
  auto fresh = [&](Keypoint k) { return !held[static_cast<std::size_t>(k)]; };
  FrameFeatures m;
  m.t_s = f.t_s;
  const Landmark& ls = f.at(Keypoint::kLeftShoulder);
  const Landmark& rs = f.at(Keypoint::kRightShoulder);
  const Landmark& lh = f.at(Keypoint::kLeftHip);
  const Landmark& rh = f.at(Keypoint::kRightHip);
  const bool both_shoulders = ok(ls) && ok(rs);
  const bool both_hips = ok(lh) && ok(rh);
  const std::optional<Vec2> shoulder = mean_of_pair(f, Keypoint::kLeftShoulder, Keypoint::kRightShoulder);
  const std::optional<Vec2> hip = mean_of_pair(f, Keypoint::kLeftHip, Keypoint::kRightHip);
  const std::optional<Vec2> ear = mean_of_pair(f, Keypoint::kLeftEar, Keypoint::kRightEar);

  if (both_shoulders) m.shoulder_width_px = norm(pos(ls) - pos(rs));
  if (hip) m.hip_up_px = -hip->y;
  if (shoulder && hip) {
    m.torso_px = norm(*shoulder - *hip);
    m.shoulder_hip_gap_px = hip->y - shoulder->y;
  }
  const double torso = m.torso_px.value_or(1.0);
  const Landmark& nose = f.at(Keypoint::kNose);
  if (ok(nose) && ear && std::abs(nose.x_px - ear->x) > 0.02 * torso) {
    m.facing_sign = nose.x_px > ear->x ? 1.0 : -1.0;
  }

  // Front view.
  const Landmark& le = f.at(Keypoint::kLeftEar);
  const Landmark& re = f.at(Keypoint::kRightEar);
  const Landmark& ley = f.at(Keypoint::kLeftEye);
  const Landmark& rey = f.at(Keypoint::kRightEye);
  if (ok(le) && ok(re)) {
    m.head_tilt_deg = line_tilt_deg(pos(re), pos(le));
    m.head_row_px = midpoint(pos(le), pos(re)).y;
    const double ear_width = norm(pos(le) - pos(re));
    if (ok(nose) && ear_width > 1.0) m.head_yaw_ratio = (nose.x_px - midpoint(pos(le), pos(re)).x) / ear_width;
  } else if (ok(ley) && ok(rey)) {
    m.head_tilt_deg = line_tilt_deg(pos(rey), pos(ley));
    m.head_row_px = midpoint(pos(ley), pos(rey)).y;
  }
  if (both_shoulders) m.shoulder_row_px = midpoint(pos(ls), pos(rs)).y;
  if (both_hips) {
    m.hip_line_px = pos(lh) - pos(rh);
    m.hip_row_px = midpoint(pos(lh), pos(rh)).y;
  }
  const Landmark& lk = f.at(Keypoint::kLeftKnee);
  const Landmark& rk = f.at(Keypoint::kRightKnee);
  if (ok(lk) && ok(rk)) {
    m.knee_line_px = pos(lk) - pos(rk);
    m.knee_row_px = midpoint(pos(lk), pos(rk)).y;
  }
  if (ok(le) && ok(re) && both_shoulders) {
    m.ear_shoulder_gap_px = midpoint(pos(ls), pos(rs)).y - midpoint(pos(le), pos(re)).y;
  }
  if (both_shoulders) m.shoulder_line_deg = line_tilt_deg(pos(rs), pos(ls));
  if (both_shoulders && both_hips) {
    const Vec2 mid_s = midpoint(pos(ls), pos(rs));
    const Vec2 mid_h = midpoint(pos(lh), pos(rh));
    const Vec2 axis = mid_s - mid_h;
    const double axis_len = norm(axis);
    m.trunk_roll_deg = from_vertical_deg(axis, 1.0);
    const double width = norm(pos(ls) - pos(rs));
    if (axis_len > 1.0 && width > 1.0) {
      // Signed distance from the midline; each side's own direction is where its shoulder is.
      auto side_dist = [&](Vec2 p) { return cross(axis, p - mid_h) / axis_len; };
      const std::array<double, 2> own_sign{side_dist(pos(ls)) >= 0 ? 1.0 : -1.0, side_dist(pos(rs)) >= 0 ? 1.0 : -1.0};
      const std::array<Keypoint, 2> wrists{Keypoint::kLeftWrist, Keypoint::kRightWrist};
      for (std::size_t s = 0; s < 2; ++s) {
        const Landmark& w = f.at(wrists[s]);
        if (!ok(w) || !fresh(wrists[s])) continue;
        m.wrist_lateral[s] = own_sign[s] * side_dist(pos(w)) / width;
        m.wrist_height_px[s] = mid_h.y - w.y_px;
      }
    }
  }

  // Side view.
  if (shoulder && hip) {
    const Vec2 trunk = *shoulder - *hip;
    m.trunk_lean_deg = from_vertical_deg(trunk, facing_sign);
    if (ear) {
      m.forward_head_deg = from_vertical_deg(*ear - *shoulder, facing_sign) - m.trunk_lean_deg.value();
      if (std::abs(ear->y - hip->y) > 1.0) {
        const double line_x = hip->x + (ear->x - hip->x) * (shoulder->y - hip->y) / (ear->y - hip->y);
        m.rounding_px = facing_sign * (shoulder->x - line_x);
      }
    }
  }
  const std::array<Keypoint, 2> shoulders{Keypoint::kLeftShoulder, Keypoint::kRightShoulder};
  const std::array<Keypoint, 2> elbows{Keypoint::kLeftElbow, Keypoint::kRightElbow};
  const std::array<Keypoint, 2> wrists{Keypoint::kLeftWrist, Keypoint::kRightWrist};
  for (std::size_t s = 0; s < 2; ++s) {
    const Landmark& sh = f.at(shoulders[s]);
    const Landmark& el = f.at(elbows[s]);
    const Landmark& wr = f.at(wrists[s]);
    if (ok(sh) && ok(el) && ok(wr)) m.elbow_deg[s] = angle_at_deg(pos(sh), pos(el), pos(wr));
    const Landmark& hp = f.at(s == kLeft ? Keypoint::kLeftHip : Keypoint::kRightHip);
    const Landmark& kn = f.at(s == kLeft ? Keypoint::kLeftKnee : Keypoint::kRightKnee);
    if (ok(hp) && ok(kn)) m.thigh_px[s] = norm(pos(kn) - pos(hp));
    if (!ok(wr) || !fresh(wrists[s])) continue;
    m.wrist_px[s] = pos(wr);
    if (hip) {
      m.wrist_fore_aft_px[s] = facing_sign * (wr.x_px - hip->x);
      m.wrist_up_px[s] = hip->y - wr.y_px;
    }
  }
  return m;
}

}  // namespace runform::form
