// Frame sources: files, folders and cameras deliver timestamped frames; a missing or corrupt
// input gives a clear error; a camera that disappears is reported and reconnected with backoff.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "camera/image_folder_source.h"
#include "camera/reconnecting_source.h"
#include "camera/source_spec.h"
#include "camera/synthetic_source.h"
#include "camera/video_capture_source.h"
#include "support/scripted_sources.h"

namespace runform::camera {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("runform-src-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

cv::Mat numbered_frame(int n) {
  cv::Mat m(120, 160, CV_8UC3, cv::Scalar(40, 40, 40));
  cv::putText(m, std::to_string(n), {20, 80}, cv::FONT_HERSHEY_SIMPLEX, 2.0, cv::Scalar(255, 255, 255), 3);
  return m;
}

template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const SourceError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ImageFolderSource, PlaysImagesInNameOrderAtTheGivenRate) {
  TempDir dir;
  for (int i : {2, 0, 1}) cv::imwrite((dir.path() / ("frame_" + std::to_string(i) + ".png")).string(), numbered_frame(i));
  std::ofstream(dir.path() / "notes.txt") << "not an image";
  ImageFolderSource source(dir.path(), 10.0);
  EXPECT_EQ(source.frame_count(), 3);
  EXPECT_FALSE(source.live());
  CapturedFrame f;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(source.read(f), ReadStatus::kFrame);
    EXPECT_EQ(f.index, static_cast<std::uint64_t>(i));
    EXPECT_DOUBLE_EQ(f.t_s, i / 10.0);
    EXPECT_EQ(f.bgr.size(), cv::Size(160, 120));
  }
  EXPECT_EQ(source.read(f), ReadStatus::kEnd);
}

TEST(ImageFolderSource, MissingEmptyOrCorruptGiveClearErrors) {
  EXPECT_NE(error_of([] { ImageFolderSource("/nonexistent/runform", 30.0); }).find("does not exist"), std::string::npos);
  TempDir empty;
  EXPECT_NE(error_of([&] { ImageFolderSource(empty.path(), 30.0); }).find("holds no"), std::string::npos);
  TempDir corrupt;
  std::ofstream(corrupt.path() / "broken.png") << "garbage, not a PNG";
  ImageFolderSource source(corrupt.path(), 30.0);
  CapturedFrame f;
  const std::string message = error_of([&] { source.read(f); });
  EXPECT_NE(message.find("broken.png"), std::string::npos) << message;
  EXPECT_NE(message.find("could not be decoded"), std::string::npos) << message;
}

TEST(VideoCaptureSource, ReadsARecordedClipWithTimestamps) {
  TempDir dir;
  const std::string path = (dir.path() / "clip.avi").string();
  {
    cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, {160, 120});
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 20; ++i) writer.write(numbered_frame(i));
  }
  auto source = VideoCaptureSource::open_file(path);
  EXPECT_FALSE(source->live());
  EXPECT_NEAR(source->fps(), 25.0, 0.01);
  EXPECT_EQ(source->frame_count(), 20);
  CapturedFrame f;
  int n = 0;
  while (source->read(f) == ReadStatus::kFrame) {
    EXPECT_NEAR(f.t_s, n / 25.0, 1e-3) << "frame " << n;
    EXPECT_EQ(f.bgr.size(), cv::Size(160, 120));
    ++n;
  }
  EXPECT_EQ(n, 20);
}

TEST(VideoCaptureSource, MissingOrCorruptFilesGiveClearErrors) {
  const std::string missing = error_of([] { VideoCaptureSource::open_file("/nonexistent/run.mp4"); });
  EXPECT_NE(missing.find("does not exist"), std::string::npos) << missing;
  TempDir dir;
  const fs::path corrupt = dir.path() / "run.mp4";
  std::ofstream(corrupt, std::ios::binary) << std::string(4096, '\x5a');
  const std::string message = error_of([&] { VideoCaptureSource::open_file(corrupt.string()); });
  EXPECT_NE(message.find("corrupt"), std::string::npos) << message;
  EXPECT_NE(message.find("run.mp4"), std::string::npos) << message;
}

TEST(SourceSpec, ClassifiesWhatAPersonTypes) {
  TempDir dir;
  EXPECT_EQ(classify_source("0"), SourceKind::kCamera);
  EXPECT_EQ(classify_source("/dev/video2"), SourceKind::kCamera);
  EXPECT_EQ(classify_source("rtsp://10.0.0.5/stream1"), SourceKind::kStream);
  EXPECT_EQ(classify_source("http://cam.local/mjpg"), SourceKind::kStream);
  EXPECT_EQ(classify_source("synthetic:side"), SourceKind::kSynthetic);
  EXPECT_EQ(classify_source(dir.path().string()), SourceKind::kImageFolder);
  EXPECT_EQ(classify_source("clip.mp4"), SourceKind::kVideoFile);
  EXPECT_NE(error_of([] { open_frame_source("synthetic:top"); }).find("front or side"), std::string::npos);
  EXPECT_NE(error_of([] { open_frame_source("/nonexistent/clip.mp4"); }).find("does not exist"), std::string::npos);
}

TEST(SyntheticSource, CarriesTruthAndTheStationLayout) {
  sim::SimulationSpec spec;
  spec.runner.duration_s = 7.0;
  spec.runner.standing_s = 1.0;
  SyntheticSource source(spec, {}, false);
  CapturedFrame f;
  ASSERT_EQ(source.read(f), ReadStatus::kFrame);
  ASSERT_TRUE(f.truth);
  const StationLayout station = source.station();
  const form::Landmark& hip = f.truth->keypoints[11];
  EXPECT_TRUE(station.treadmill_zone.contains({hip.x_px, hip.y_px}));
  EXPECT_EQ(station.rails.size(), 2U);
}

// A fake clock the test moves by hand.
struct ManualClock {
  double now_s = 100.0;
  ClockFn fn() {
    return [this] { return now_s; };
  }
};

TEST(ReconnectingSource, ReportsALostCameraAndReconnectsWithBackoff) {
  testing::UnpluggableCamera camera;
  ManualClock clock;
  int opens = 0;
  ReconnectingSource source(
      "camera test", [&] { ++opens; return camera.open(); }, {0.5, 4.0, 2.0}, clock.fn());
  CapturedFrame f;
  ASSERT_EQ(source.read(f), ReadStatus::kFrame);
  ASSERT_EQ(source.read(f), ReadStatus::kFrame);
  EXPECT_EQ(source.status()->state, SourceStatus::State::kStreaming);
  EXPECT_EQ(f.index, 1U);

  camera.unplug();
  EXPECT_EQ(source.read(f), ReadStatus::kLost);
  SourceStatus s = *source.status();
  EXPECT_EQ(s.state, SourceStatus::State::kLost);
  EXPECT_NE(s.detail.find("unplugged or stream dropped"), std::string::npos) << s.detail;

  // Attempts come at 0.5, 1, 2, 4, 4 s intervals; reads in between return at once.
  std::vector<double> attempt_times;
  const int opens_before = opens;
  for (int step = 0; step < 240; ++step) {  // 12 s in 50 ms steps
    clock.now_s += 0.05;
    const int before = opens;
    EXPECT_EQ(source.read(f), ReadStatus::kLost);
    if (opens != before) attempt_times.push_back(clock.now_s);
  }
  ASSERT_GE(attempt_times.size(), 4U);
  EXPECT_EQ(opens - opens_before, static_cast<int>(attempt_times.size()));
  const std::vector<double> expected_gaps{1.0, 2.0, 4.0, 4.0};
  for (std::size_t i = 1; i < attempt_times.size() && i <= expected_gaps.size(); ++i) {
    EXPECT_NEAR(attempt_times[i] - attempt_times[i - 1], expected_gaps[i - 1], 0.051) << "gap " << i;
  }
  EXPECT_GE(source.status()->failed_attempts, 4);
  EXPECT_GT(source.status()->retry_in_s, 0.0);

  camera.plug();
  clock.now_s += 5.0;
  ASSERT_EQ(source.read(f), ReadStatus::kFrame);
  EXPECT_EQ(f.index, 2U) << "frame numbers continue across the reconnect";
  s = *source.status();
  EXPECT_EQ(s.state, SourceStatus::State::kStreaming);
  EXPECT_EQ(s.failed_attempts, 0);
  EXPECT_EQ(s.frames, 3U);

  // Lost again: the backoff starts from the first interval once more.
  camera.unplug();
  EXPECT_EQ(source.read(f), ReadStatus::kLost);
  EXPECT_DOUBLE_EQ(source.status()->retry_in_s, 0.5);
}

TEST(ReconnectingSource, ACameraAbsentAtStartIsRetriedNotFatal) {
  testing::UnpluggableCamera camera;
  camera.unplug();
  ManualClock clock;
  ReconnectingSource source("camera test", [&] { return camera.open(); }, {}, clock.fn());
  CapturedFrame f;
  EXPECT_EQ(source.read(f), ReadStatus::kLost);
  EXPECT_NE(source.status()->detail.find("unplugged"), std::string::npos);
  camera.plug();
  clock.now_s += 1.0;
  EXPECT_EQ(source.read(f), ReadStatus::kFrame);
}

TEST(VideoCaptureSource, AnAbsentCameraSaysWhatToCheck) {
  CameraOptions options;
  options.device = "/dev/video-runform-absent";
  const std::string message = error_of([&] { VideoCaptureSource::open_camera(options); });
  EXPECT_NE(message.find("plugged in"), std::string::npos) << message;
}

}  // namespace
}  // namespace runform::camera
