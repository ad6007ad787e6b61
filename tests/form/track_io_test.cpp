// Track files: round trip, and a clear error naming the line for every kind of bad input.
#include "form/track_io.h"

#include <gtest/gtest.h>

#include <sstream>

namespace runform::form {
namespace {

const std::string kHeader = R"({"format":"runform-landmarks","version":1,"width":640,"height":480,"fps":30,"view":"front"})";

std::string frame_line(double t, int keypoints = 17, const std::string& first = "[10.5,20.25,0.9]") {
  std::string s = R"({"t":)" + std::to_string(t) + R"(,"keypoints":[)";
  for (int i = 0; i < keypoints; ++i) s += (i ? "," : "") + (i == 0 ? first : std::string("[1,2,0.5]"));
  return s + "]}";
}

// Reads a whole track; returns the error message, or "" when it is valid.
std::string read_error(const std::string& text) {
  std::istringstream in(text);
  try {
    TrackReader reader(in);
    while (reader.next()) {
    }
  } catch (const TrackFormatError& e) {
    return e.what();
  }
  return "";
}

TEST(TrackIo, RoundTripKeepsValues) {
  std::ostringstream out;
  write_header(out, {640, 480, 30.0, View::kSide});
  PoseFrame f;
  f.t_s = 1.25;
  for (std::size_t i = 0; i < kKeypointCount; ++i) f.keypoints[i] = {10.0 + static_cast<double>(i), 20.5 + static_cast<double>(i), 0.5};
  write_frame(out, f);
  std::istringstream in(out.str());
  TrackReader reader(in);
  EXPECT_EQ(reader.header().view, View::kSide);
  EXPECT_EQ(reader.header().width_px, 640);
  const auto back = reader.next();
  ASSERT_TRUE(back);
  EXPECT_DOUBLE_EQ(back->t_s, 1.25);
  EXPECT_DOUBLE_EQ(back->at(Keypoint::kRightAnkle).x_px, 26.0);
  EXPECT_DOUBLE_EQ(back->at(Keypoint::kRightAnkle).confidence, 0.5);
  EXPECT_FALSE(reader.next());
}

TEST(TrackIo, ToleratesWhitespaceBlankLinesAndUnknownKeys) {
  const std::string text = kHeader + "\n\n" + R"({ "t" : 0.5 , "extra" : {"a":[1,2,{"b":"c"}]}, "keypoints" : [)" +
                           frame_line(0).substr(frame_line(0).find('[') + 1) + "\n";
  EXPECT_EQ(read_error(text), "");
}

TEST(TrackIo, AcceptsAUtf8ByteOrderMark) {
  const std::string text = "\xEF\xBB\xBF" + kHeader + "\r\n" + frame_line(0) + "\r\n";
  EXPECT_EQ(read_error(text), "");
}

TEST(TrackIo, AcceptsLandmarksJustBeyondTheEdge) {
  // A pose model extrapolates a joint the frame cuts off: up to a quarter of the image beyond.
  EXPECT_EQ(read_error(kHeader + "\n" + frame_line(0, 17, "[-150,-110,0.2]") + "\n"), "");
  EXPECT_EQ(read_error(kHeader + "\n" + frame_line(0, 17, "[790,590,0.2]") + "\n"), "");
}

TEST(TrackIo, AcceptsScalarsInUnknownKeys) {
  EXPECT_EQ(read_error(kHeader + "\n" + R"({"a":true,"b":false,"c":null,"d":-1.5e3,"e":"x",)" + frame_line(0).substr(1) + "\n"), "");
}

TEST(TrackIo, DeepNestingIsAnErrorNotACrash) {
  // 300 KB of '[' once overflowed the stack through unbounded recursion.
  const std::string deep = R"({"x":)" + std::string(300'000, '[') + std::string(300'000, ']') + "}";
  EXPECT_EQ(read_error(kHeader + "\n" + deep + "\n"), "line 2: values nested deeper than 32 levels at column 38");
  // 32 levels are still fine.
  const std::string ok = R"({"x":)" + std::string(32, '[') + std::string(32, ']') + "," + frame_line(0).substr(1);
  EXPECT_EQ(read_error(kHeader + "\n" + ok + "\n"), "");
}

TEST(TrackIo, OverlongLineIsRefusedByLineNumber) {
  const std::string huge = R"({"x":")" + std::string(1 << 21, 'a') + "\"}";
  EXPECT_EQ(read_error(kHeader + "\n" + huge + "\n"),
            "line 2: line longer than 1024 KiB: not a track line (is this a RunForm track?)");
}

struct BadCase {
  const char* name;
  std::string text;
  std::string expected_message;  // the whole message: line number and problem
};

class TrackIoBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(TrackIoBadInput, GivesAClearErrorNamingTheLine) {
  EXPECT_EQ(read_error(GetParam().text), GetParam().expected_message);
}

std::string header_with(const std::string& fields) {
  return R"({"format":"runform-landmarks","version":1,)" + fields + "}\n" + frame_line(0) + "\n";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TrackIoBadInput,
    ::testing::Values(
        BadCase{"empty", "", "line 1: empty file: expected a runform-landmarks header line"},
        BadCase{"only_blank", "\n\n", "line 2: empty file: expected a runform-landmarks header line"},
        BadCase{"not_json", "hello\n", "line 1: expected '{' at column 1"},
        BadCase{"bom_then_not_json", "\xEF\xBB\xBFhello\n", "line 1: expected '{' at column 1"},
        BadCase{"wrong_format", R"({"format":"other","version":1,"width":640,"height":480,"fps":30})",
                "line 1: header: format must be \"runform-landmarks\""},
        BadCase{"missing_format", R"({"version":1,"width":640,"height":480,"fps":30})",
                "line 1: header: missing \"format\":\"runform-landmarks\" (is this a RunForm track?)"},
        BadCase{"bad_version", R"({"format":"runform-landmarks","version":2,"width":640,"height":480,"fps":30})",
                "line 1: header: unsupported version (this reader reads version 1)"},
        BadCase{"missing_version", R"({"format":"runform-landmarks","width":640,"height":480,"fps":30})",
                "line 1: header: missing \"version\""},
        BadCase{"zero_fps", header_with(R"("width":640,"height":480,"fps":0)"), "line 1: header: fps must be 1–240, got 0"},
        BadCase{"huge_fps", header_with(R"("width":640,"height":480,"fps":1e308)"),
                "line 1: header: fps must be 1–240, got 1e+308"},
        BadCase{"tiny_fps", header_with(R"("width":640,"height":480,"fps":1e-300)"),
                "line 1: header: fps must be 1–240, got 1e-300"},
        BadCase{"one_pixel_image", header_with(R"("width":1,"height":1,"fps":30)"),
                "line 1: header: image size must be whole pixels, 32–8192 on each side, got 1×1"},
        BadCase{"huge_image", header_with(R"("width":1e300,"height":480,"fps":30)"),
                "line 1: header: image size must be whole pixels, 32–8192 on each side, got 1e+300×480"},
        BadCase{"fractional_image", header_with(R"("width":640.5,"height":480,"fps":30)"),
                "line 1: header: image size must be whole pixels, 32–8192 on each side, got 640.5×480"},
        BadCase{"missing_size", header_with(R"("fps":30)"),
                "line 1: header: image size must be whole pixels, 32–8192 on each side, got 0×0"},
        BadCase{"bad_view", header_with(R"("width":640,"height":480,"fps":30,"view":"top")"),
                "line 1: header: view must be \"front\", \"side\" or \"auto\""},
        BadCase{"bare_word_in_header", header_with(R"("width":640,"height":480,"fps":30,"camera":webcam)"),
                "line 1: unquoted word at column 86: a value must be a number, a \"string\", true, false or null"},
        BadCase{"bare_word_width", header_with(R"("width":wide,"height":480,"fps":30)"),
                "line 1: header width is not a number at column 51"},
        BadCase{"no_frames", kHeader + "\n", "line 2: no frames after the header"},
        BadCase{"nan", kHeader + "\n" + frame_line(0, 17, "[NaN,1,0.5]") + "\n", "line 2: keypoint x is not a finite number"},
        BadCase{"infinity", kHeader + "\n" + frame_line(0, 17, "[1,Infinity,0.5]") + "\n",
                "line 2: keypoint y is not a finite number"},
        BadCase{"huge_overflow", kHeader + "\n" + frame_line(0, 17, "[1e999,1,0.5]") + "\n",
                "line 2: keypoint x is not a number at column 29"},
        BadCase{"landmark_far_left", kHeader + "\n" + frame_line(0, 17, "[-5000,20,0.5]") + "\n",
                "line 2: keypoint 0 at (-5000, 20) px lies outside the 640×480 image (by more than 25% of its size)"},
        BadCase{"landmark_times_100", kHeader + "\n" + frame_line(0, 17, "[1050,2025,0.9]") + "\n",
                "line 2: keypoint 0 at (1050, 2025) px lies outside the 640×480 image (by more than 25% of its size)"},
        BadCase{"too_few_keypoints", kHeader + "\n" + frame_line(0, 16) + "\n",
                "line 2: keypoints: expected 17 entries (COCO-17), got 16"},
        BadCase{"too_many_keypoints", kHeader + "\n" + frame_line(0, 18) + "\n",
                "line 2: keypoints: more than 17 entries (COCO-17 expected)"},
        BadCase{"two_values", kHeader + "\n" + frame_line(0, 17, "[1,2]") + "\n", "line 2: expected ',' at column 32"},
        BadCase{"four_values", kHeader + "\n" + frame_line(0, 17, "[1,2,0.5,9]") + "\n",
                "line 2: keypoint 0: expected [x,y,c], got more values"},
        BadCase{"confidence_out_of_range", kHeader + "\n" + frame_line(0, 17, "[1,2,1.5]") + "\n",
                "line 2: keypoint 0: confidence must be in [0,1], got 1.5"},
        BadCase{"negative_time", kHeader + "\n" + frame_line(-1.0) + "\n",
                "line 2: time must be 0–86400 s from the start of the track, got t=-1"},
        BadCase{"time_beyond_a_day", kHeader + "\n" + frame_line(1e9) + "\n",
                "line 2: time must be 0–86400 s from the start of the track, got t=1000000000"},
        BadCase{"time_backwards", kHeader + "\n" + frame_line(1.0) + "\n" + frame_line(0.5) + "\n",
                "line 3: time goes backwards or repeats: t=0.5 after t=1"},
        BadCase{"time_repeats", kHeader + "\n" + frame_line(1.0) + "\n" + frame_line(1.0) + "\n",
                "line 3: time goes backwards or repeats: t=1 after t=1"},
        BadCase{"missing_t", kHeader + "\n" + frame_line(0).replace(1, frame_line(0).find(',') , "") + "\n",
                "line 2: frame: missing \"t\""},
        BadCase{"missing_keypoints", kHeader + "\n" + R"({"t":0.5})" + "\n", "line 2: frame: missing \"keypoints\""},
        BadCase{"empty_keypoints", kHeader + "\n" + R"({"t":0.5,"keypoints":[]})" + "\n",
                "line 2: keypoints: expected 17 entries (COCO-17), got 0"},
        BadCase{"trailing_garbage", kHeader + "\n" + frame_line(0) + "xyz\n",
                "line 2: unexpected text after the JSON object at column 206"},
        BadCase{"truncated_line", kHeader + "\n" + frame_line(0).substr(0, 40) + "\n", "line 2: expected ']' at column 41"}),
    [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace runform::form
