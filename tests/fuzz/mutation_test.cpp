// Bounded mutation loops, run by CTest on every build (the libFuzzer targets need clang; see
// the fuzz preset): thousands of mutated tracks and dozens of mutated video files must keep the
// promises of input_contracts.h. The seed is printed and can be given back with
// RUNFORM_FUZZ_SEED to replay a failure.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/videoio.hpp>
#include <sstream>

#include "byte_mutator.h"
#include "form/track_io.h"
#include "input_contracts.h"

namespace runform::fuzz {
namespace {

constexpr int kTrackMutations = 20000;
constexpr int kVideoMutations = 200;

unsigned fuzz_seed() {
  const char* env = std::getenv("RUNFORM_FUZZ_SEED");
  const unsigned seed = env != nullptr ? static_cast<unsigned>(std::stoul(env)) : 20261122U;
  std::printf("fuzz seed %u (replay with RUNFORM_FUZZ_SEED=%u)\n", seed, seed);
  return seed;
}

std::string valid_track(int frames) {
  std::ostringstream out;
  form::write_header(out, {640, 480, 30.0, form::View::kFront});
  for (int i = 0; i < frames; ++i) {
    form::PoseFrame f;
    f.t_s = i / 30.0;
    for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
      const double kd = static_cast<double>(k);
      f.keypoints[k] = {300.0 + 3.0 * kd, 100.0 + 15.0 * kd + i, 0.9};
    }
    form::write_frame(out, f);
  }
  return out.str();
}

TEST(TrackReaderFuzz, MutatedTracksEitherReadOrNameTheLine) {
  const std::string seed_track = valid_track(6);
  ASSERT_FALSE(check_track_bytes(seed_track));
  ByteMutator mutator(fuzz_seed());
  int refused = 0;
  for (int i = 0; i < kTrackMutations; ++i) {
    const std::string input = mutator.mutate(seed_track);
    const auto broken = check_track_bytes(input);
    ASSERT_FALSE(broken) << "mutation " << i << ": " << *broken << "\ninput (first 300 bytes): " << input.substr(0, 300);
    std::istringstream in(input);
    try {
      form::TrackReader reader(in);
      while (reader.next()) {
      }
    } catch (const form::TrackFormatError&) {
      ++refused;
    }
  }
  std::printf("%d mutated tracks: %d refused with a line number, %d read\n", kTrackMutations, refused, kTrackMutations - refused);
  EXPECT_GT(refused, kTrackMutations / 2) << "the mutations are too gentle to test anything";
}

TEST(TrackReaderFuzz, InputsThatOnceCrashedOrPassed) {
  const std::string header = R"({"format":"runform-landmarks","version":1,"width":640,"height":480,"fps":30})";
  for (const std::string& input : {header + "\n{\"x\":" + std::string(300'000, '[') + "}\n",
                                   header + "\n{\"x\":" + std::string(300'000, '{') + "}\n",
                                   std::string("\xEF\xBB\xBF") + valid_track(2), std::string(100'000, '\n'),
                                   std::string(2'000'000, 'x'), std::string("\0\0\0", 3)}) {
    const auto broken = check_track_bytes(input);
    EXPECT_FALSE(broken) << *broken;
  }
}

TEST(VideoSourceFuzz, MutatedClipsEitherPlayOrAreRefused) {
  const auto dir = std::filesystem::temp_directory_path() / ("runform-video-mutation-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto clip = dir / "seed.avi";
  {
    cv::VideoWriter writer(clip.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30.0, cv::Size(96, 64));
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 8; ++i) writer.write(cv::Mat(64, 96, CV_8UC3, cv::Scalar(20 * i, 100, 200)));
  }
  std::ifstream in(clip, std::ios::binary);
  const std::string seed_clip((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(check_video_bytes(seed_clip, dir / "input.avi"));
  ByteMutator mutator(fuzz_seed());
  for (int i = 0; i < kVideoMutations; ++i) {
    const auto broken = check_video_bytes(mutator.mutate(seed_clip), dir / "input.avi");
    ASSERT_FALSE(broken) << "mutation " << i << ": " << *broken;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace runform::fuzz
