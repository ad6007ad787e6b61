#include "form/landmark_smoother.h"

namespace runform::form {

LandmarkSmoother::LandmarkSmoother(SmootherParams params) : params_(params) { reset(); }

void LandmarkSmoother::reset() {
  for (Track& track : tracks_) track = Track{OneEuroFilter(params_.filter), OneEuroFilter(params_.filter), {}, -1e9};
}

PoseFrame LandmarkSmoother::smooth(const PoseFrame& raw, double torso_px) {
  PoseFrame out;
  out.t_s = raw.t_s;
  const double speed_scale = torso_px > 1.0 ? torso_px : 1.0;
  for (std::size_t i = 0; i < kKeypointCount; ++i) {
    const Landmark& in = raw.keypoints[i];
    Track& track = tracks_[i];
    held_[i] = false;
    if (in.confidence >= params_.min_confidence) {
      // A landmark returning after a gap restarts its filter instead of sliding in from a stale spot.
      if (raw.t_s - track.last_good_t_s > params_.hold_s) {
        track.x.reset();
        track.y.reset();
      }
      track.last_good = {track.x.filter(raw.t_s, in.x_px, speed_scale), track.y.filter(raw.t_s, in.y_px, speed_scale),
                         in.confidence};
      track.last_good_t_s = raw.t_s;
      out.keypoints[i] = track.last_good;
    } else if (raw.t_s - track.last_good_t_s <= params_.hold_s) {
      out.keypoints[i] = track.last_good;  // held: position kept, confidence of the last good sample
      held_[i] = true;
    } else {
      out.keypoints[i] = Landmark{in.x_px, in.y_px, 0.0};
    }
  }
  return out;
}

}  // namespace runform::form
