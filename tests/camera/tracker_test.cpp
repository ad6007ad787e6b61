// RunnerTracker with a scripted estimator: it locks onto the person in the treadmill zone,
// follows them with a crop from the previous pose, ignores people outside the zone, rejects
// joints that leap away, re-acquires a runner who left, and sees hands on the rails.
#include <gtest/gtest.h>

#include "camera/runner_tracker.h"
#include "support/scripted_sources.h"

namespace runform::camera {
namespace {

using testing::person_in_box;
using testing::ScriptedEstimator;

const cv::Mat kFrame(480, 640, CV_8UC3, cv::Scalar(0, 0, 0));
const StationLayout kStation{cv::Rect2d(220, 40, 200, 420), {}};

// The scene: each person is a box; the estimator returns the person who fills most of the crop,
// as a single-pose network does.
struct Scene {
  std::vector<cv::Rect2d> people;
  std::vector<cv::Rect2d> crops;
  form::PoseFrame estimate(const cv::Rect2d& crop, double t_s) {
    crops.push_back(crop);
    double best_area = 0.0;
    form::PoseFrame pose;
    pose.t_s = t_s;
    for (const cv::Rect2d& p : people) {
      const double area = (p & crop).area();
      if (area > best_area) {
        best_area = area;
        pose = person_in_box(p, t_s);
      }
    }
    return pose;
  }
};

TEST(RunnerTracker, LocksOnThePersonInTheZoneAndFollowsThemWithACrop) {
  Scene scene;
  scene.people = {cv::Rect2d(270, 80, 100, 340)};
  ScriptedEstimator estimator([&](const cv::Mat&, const cv::Rect2d& c, double t) { return scene.estimate(c, t); });
  RunnerTracker tracker(kStation, estimator);
  TrackedPose first = tracker.track(kFrame, 0.0);
  EXPECT_TRUE(first.runner_found);
  EXPECT_EQ(first.state, TrackState::kLocked);
  // The first look covers the whole zone; the next one a square around the runner.
  EXPECT_GE(scene.crops[0].height, kStation.treadmill_zone.height);
  const TrackedPose second = tracker.track(kFrame, 1.0 / 30);
  const cv::Rect2d& crop = scene.crops[1];
  EXPECT_NEAR(crop.width, crop.height, 1e-9);
  EXPECT_TRUE((crop & scene.people[0]) == scene.people[0] || (crop & scene.people[0]).area() > 0.95 * scene.people[0].area());
  EXPECT_LT(crop.height, 340 * 1.6);
  EXPECT_NEAR(second.pose.keypoints[0].x_px, 320.0, 1e-9);
}

TEST(RunnerTracker, APersonOutsideTheZoneIsNeverLocked) {
  Scene scene;
  scene.people = {cv::Rect2d(20, 80, 100, 340)};  // beside the treadmill
  ScriptedEstimator estimator([&](const cv::Mat&, const cv::Rect2d& c, double t) {
    // A full-frame look would find them; the tracker only looks in the zone.
    form::PoseFrame p = person_in_box(scene.people[0], t);
    if ((scene.people[0] & c).area() == 0.0) p = scene.estimate(c, t);
    return p;
  });
  RunnerTracker tracker(kStation, estimator);
  for (int i = 0; i < 10; ++i) {
    const TrackedPose t = tracker.track(kFrame, i / 30.0);
    EXPECT_FALSE(t.runner_found);
    EXPECT_EQ(t.state, TrackState::kSearching);
    for (const auto& l : t.pose.keypoints) EXPECT_EQ(l.confidence, 0.0) << "no landmarks from somebody else";
  }
}

TEST(RunnerTracker, AJointThatLeapsToSomebodyElseIsRejected) {
  Scene scene;
  scene.people = {cv::Rect2d(270, 80, 100, 340)};
  int frame = 0;
  ScriptedEstimator estimator([&](const cv::Mat&, const cv::Rect2d& c, double t) {
    form::PoseFrame p = scene.estimate(c, t);
    if (frame >= 3 && frame < 5) p.keypoints[9] = {600.0, 200.0, 0.9};  // left wrist jumps across the frame
    return p;
  });
  RunnerTracker tracker(kStation, estimator);
  for (; frame < 8; ++frame) {
    const TrackedPose t = tracker.track(kFrame, frame / 30.0);
    ASSERT_TRUE(t.runner_found);
    if (frame >= 3 && frame < 5) {
      EXPECT_EQ(t.rejected_keypoints, 1);
      EXPECT_EQ(t.pose.keypoints[9].confidence, 0.0);
    } else {
      EXPECT_EQ(t.rejected_keypoints, 0);
      EXPECT_NEAR(t.pose.keypoints[9].x_px, 270 + 0.77 * 100, 1e-9);
    }
  }
}

TEST(RunnerTracker, AJointThatStaysWhereItMovedIsAcceptedAgain) {
  Scene scene;
  scene.people = {cv::Rect2d(270, 80, 100, 340)};
  int frame = 0;
  ScriptedEstimator estimator([&](const cv::Mat&, const cv::Rect2d& c, double t) {
    form::PoseFrame p = scene.estimate(c, t);
    if (frame >= 2) p.keypoints[10] = {420.0, 250.0, 0.9};  // the right wrist really is there now
    return p;
  });
  TrackerParams params;
  RunnerTracker tracker(kStation, estimator, params);
  int rejected = 0;
  for (; frame < 10; ++frame) rejected += tracker.track(kFrame, frame / 30.0).rejected_keypoints;
  EXPECT_EQ(rejected, params.rejoin_frames - 1);
}

TEST(RunnerTracker, ReleasesTheLockWhenTheRunnerLeavesAndReacquiresThem) {
  Scene scene;
  scene.people = {cv::Rect2d(270, 80, 100, 340)};
  ScriptedEstimator estimator([&](const cv::Mat&, const cv::Rect2d& c, double t) { return scene.estimate(c, t); });
  TrackerParams params;
  RunnerTracker tracker(kStation, estimator, params);
  EXPECT_TRUE(tracker.track(kFrame, 0.0).runner_found);
  scene.people.clear();  // stepped off
  TrackedPose t;
  for (int i = 1; i <= params.lost_after_misses; ++i) t = tracker.track(kFrame, i / 30.0);
  EXPECT_EQ(t.state, TrackState::kSearching);
  // Somebody walks past outside the zone: still searching.
  scene.people = {cv::Rect2d(10, 80, 100, 340)};
  EXPECT_FALSE(tracker.track(kFrame, 1.0).runner_found);
  // The runner steps back on, further along the belt.
  scene.people = {cv::Rect2d(250, 90, 100, 330)};
  t = tracker.track(kFrame, 2.0);
  EXPECT_TRUE(t.runner_found);
  EXPECT_EQ(t.state, TrackState::kLocked);
}

TEST(RailsDetector, HandsStillOnARailAreHoldingIt) {
  const RailLine rail{{200.0, 250.0}, {440.0, 250.0}};
  RailsDetector rails({rail}, {});
  form::PoseFrame pose = person_in_box(cv::Rect2d(270, 80, 100, 340), 0.0);
  bool holding = false;
  for (int i = 0; i < 30; ++i) {  // one second, wrists on the rail
    pose.t_s = i / 30.0;
    pose.keypoints[9] = {300.0 + 0.3 * (i % 2), 252.0, 0.9};
    pose.keypoints[10] = {340.0, 249.0, 0.9};
    holding = rails.update(pose, 100.0);
    if (i < 14) {
      EXPECT_FALSE(holding) << "not before half a second, frame " << i;
    }
  }
  EXPECT_TRUE(holding);
  // Letting go: the wrists swing again.
  for (int i = 30; i < 40; ++i) {
    pose.t_s = i / 30.0;
    pose.keypoints[9] = {300.0, 250.0 + 40.0 * std::sin(i), 0.9};
    pose.keypoints[10] = {340.0, 250.0 - 40.0 * std::sin(i), 0.9};
    holding = rails.update(pose, 100.0);
  }
  EXPECT_FALSE(holding);
}

TEST(RailsDetector, StillHandsAwayFromTheRailsAreNotHolding) {
  RailsDetector rails({RailLine{{200.0, 250.0}, {440.0, 250.0}}}, {});
  form::PoseFrame pose = person_in_box(cv::Rect2d(270, 80, 100, 340), 0.0);
  for (int i = 0; i < 60; ++i) {  // standing with arms by the sides, 60 px below the rail
    pose.t_s = i / 30.0;
    pose.keypoints[9] = {300.0, 310.0, 0.9};
    pose.keypoints[10] = {340.0, 310.0, 0.9};
    EXPECT_FALSE(rails.update(pose, 100.0));
  }
  EXPECT_DOUBLE_EQ(distance_to_segment_px({100.0, 250.0}, RailLine{{200.0, 250.0}, {440.0, 250.0}}), 100.0);
}

}  // namespace
}  // namespace runform::camera
