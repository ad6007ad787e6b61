// Assessment exports: the badge sheet scanned back (acceptance 3: rendered with pdftoppm, every
// QR code read with OpenCV's decoder as the kiosk reads badges, every athlete decodes), the
// results CSV (incomplete is incomplete, unmeasured is empty, never zero) and the PDF pack
// (a summary page, then one page per athlete with the comparison with last time). The rendered
// pages are kept in the build folder to be looked at.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/assessment_badge.h"
#include "report/assessment_csv.h"
#include "report/assessment_pack.h"
#include "report/badges_pdf.h"
#include "station/qr_reader.h"
#include "support/sim_harness.h"

namespace runform::report {
namespace {

constexpr int kRenderDpi = 150;  // an office printer's draft resolution
const std::filesystem::path kOutDir = RUNFORM_REPORT_OUT_DIR;

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = kOutDir / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Renders every page of a PDF to PNGs (page-1.png, …) and returns them in order.
std::vector<std::filesystem::path> render(const std::filesystem::path& pdf, const std::filesystem::path& dir) {
  const std::string command = "pdftoppm -r " + std::to_string(kRenderDpi) + " -png '" + pdf.string() + "' '" +
                              (dir / "page").string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".png") pages.push_back(entry.path());
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

TEST(AssessmentBadges, EveryAthleteOnTheRenderedSheetDecodes) {
  const auto dir = fresh_dir("badges");
  std::vector<BadgeEntry> badges;
  const std::string assessment_id = "a-3f9c2e7d10b4a8e6";
  const std::vector<std::string> names = {"Ada Okafor",  "Bo Lindqvist", "Chiara Bianchi", "Dmitri Ivanov",
                                          "Émilie Dubois", "Farah Haddad", "Gustav Berg",    "Hana Sato",
                                          "Ibrahim Musa", "Jo-Anne Smith-Whittington-Carruthers", "Kai Müller",
                                          "Lena Novak"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string code = "R" + std::to_string(101 + i);
    badges.push_back({names[i], i % 2 == 0 ? "U18" : "U20", code, common::assessment_badge_text(assessment_id, code)});
  }
  const auto pdf = dir / "badges.pdf";
  write_badge_sheet(pdf, "Spring squad day — 2026-04-18", badges);
  EXPECT_FALSE(std::filesystem::exists(pdf.string() + ".partial"));
  const auto pages = render(pdf, dir);
  ASSERT_EQ(pages.size(), 2U);  // 8 badges a page
  station::QrReader reader;
  const double px_per_pt = kRenderDpi / 72.0;
  for (std::size_t i = 0; i < badges.size(); ++i) {
    const cv::Mat page = cv::imread(pages[i / kBadgesPerPage].string());
    ASSERT_FALSE(page.empty());
    // The badge's cell, as a camera would see it held up (the name and the cut lines included).
    const PageRect cell = badge_cell(static_cast<int>(i));
    const cv::Rect crop(static_cast<int>(cell.x_pt * px_per_pt), static_cast<int>(cell.y_pt * px_per_pt),
                        static_cast<int>(cell.width_pt * px_per_pt), static_cast<int>(cell.height_pt * px_per_pt));
    const auto text = reader.read(page(crop & cv::Rect(0, 0, page.cols, page.rows)).clone());
    ASSERT_TRUE(text.has_value()) << "badge " << i << " (" << badges[i].name << ") does not decode";
    EXPECT_EQ(*text, badges[i].qr_text);
    const auto read_back = common::read_assessment_badge(*text);
    ASSERT_TRUE(read_back.has_value());
    EXPECT_EQ(read_back->assessment_id, assessment_id);
    EXPECT_EQ(read_back->athlete_code, badges[i].athlete_code);
  }
  // An empty roster is refused in words, and nothing is written.
  EXPECT_THROW(write_badge_sheet(dir / "none.pdf", "x", {}), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir / "none.pdf"));
}

services::AssessmentResults sample_results(const std::string& name, const std::string& date, double shift) {
  services::AssessmentResults r;
  r.assessment.assessment_id = "a-1";
  r.assessment.name = name;
  r.assessment.date = date;
  r.assessment.protocol.name = "Squad check";
  r.assessment.protocol.steps = {{"Calibration", services::StepKind::kCalibration, 5, form::View::kFront, {}, {}, ""},
                                 {"Front view", services::StepKind::kRun, 120, form::View::kFront, 11.0, 1.0, ""},
                                 {"Side view", services::StepKind::kRun, 120, form::View::kSide, 11.0, 1.0, ""}};
  services::AthleteResultRow ada;
  ada.athlete = {"R101", "Okafor, Ada", "U18", "coach-kim"};
  ada.complete = true;
  ada.steps_completed = 3;
  ada.scores = services::AreaScores{80 + shift, 70 + shift, 60 + shift, 72 + shift};
  ada.metrics = {{form::MetricId::kCadence, 171.5}, {form::MetricId::kShouldersElevation, 24.25}};
  ada.faults = {form::MetricId::kShouldersElevation};
  for (int i = 0; i < 3; ++i) {
    services::StepResultRow step;
    step.step_index = i;
    step.completed = true;
    step.session_id = "s-ada-" + std::to_string(i);
    step.session_closed = true;
    step.attempts = i == 1 ? 2 : 1;
    services::SummaryDigest digest;
    digest.scores = *ada.scores;
    digest.faults = ada.faults;
    digest.drill_ids = {"upper_trap_stretch"};
    step.summary = digest;
    ada.steps.push_back(step);
  }
  services::AthleteResultRow bo;
  bo.athlete = {"R102", "Bo", "U20", "coach-lee"};
  bo.steps_completed = 1;
  bo.steps = {{0, true, "s-bo-0", true, services::SummaryDigest{}, 1}, {1, false, "", false, std::nullopt, 0},
              {2, false, "", false, std::nullopt, 0}};
  r.athletes = {ada, bo};
  return r;
}

TEST(AssessmentResultsCsv, IncompleteIsIncompleteAndUnmeasuredIsEmpty) {
  const std::string csv = assessment_results_csv(sample_results("Spring", "2026-04-18", 0));
  std::istringstream in(csv);
  std::string header, ada, bo;
  std::getline(in, header);
  std::getline(in, ada);
  std::getline(in, bo);
  EXPECT_TRUE(header.starts_with("code,name,group,coach,status,steps_done,steps_total,overall,head,shoulders,arms,"));
  EXPECT_NE(header.find(",cadence_spm,"), std::string::npos) << header;
  EXPECT_TRUE(header.ends_with(",faults,sessions")) << header;
  EXPECT_TRUE(ada.starts_with("R101,\"Okafor, Ada\",U18,coach-kim,complete,3,3,72.0,80.0,70.0,60.0,")) << ada;
  EXPECT_NE(ada.find(",171.500,"), std::string::npos) << ada;
  EXPECT_NE(ada.find(",shoulders.elevation_pct,s-ada-0;s-ada-1;s-ada-2"), std::string::npos) << ada;
  // Bo did the calibration only: incomplete, and no score is a zero.
  EXPECT_TRUE(bo.starts_with("R102,Bo,U20,coach-lee,incomplete,1,3,,,,,")) << bo;
  EXPECT_EQ(bo.find(",0.0"), std::string::npos) << bo;
  EXPECT_TRUE(bo.ends_with(",,s-bo-0")) << bo;
}

TEST(AssessmentPack, ASummaryPageThenOnePageEachWithTheComparison) {
  const auto dir = fresh_dir("pack");
  const auto now = sample_results("Spring squad day", "2026-04-18", 0);
  const auto before = sample_results("Winter squad day", "2026-01-10", -6);
  const auto& catalog = testing::catalog();
  const auto ada = athlete_page_lines(now, 0, before, catalog);
  auto has = [](const std::vector<std::string>& lines, const std::string& text) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has(ada, "Overall: 72   (last time 66, +6)"));
  EXPECT_TRUE(has(ada, "Compared with Winter squad day (2026-01-10)"));
  EXPECT_TRUE(has(ada, "Front view: overall 72 (2 attempts)"));
  EXPECT_TRUE(has(ada, "Shoulder")) << "the fault in plain words";
  EXPECT_TRUE(has(ada, "Upper-trapezius stretch — 30 s each side, 2–3×"));
  const auto bo = athlete_page_lines(now, 1, before, catalog);
  EXPECT_TRUE(has(bo, "incomplete (1 of 3 steps)"));
  EXPECT_TRUE(has(bo, "Overall: —")) << "not measured is a dash, never zero";
  EXPECT_TRUE(has(bo, "Side view: not done"));
  const auto pdf = dir / "pack.pdf";
  int last_page = 0;
  write_assessment_pack(pdf, now, before, catalog, [&](int done, int total) {
    EXPECT_EQ(total, 3);
    last_page = done;
  });
  EXPECT_EQ(last_page, 3);
  EXPECT_EQ(render(pdf, dir).size(), 3U);
}

}  // namespace
}  // namespace runform::report
