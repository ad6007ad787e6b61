#include "station/setup_check.h"

#include <algorithm>
#include <cmath>

namespace runform::station {

namespace {

constexpr std::size_t kBrightnessEveryFrames = 10;  // brightness changes slowly: measure 3× a second

SetupItem passed() { return SetupItem{true, true, {}, {}}; }
SetupItem failed(std::string problem, std::string fix) { return SetupItem{false, true, std::move(problem), std::move(fix)}; }

std::optional<double> distance_px(const form::Landmark& a, const form::Landmark& b, double min_conf) {
  if (a.confidence < min_conf || b.confidence < min_conf) return std::nullopt;
  return std::hypot(a.x_px - b.x_px, a.y_px - b.y_px);
}

}  // namespace

std::string view_note(form::View view) {
  if (view == form::View::kSide) {
    return "the camera sees you from the side: head and shoulder posture and arm drive are checked; arm crossing and "
           "shoulder height are checked from the front";
  }
  return "the camera sees you from the front: arm crossing, shoulder height and head tilt are checked; forward head "
         "and rounded shoulders are checked from the side";
}

SetupJudge::SetupJudge(bool trained_model, std::string install_hint, SetupParams params)
    : trained_(trained_model), install_hint_(std::move(install_hint)), params_(params) {}

SetupChecks SetupJudge::update(const camera::TrackedPose& tracked, const cv::Mat& bgr, const camera::StationLayout& layout) {
  SetupChecks out;
  out.trained_model = trained_ ? passed()
                               : failed("only the demo's marker model is installed: it sees the synthetic runner, not people",
                                        install_hint_);

  seen_.push_back(tracked.runner_found);
  while (seen_.size() > params_.window_frames) seen_.pop_front();
  const auto seen = static_cast<double>(std::count(seen_.begin(), seen_.end(), true));
  const bool person = seen >= params_.seen_share * static_cast<double>(seen_.size());
  out.person_seen = person ? passed()
                           : failed("the camera does not see a person",
                                    trained_ ? "step onto the treadmill and face the camera" : install_hint_);

  if (!bgr.empty() && (brightness_ < 0.0 || frames_ % kBrightnessEveryFrames == 0)) {
    const cv::Scalar mean = cv::mean(bgr);
    brightness_ = (mean[0] + mean[1] + mean[2]) / 3.0;
  }
  ++frames_;
  out.light = brightness_ < 0.0 ? SetupItem{}
              : brightness_ >= params_.min_brightness
                  ? passed()
                  : failed("the picture is too dark", "turn on more light, or turn the camera away from a bright window");

  const form::PoseFrame& pose = tracked.pose;
  if (!tracked.runner_found) {
    // Nothing to judge position or view from; the person check above says why.
    out.fully_in_frame = SetupItem{};
    out.in_zone = SetupItem{};
    return out;
  }
  const double w = bgr.empty() ? 0.0 : bgr.cols;
  const double h = bgr.empty() ? 0.0 : bgr.rows;
  bool head_cut = false;
  bool feet_cut = false;
  bool side_cut = false;
  for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
    const form::Landmark& l = pose.keypoints[k];
    const bool is_head = k <= static_cast<std::size_t>(form::Keypoint::kRightEar);
    const bool is_feet = k >= static_cast<std::size_t>(form::Keypoint::kLeftKnee);
    const bool missing = l.confidence < params_.min_confidence;
    const double m = params_.edge_margin_px;
    const bool at_edge = !missing && w > 0 && (l.x_px < m || l.x_px > w - m || l.y_px < m || l.y_px > h - m);
    if (is_head && (missing || (at_edge && l.y_px < m))) head_cut = true;
    if (is_feet && (missing || (at_edge && l.y_px > h - m))) feet_cut = true;
    if (at_edge && (l.x_px < m || l.x_px > w - m)) side_cut = true;
  }
  if (head_cut || feet_cut) {
    out.fully_in_frame = failed(head_cut && feet_cut ? "your head and feet are not both in the picture"
                                : head_cut           ? "your head is outside the picture"
                                                     : "your feet are outside the picture",
                                "step back");
  } else if (side_cut) {
    out.fully_in_frame = failed("part of you is outside the picture", "move to the middle of the treadmill");
  } else {
    out.fully_in_frame = passed();
  }

  const form::Landmark& lh = pose.at(form::Keypoint::kLeftHip);
  const form::Landmark& rh = pose.at(form::Keypoint::kRightHip);
  if (lh.confidence >= params_.min_confidence && rh.confidence >= params_.min_confidence) {
    const cv::Point2d hips{(lh.x_px + rh.x_px) / 2.0, (lh.y_px + rh.y_px) / 2.0};
    const bool whole_frame = layout.treadmill_zone.area() <= 0.0;
    out.in_zone = whole_frame || layout.treadmill_zone.contains(hips)
                      ? passed()
                      : failed("you are not on the treadmill", "stand in the middle of the treadmill belt");
  } else {
    out.in_zone = failed("your hips are not visible", "step back so the camera sees your whole body");
  }

  const auto shoulders = distance_px(pose.at(form::Keypoint::kLeftShoulder), pose.at(form::Keypoint::kRightShoulder),
                                     params_.min_confidence);
  const auto torso = camera::torso_length_px(pose, params_.min_confidence);
  out.view = view_.update(shoulders, torso);
  out.view_note = view_note(*out.view);
  return out;
}

}  // namespace runform::station
