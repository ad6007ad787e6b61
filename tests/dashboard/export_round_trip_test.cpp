// Acceptance 2: exports read back equal what the hub holds. A real hub on loopback holds a tiring
// runner's session (faults, cues, drift, hands on the rails) with a note and a bookmark, and a
// second session of the same athlete; each is exported through report/'s export job (as
// `runform export` and the dashboard run it) to CSV and JSON, read back, and compared field by
// field with the hub's own answer (the client's plain structs, and the raw wire records).
// Also: a cancelled export leaves no file, a PDF is written for the athlete in plain words, an
// athlete PDF and an unknown session are refused with a clear message.
#include <gtest/gtest.h>

#include <grpcpp/client_context.h>

#include <filesystem>
#include <fstream>

#include "report/csv_export.h"
#include "report/export_job.h"
#include "report/json_export.h"
#include "report/pdf_report.h"
#include "services/client/coach_client.h"
#include "services/client/form_encoding.h"
#include "support/hub_harness.h"
#include "support/sim_harness.h"
#include "tests/dashboard/coach_equality.h"
#include "tests/dashboard/seed_sessions.h"

namespace runform::testing {
namespace {

namespace fs = std::filesystem;

class ExportRoundTrip : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    hub_ = std::make_unique<HubUnderTest>(Backend::kSqlite).release();
    services::KioskUploader uploader(hub_->channel());
    tired_ = new services::RecordedSession(tiring_session("rt-tired", 90.0, "ana"));
    upload_session(uploader, *tired_);
    // A secured hub takes station-2's session only from station-2's enrolled kiosk.
    services::KioskUploader station_2(hub_->kiosk_channel("station-2"));
    upload_session(station_2, recorded_session("rt-plain", 30.0, form::View::kSide, "ana", "station-2", 5));
    services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
    client.add_annotation({0, "rt-tired", 40'000'000, services::CoachAnnotation::Kind::kNote, "coach", "Shoulders, again", 0});
    client.add_annotation({0, "rt-tired", 60'000'000, services::CoachAnnotation::Kind::kBookmark, "coach", "look here", 0});
  }
  static void TearDownTestSuite() {
    delete hub_;
    delete tired_;
  }
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("runform-export-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path run(report::ExportScope scope, const std::string& id, report::ExportFormat format) {
    report::ExportRequest request{scope, id, format, {}};
    request.out = dir_ / report::default_file_name(request);
    services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
    report::run_export(client, request, catalog());
    return request.out;
  }

  static HubUnderTest* hub_;
  static services::RecordedSession* tired_;
  fs::path dir_;
};

HubUnderTest* ExportRoundTrip::hub_ = nullptr;
services::RecordedSession* ExportRoundTrip::tired_ = nullptr;

TEST_F(ExportRoundTrip, SessionCsvReadsBackAsTheHubHoldsIt) {
  const fs::path file = run(report::ExportScope::kSession, "rt-tired", report::ExportFormat::kCsv);
  std::ifstream in(file);
  const std::vector<services::CoachFrame> read = report::read_session_csv(in);
  services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
  const std::vector<services::CoachFrame> held = client.read_frames("rt-tired");
  ASSERT_EQ(read.size(), held.size());
  ASSERT_EQ(read.size(), tired_->frames.size());
  std::size_t cues = 0;
  for (std::size_t i = 0; i < read.size(); ++i) {
    expect_same(read[i], held[i]);
    // And against the wire records the kiosk sent (what the hub stored), independently decoded.
    const v1::FrameRecord& wire = tired_->frames[i];
    EXPECT_EQ(read[i].t_us, wire.t_us());
    EXPECT_EQ(static_cast<int>(read[i].metrics.size()), wire.metrics_size());
    EXPECT_EQ(static_cast<int>(read[i].cues.size()), wire.cues_size());
    const form::PoseFrame pose = services::decode_frame(wire);
    EXPECT_EQ(read[i].pose.keypoints[5].x_px, pose.keypoints[5].x_px);
    cues += read[i].cues.size();
  }
  EXPECT_GT(cues, 0U) << "the tiring runner's session carries cues (commas and dashes in their texts)";
}

TEST_F(ExportRoundTrip, SessionJsonReadsBackAsTheHubHoldsIt) {
  const fs::path file = run(report::ExportScope::kSession, "rt-tired", report::ExportFormat::kJson);
  std::ifstream in(file);
  const report::SessionExport read = report::read_session_json(in);
  services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
  expect_same(read.session, client.get_session("rt-tired"));
  const auto held = client.read_frames("rt-tired");
  ASSERT_EQ(read.frames.size(), held.size());
  for (std::size_t i = 0; i < held.size(); ++i) expect_same(read.frames[i], held[i]);
  const auto notes = client.list_annotations("rt-tired");
  ASSERT_EQ(read.notes.size(), 2U);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    EXPECT_EQ(read.notes[i].annotation_id, notes[i].annotation_id);
    EXPECT_EQ(read.notes[i].text, notes[i].text);
    EXPECT_EQ(read.notes[i].t_us, notes[i].t_us);
    EXPECT_EQ(read.notes[i].kind, notes[i].kind);
  }
  ASSERT_TRUE(read.session.summary.has_value());
  EXPECT_FALSE(read.session.summary->faults.empty()) << "the tiring runner's faults are in the export";
}

TEST_F(ExportRoundTrip, AthleteCsvAndJsonReadBackAsTheHubHoldsThem) {
  services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
  const auto held = client.list_sessions("ana");
  ASSERT_EQ(held.size(), 2U);
  {
    std::ifstream in(run(report::ExportScope::kAthlete, "ana", report::ExportFormat::kCsv));
    const auto read = report::read_athlete_csv(in);
    ASSERT_EQ(read.size(), held.size());
    for (std::size_t i = 0; i < held.size(); ++i) expect_same(read[i], held[i]);
  }
  {
    std::ifstream in(run(report::ExportScope::kAthlete, "ana", report::ExportFormat::kJson));
    const report::AthleteExport read = report::read_athlete_json(in);
    EXPECT_EQ(read.athlete.athlete_id, "ana");
    ASSERT_EQ(read.sessions.size(), held.size());
    for (std::size_t i = 0; i < held.size(); ++i) expect_same(read.sessions[i], held[i]);
    ASSERT_EQ(read.notes.size(), 2U);
    EXPECT_EQ(read.notes[0].size() + read.notes[1].size(), 2U) << "the note and the bookmark are in the export";
  }
}

TEST_F(ExportRoundTrip, CancelledExportLeavesNoFile) {
  report::ExportRequest request{report::ExportScope::kSession, "rt-tired", report::ExportFormat::kCsv, dir_ / "x.csv"};
  services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
  int calls = 0;
  EXPECT_THROW(report::run_export(client, request, catalog(), [&](double, const std::string&) { return ++calls < 2; }),
               report::ExportCancelled);
  EXPECT_TRUE(fs::is_empty(dir_)) << "neither the file nor a partial file is left";
  // Cancelled while writing (after the frames arrived): still nothing.
  EXPECT_THROW(report::run_export(client, request, catalog(),
                                  [&](double fraction, const std::string&) { return fraction < 0.95; }),
               report::ExportCancelled);
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(ExportRoundTrip, ProgressRisesToDone) {
  report::ExportRequest request{report::ExportScope::kSession, "rt-tired", report::ExportFormat::kJson, dir_ / "p.json"};
  services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
  std::vector<double> seen;
  report::run_export(client, request, catalog(), [&](double f, const std::string&) {
    seen.push_back(f);
    return true;
  });
  ASSERT_GE(seen.size(), 4U);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
}

TEST_F(ExportRoundTrip, PdfIsWrittenInPlainWords) {
  const fs::path file = run(report::ExportScope::kSession, "rt-tired", report::ExportFormat::kPdf);
  std::ifstream in(file, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
  report::SessionExport data{client.get_session("rt-tired"), client.read_frames("rt-tired"), client.list_annotations("rt-tired")};
  std::string text;
  for (const std::string& line : report::session_report_lines(data, catalog())) text += line + "\n";
  EXPECT_NE(text.find("What to work on"), std::string::npos) << text;
  EXPECT_NE(text.find("Drop your shoulders"), std::string::npos) << "the fault's cue, in the runner's words:\n" << text;
  EXPECT_NE(text.find("Shoulders, again"), std::string::npos) << "the coach's note:\n" << text;
  EXPECT_NE(text.find("held the handrails"), std::string::npos) << text;
  for (const auto& info : form::metric_catalog()) {
    EXPECT_EQ(text.find(std::string(info.key)), std::string::npos) << "a metric id in the runner's report: " << info.key;
  }
  EXPECT_EQ(text.find("torso"), std::string::npos) << "torso units in the runner's report:\n" << text;
}

TEST_F(ExportRoundTrip, RefusalsSayWhatToDo) {
  try {
    run(report::ExportScope::kAthlete, "ana", report::ExportFormat::kPdf);
    FAIL() << "an athlete PDF was written";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("per session"), std::string::npos) << e.what();
  }
  try {
    run(report::ExportScope::kSession, "no-such-session", report::ExportFormat::kCsv);
    FAIL() << "an unknown session was exported";
  } catch (const services::CoachError& e) {
    EXPECT_EQ(e.kind(), services::CoachError::Kind::kNotFound) << e.what();
  }
  try {
    run(report::ExportScope::kAthlete, "nobody", report::ExportFormat::kCsv);
    FAIL() << "an unknown athlete was exported";
  } catch (const services::CoachError& e) {
    EXPECT_NE(std::string(e.what()).find("nobody"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST(ExportFiles, BrokenCsvAndJsonNameTheProblem) {
  std::istringstream empty("");
  EXPECT_THROW(report::read_session_csv(empty), report::CsvError);
  std::istringstream bad("seq,t_us\nx,1\n");
  try {
    report::read_session_csv(bad);
    FAIL();
  } catch (const report::CsvError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  std::istringstream not_ours(R"({"format": "something-else"})");
  EXPECT_THROW(report::read_session_json(not_ours), report::JsonExportError);
  std::istringstream truncated(R"({"format": "runform-session", "session": )");
  EXPECT_THROW(report::read_session_json(truncated), report::JsonExportError);
}

}  // namespace
}  // namespace runform::testing
