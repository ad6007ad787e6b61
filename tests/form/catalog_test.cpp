// The metric catalog and the cue/drill assets: every fault has a cue, files parse, errors are clear.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "form/cue_catalog.h"
#include "form/text_table.h"

namespace runform::form {
namespace {

TEST(Catalog, KeysRoundTripAndAreUnique) {
  for (const MetricInfo& mi : metric_catalog()) {
    EXPECT_EQ(metric_from_key(mi.key), mi.id);
    EXPECT_FALSE(mi.label.empty());
  }
  EXPECT_FALSE(metric_from_key("no.such_metric"));
}

TEST(Catalog, ShippedAssetsGiveEveryMetricACueAndADrill) {
  const CoachingCatalog c = load_coaching_catalog(RUNFORM_ASSETS_DIR);
  for (const MetricInfo& mi : metric_catalog()) {
    const bool has_cue = std::any_of(c.cues.begin(), c.cues.end(), [&](const CueDef& d) { return d.metric == mi.id; });
    EXPECT_TRUE(has_cue) << mi.key << " has no cue";
    const bool has_drill = std::any_of(c.drills.begin(), c.drills.end(), [&](const DrillDef& d) {
      return std::find(d.metrics.begin(), d.metrics.end(), mi.id) != d.metrics.end();
    });
    EXPECT_TRUE(has_drill) << mi.key << " has no drill";
  }
  for (const CueDef& cue : c.cues) EXPECT_LE(cue.text.size(), 34u) << "too long to read at 3 m: " << cue.text;
  EXPECT_EQ(c.recovery_notes.size(), 3u);
}

TEST(Catalog, BadCueFilesNameFileAndLine) {
  auto error_of = [](const std::string& text) {
    std::istringstream in(text);
    try {
      parse_cues(in, "cues.txt");
    } catch (const DataFileError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error_of("# c\na | head.tilt_deg | 1 | Text\n").find("cues.txt:2: expected 5"), std::string::npos);
  EXPECT_NE(error_of("a | head.nope | 1 | T | P\n").find("unknown metric id 'head.nope'"), std::string::npos);
  EXPECT_NE(error_of("a | head.tilt_deg | x | T | P\n").find("priority must be an integer"), std::string::npos);
  EXPECT_NE(error_of("a | head.tilt_deg | 1 | T | P\na | head.tilt_deg | 2 | U | Q\n").find("duplicate cue id"),
            std::string::npos);
  EXPECT_THROW(load_coaching_catalog("/nonexistent"), DataFileError);
}

}  // namespace
}  // namespace runform::form
