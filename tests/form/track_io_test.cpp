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

struct BadCase {
  const char* name;
  std::string text;
  std::string expected_fragment;
};

class TrackIoBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(TrackIoBadInput, GivesAClearErrorNamingTheLine) {
  const std::string error = read_error(GetParam().text);
  EXPECT_NE(error.find(GetParam().expected_fragment), std::string::npos) << "got: " << error;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TrackIoBadInput,
    ::testing::Values(
        BadCase{"empty", "", "line 1: empty file"},
        BadCase{"only_blank", "\n\n", "empty file"},
        BadCase{"not_json", "hello\n", "line 1: expected '{'"},
        BadCase{"wrong_format", R"({"format":"other","version":1,"width":1,"height":1,"fps":1})", "format must be"},
        BadCase{"missing_format", R"({"version":1,"width":1,"height":1,"fps":1})", "missing \"format\""},
        BadCase{"bad_version", R"({"format":"runform-landmarks","version":2,"width":1,"height":1,"fps":1})",
                "unsupported version"},
        BadCase{"zero_fps", R"({"format":"runform-landmarks","version":1,"width":1,"height":1,"fps":0})",
                "fps must be positive"},
        BadCase{"bad_view", R"({"format":"runform-landmarks","version":1,"width":1,"height":1,"fps":1,"view":"top"})",
                "view must be"},
        BadCase{"no_frames", kHeader + "\n", "line 2: no frames"},
        BadCase{"nan", kHeader + "\n" + frame_line(0, 17, "[NaN,1,0.5]") + "\n", "line 2: keypoint x is not a finite"},
        BadCase{"infinity", kHeader + "\n" + frame_line(0, 17, "[1,Infinity,0.5]") + "\n", "not a finite number"},
        BadCase{"huge_overflow", kHeader + "\n" + frame_line(0, 17, "[1e999,1,0.5]") + "\n", "line 2: keypoint x"},
        BadCase{"too_few_keypoints", kHeader + "\n" + frame_line(0, 16) + "\n", "line 2: keypoints: expected 17 entries"},
        BadCase{"too_many_keypoints", kHeader + "\n" + frame_line(0, 18) + "\n", "more than 17"},
        BadCase{"two_values", kHeader + "\n" + frame_line(0, 17, "[1,2]") + "\n", "line 2: expected ','"},
        BadCase{"four_values", kHeader + "\n" + frame_line(0, 17, "[1,2,0.5,9]") + "\n", "got more values"},
        BadCase{"confidence_out_of_range", kHeader + "\n" + frame_line(0, 17, "[1,2,1.5]") + "\n",
                "confidence must be in [0,1]"},
        BadCase{"time_backwards", kHeader + "\n" + frame_line(1.0) + "\n" + frame_line(0.5) + "\n",
                "line 3: time goes backwards"},
        BadCase{"time_repeats", kHeader + "\n" + frame_line(1.0) + "\n" + frame_line(1.0) + "\n", "line 3: time"},
        BadCase{"missing_t", kHeader + "\n" + R"({"keypoints":[]})" + "\n", "line 2: keypoints: expected 17"},
        BadCase{"trailing_garbage", kHeader + "\n" + frame_line(0) + "xyz\n", "unexpected text after"},
        BadCase{"truncated_line", kHeader + "\n" + frame_line(0).substr(0, 40) + "\n", "line 2:"}),
    [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace runform::form
