// Test scripts: every step parses, and a bad line is named with what is wrong.
#include <gtest/gtest.h>

#include <sstream>

#include "kiosk/frame_stats.h"
#include "kiosk/input_script.h"

namespace runform::kiosk {
namespace {

std::vector<ScriptStep> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_script(in, "s.txt");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ScriptError& e) {
    return e.what();
  }
  return "no error";
}

TEST(InputScript, ParsesEveryStep) {
  const auto steps = parse("# comment\n\nawait checkin\nawait running 90\ntap Run as a guest\ntype 4711\n"
                           "badge 123456\nunbadge\nwait 2.5\nscreenshot running-cue\nquit\n");
  ASSERT_EQ(steps.size(), 9u);
  EXPECT_EQ(steps[0].kind, ScriptStep::Kind::kAwait);
  EXPECT_EQ(steps[0].argument, "checkin");
  EXPECT_DOUBLE_EQ(steps[0].seconds, kDefaultAwaitTimeoutS);
  EXPECT_EQ(steps[0].line, 3);
  EXPECT_DOUBLE_EQ(steps[1].seconds, 90.0);
  EXPECT_EQ(steps[2].argument, "Run as a guest");
  EXPECT_EQ(steps[3].kind, ScriptStep::Kind::kType);
  EXPECT_EQ(steps[4].argument, "123456");
  EXPECT_EQ(steps[5].kind, ScriptStep::Kind::kUnbadge);
  EXPECT_DOUBLE_EQ(steps[6].seconds, 2.5);
  EXPECT_EQ(steps[7].argument, "running-cue");
  EXPECT_EQ(steps[8].kind, ScriptStep::Kind::kQuit);
}

TEST(InputScript, BadLinesAreNamed) {
  EXPECT_EQ(error_of("await lobby"),
            "s.txt:1: unknown screen 'lobby' (attract, checkin, setup, calibration, running, summary, "
            "assessment-checkin, assessment-instructions, assessment-step, assessment-handover)");
  EXPECT_EQ(error_of("\nwait soon"), "s.txt:2: 'soon' is not a number of seconds (e.g. 2.5)");
  EXPECT_EQ(error_of("wait -1"), "s.txt:1: '-1' is not a number of seconds (e.g. 2.5)");
  EXPECT_EQ(error_of("type 12ab"), "s.txt:1: 'type' takes digits only, got '12ab'");
  EXPECT_EQ(error_of("tap"), "s.txt:1: 'tap' needs a control's label");
  EXPECT_EQ(error_of("screenshot ../x"), "s.txt:1: a screenshot name has no '/'");
  EXPECT_EQ(error_of("jump 3"), "s.txt:1: unknown step 'jump' (await, tap, type, badge, unbadge, wait, screenshot, quit)");
}

TEST(InputScript, MissingFileSaysSo) {
  EXPECT_THROW(load_script("/nonexistent/script.txt"), ScriptError);
}

TEST(FrameStats, PercentilesByNearestRank) {
  Samples s;
  EXPECT_EQ(s.describe(), "no samples");
  for (int i = 1; i <= 100; ++i) s.add(i);
  EXPECT_DOUBLE_EQ(s.percentile(50), 50.0);
  EXPECT_DOUBLE_EQ(s.percentile(99), 99.0);
  EXPECT_DOUBLE_EQ(s.percentile(100), 100.0);
  EXPECT_DOUBLE_EQ(s.max(), 100.0);
}

TEST(FrameStats, KeepsOnlyTheNewestSamples) {
  Samples s(3);
  for (double v : {100.0, 1.0, 2.0, 3.0}) s.add(v);
  EXPECT_EQ(s.count(), 3u);
  EXPECT_DOUBLE_EQ(s.max(), 3.0);
}

}  // namespace
}  // namespace runform::kiosk
