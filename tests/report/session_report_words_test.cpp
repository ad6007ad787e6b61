// The athlete's session PDF in plain words (PRODUCT.md "What a runner reads"): for every metric
// of the catalog as a fault, a median and a drift, the rendered PDF's text (pdftotext) carries
// no unit id ("shoulder_width", anything with "_"), no torso, scale or shoulder-width unit after
// a number ("0.3 x torso"), no metric id.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "form/cue_catalog.h"
#include "form/metric_catalog.h"
#include "form/session_summary.h"
#include "report/pdf_report.h"

namespace runform {
namespace {

namespace fs = std::filesystem;

// Values where each unit shows its words: 0.3 shoulder widths (the line found in review), 0.05
// torso lengths, 12 degrees, 8 %, 4 steps/min.
double sample_value(std::string_view unit) {
  if (unit == "shoulder_width") return 0.3;
  if (unit == "torso") return 0.05;
  return 12.0;
}

// Every word a unit id or a metric id could leave in a runner's text.
void expect_plain(const std::string& text, const std::string& where) {
  EXPECT_EQ(text.find('_'), std::string::npos) << "an id-like word in " << where << ":\n" << text;
  // "torso" is a plain word in a cue ("Keep your torso steady"); as a unit it follows a number.
  static const std::regex unit_word(R"([0-9]\s*(x\s*)?(torsos?|scale|shoulder.width)\b|torso (length|unit)s?)");
  std::smatch found;
  EXPECT_FALSE(std::regex_search(text, found, unit_word)) << "'" << found.str() << "' in " << where << ":\n" << text;
  for (const form::MetricInfo& info : form::metric_catalog()) {
    EXPECT_EQ(text.find(std::string(info.key)), std::string::npos) << "metric id " << info.key << " in " << where;
  }
}

TEST(SessionReportWords, DriftOfEveryMetricReadsInPlainUnits) {
  for (const form::MetricInfo& info : form::metric_catalog()) {
    const double v = sample_value(info.unit);
    const std::string rose = form::drift_message(info.id, v, 2.0 * v, info.unit, 3.0);
    expect_plain(rose, "the drift of " + std::string(info.key));
    EXPECT_NE(rose.find(" rose "), std::string::npos) << rose;
    EXPECT_NE(rose.find("in the last 3.0 min"), std::string::npos) << rose;
    expect_plain(form::drift_words(info.id, 2.0 * v, v, info.unit), "the fall of " + std::string(info.key));
  }
  EXPECT_EQ(form::drift_words(form::MetricId::kArmsMidlineCrossing, 0.1, 0.4, "shoulder_width"),
            "Your arm crossing rose 30% of your shoulder width");
}

TEST(SessionReportWords, RenderedPdfHasNoIdLikeUnitForAnyMetric) {
  const form::CoachingCatalog catalog = form::load_coaching_catalog(RUNFORM_ASSETS_DIR);
  report::SessionExport data;
  data.session.session_id = "words";
  data.session.athlete_name = "Ada Runner";
  data.session.view = form::View::kFront;
  data.session.closed = true;
  data.session.duration_us = 120'000'000;
  services::CoachSummary summary;
  summary.strides = 150;
  summary.running_s = 120.0;
  summary.holding_rails_s = 10.0;
  for (const form::MetricInfo& info : form::metric_catalog()) {
    const double v = sample_value(info.unit);
    summary.metrics.push_back({info.id, v});
    summary.faults.push_back(info.id);
    // The message as an older kiosk stored it: the report words the drift itself.
    summary.drift.push_back({info.id, v, 2.0 * v, true, "0.3 " + std::string(info.unit)});
  }
  data.session.summary = summary;
  for (int i = 0; i < 4; ++i) {
    services::CoachFrame frame;
    frame.seq = static_cast<std::uint64_t>(i);
    frame.t_us = i * 30'000'000LL;
    for (const form::MetricInfo& info : form::metric_catalog()) frame.metrics.push_back({info.id, sample_value(info.unit) * (1 + i)});
    data.frames.push_back(frame);
  }
  for (const form::View view : {form::View::kSide, form::View::kFront}) {
    data.session.view = view;
    const fs::path dir = fs::path(RUNFORM_REPORT_WORDS_DIR);
    fs::create_directories(dir);
    const fs::path pdf = dir / (view == form::View::kSide ? "side.pdf" : "front.pdf");
    const fs::path txt = fs::path(pdf).replace_extension(".txt");
    report::write_session_pdf(pdf, data, catalog);
    const std::string command = "pdftotext -layout '" + pdf.string() + "' '" + txt.string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(txt);
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_NE(text.str().find("As you got tired"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("% of your shoulder width"), std::string::npos) << text.str();
    expect_plain(text.str(), pdf.filename().string());
  }
}

}  // namespace
}  // namespace runform
