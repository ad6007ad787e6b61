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
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

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

// The hub of one backend, seeded once for every test of that backend.
struct SeededHub {
  explicit SeededHub(Backend backend) : hub(backend) {
    if (!hub.available()) return;
    services::KioskUploader uploader(hub.channel());
    tired = tiring_session("rt-tired", 90.0, "ana");
    upload_session(uploader, tired);
    // A secured hub takes station-2's session only from station-2's enrolled kiosk.
    services::KioskUploader station_2(hub.kiosk_channel("station-2"));
    upload_session(station_2, recorded_session("rt-plain", 30.0, form::View::kSide, "ana", "station-2", 5));
    services::CoachClient client({hub.target(), {}, {}, hub.staff_token()});
    // A note with what a CSV must quote (a comma, a quote, a line break) and a bookmark.
    client.add_annotation({0, "rt-tired", 40'000'000, services::CoachAnnotation::Kind::kNote, "coach",
                           "Shoulders, again \"up\"\nat 40 s", 0});
    client.add_annotation({0, "rt-tired", 60'000'000, services::CoachAnnotation::Kind::kBookmark, "coach", "look here", 0});
  }
  HubUnderTest hub;
  services::RecordedSession tired;
};

class ExportRoundTrip : public ::testing::TestWithParam<Backend> {
 protected:
  static void TearDownTestSuite() { hubs_.clear(); }
  void SetUp() override {
    auto& seeded = hubs_[GetParam()];
    if (!seeded) seeded = std::make_unique<SeededHub>(GetParam());
    if (!seeded->hub.available()) GTEST_SKIP() << seeded->hub.skip_reason();
    hub_ = &seeded->hub;
    tired_ = &seeded->tired;
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = fs::temp_directory_path() / ("runform-export-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  fs::path run(report::ExportScope scope, const std::string& id, report::ExportFormat format) {
    report::ExportRequest request{scope, id, format, {}};
    request.out = dir_ / report::default_file_name(request);
    services::CoachClient client({hub_->target(), {}, {}, hub_->staff_token()});
    report::run_export(client, request, catalog());
    return request.out;
  }
  services::CoachClient client() const { return services::CoachClient({hub_->target(), {}, {}, hub_->staff_token()}); }

  static std::map<Backend, std::unique_ptr<SeededHub>> hubs_;
  HubUnderTest* hub_ = nullptr;
  services::RecordedSession* tired_ = nullptr;
  fs::path dir_;
};

std::map<Backend, std::unique_ptr<SeededHub>> ExportRoundTrip::hubs_;

// The tiring runner's session holds every part of the verdict an export could drop: faults with
// their verdicts (one developed late) and spans, hands-on-rails spans (40.5–48.5 s), drift, worst
// moments, drills, a note and a bookmark. Checked so a seed change cannot hollow out the tests.
void expect_whole_verdict(const services::CoachSession& held) {
  ASSERT_TRUE(held.summary.has_value());
  const services::CoachSummary& s = *held.summary;
  ASSERT_FALSE(s.faults.empty());
  ASSERT_EQ(s.fault_verdicts.size(), s.faults.size());
  EXPECT_TRUE(std::any_of(s.fault_verdicts.begin(), s.fault_verdicts.end(),
                          [](const auto& v) { return v.developed_late && !v.spans.empty(); }))
      << "a fault that developed late, with its spans";
  ASSERT_FALSE(s.holding_rails_spans.empty());
  EXPECT_NEAR(static_cast<double>(s.holding_rails_spans.front().start_us) / 1e6, 40.5, 1.0);
  EXPECT_NEAR(static_cast<double>(s.holding_rails_spans.back().end_us) / 1e6, 48.5, 1.0);
  EXPECT_FALSE(s.drift.empty());
  EXPECT_FALSE(s.worst_moments.empty());
  EXPECT_FALSE(s.drill_ids.empty());
}

TEST_P(ExportRoundTrip, SessionCsvReadsBackAsTheHubHoldsIt) {
  const fs::path file = run(report::ExportScope::kSession, "rt-tired", report::ExportFormat::kCsv);
  std::ifstream in(file);
  const report::SessionExport read = report::read_session_csv(in);
  auto hub = client();
  const services::CoachSession held_session = hub.get_session("rt-tired");
  expect_whole_verdict(held_session);
  expect_same(read.session, held_session);
  expect_same(read.notes, hub.list_annotations("rt-tired"));
  const std::vector<services::CoachFrame> held = hub.read_frames("rt-tired");
  ASSERT_EQ(read.frames.size(), held.size());
  ASSERT_EQ(read.frames.size(), tired_->frames.size());
  std::size_t cues = 0;
  for (std::size_t i = 0; i < read.frames.size(); ++i) {
    expect_same(read.frames[i], held[i]);
    // And against the wire records the kiosk sent (what the hub stored), independently decoded.
    const v1::FrameRecord& wire = tired_->frames[i];
    EXPECT_EQ(read.frames[i].t_us, wire.t_us());
    EXPECT_EQ(static_cast<int>(read.frames[i].metrics.size()), wire.metrics_size());
    EXPECT_EQ(static_cast<int>(read.frames[i].cues.size()), wire.cues_size());
    const form::PoseFrame pose = services::decode_frame(wire);
    EXPECT_EQ(read.frames[i].pose.keypoints[5].x_px, pose.keypoints[5].x_px);
    cues += read.frames[i].cues.size();
  }
  EXPECT_GT(cues, 0U) << "the tiring runner's session carries cues (commas and dashes in their texts)";
}

TEST_P(ExportRoundTrip, SessionJsonReadsBackAsTheHubHoldsIt) {
  const fs::path file = run(report::ExportScope::kSession, "rt-tired", report::ExportFormat::kJson);
  std::ifstream in(file);
  const report::SessionExport read = report::read_session_json(in);
  auto hub = client();
  const services::CoachSession held_session = hub.get_session("rt-tired");
  expect_whole_verdict(held_session);
  expect_same(read.session, held_session);
  const auto held = hub.read_frames("rt-tired");
  ASSERT_EQ(read.frames.size(), held.size());
  for (std::size_t i = 0; i < held.size(); ++i) expect_same(read.frames[i], held[i]);
  ASSERT_EQ(read.notes.size(), 2U);
  expect_same(read.notes, hub.list_annotations("rt-tired"));
}

TEST_P(ExportRoundTrip, AthleteCsvAndJsonReadBackAsTheHubHoldsThem) {
  auto hub = client();
  const auto held = hub.list_sessions("ana");
  ASSERT_EQ(held.size(), 2U);
  services::CoachAthlete athlete;
  for (const auto& a : hub.list_athletes()) {
    if (a.athlete_id == "ana") athlete = a;
  }
  ASSERT_EQ(athlete.athlete_id, "ana");
  std::vector<std::vector<services::CoachAnnotation>> notes;
  for (const auto& s : held) {
    if (s.session_id == "rt-tired") expect_whole_verdict(s);
    notes.push_back(hub.list_annotations(s.session_id));
  }
  EXPECT_EQ(notes[0].size() + notes[1].size(), 2U) << "the note and the bookmark";
  for (const report::ExportFormat format : {report::ExportFormat::kCsv, report::ExportFormat::kJson}) {
    SCOPED_TRACE(report::extension_of(format));
    std::ifstream in(run(report::ExportScope::kAthlete, "ana", format));
    const report::AthleteExport read =
        format == report::ExportFormat::kCsv ? report::read_athlete_csv(in) : report::read_athlete_json(in);
    EXPECT_TRUE(read.athlete == athlete);
    ASSERT_EQ(read.sessions.size(), held.size());
    for (std::size_t i = 0; i < held.size(); ++i) expect_same(read.sessions[i], held[i]);
    ASSERT_EQ(read.notes.size(), held.size());
    for (std::size_t i = 0; i < held.size(); ++i) expect_same(read.notes[i], notes[i]);
  }
}

TEST_P(ExportRoundTrip, CancelledExportLeavesNoFile) {
  report::ExportRequest request{report::ExportScope::kSession, "rt-tired", report::ExportFormat::kCsv, dir_ / "x.csv"};
  auto client = this->client();
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

TEST_P(ExportRoundTrip, ProgressRisesToDone) {
  report::ExportRequest request{report::ExportScope::kSession, "rt-tired", report::ExportFormat::kJson, dir_ / "p.json"};
  auto client = this->client();
  std::vector<double> seen;
  report::run_export(client, request, catalog(), [&](double f, const std::string&) {
    seen.push_back(f);
    return true;
  });
  ASSERT_GE(seen.size(), 4U);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
}

TEST_P(ExportRoundTrip, PdfIsWrittenInPlainWords) {
  const fs::path file = run(report::ExportScope::kSession, "rt-tired", report::ExportFormat::kPdf);
  std::ifstream in(file, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  auto client = this->client();
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

TEST_P(ExportRoundTrip, RefusalsSayWhatToDo) {
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

INSTANTIATE_TEST_SUITE_P(Backends, ExportRoundTrip, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return backend_name(param_info.param); });

// A small session with every part of a summary, written without a hub, for the file-level tests.
report::SessionExport small_session() {
  using services::CoachFaultVerdict;
  report::SessionExport data;
  services::CoachSession& s = data.session;
  s = {"s-1", "kiosk-1", "station-1", "ana", "Ana, \"the runner\"", form::View::kFront, 1'700'000'000'000, 640, 480,
       30, 2, true, 1'700'000'090'000, 90'000'000, std::nullopt};
  services::CoachSummary m;
  m.strides = 120;
  m.running_s = 80.5;
  m.walking_s = 4.25;
  m.holding_rails_s = 8.0;
  m.metrics = {{form::MetricId::kHeadTilt, 3.5}, {form::MetricId::kShouldersElevation, 21.0}};
  m.scores = {71.0, 55.5, std::nullopt, 64.0};
  m.faults = {form::MetricId::kShouldersElevation, form::MetricId::kArmsMidlineCrossing};
  m.drift = {{form::MetricId::kShouldersElevation, 12.0, 27.0, true, "shoulders rose: tired? a|b \\"}};
  m.worst_moments = {{61'000'000, 42.5, form::MetricId::kShouldersElevation}, {70'000'000, 50.0, std::nullopt}};
  m.drill_ids = {"shrug_release", "elbow|swing:2"};
  m.interrupted = false;
  m.fault_verdicts = {{form::MetricId::kShouldersElevation, CoachFaultVerdict::Basis::kDevelopedLate, 0.375, true,
                       {{55'000'000, 62'500'000}, {70'000'000, 90'000'000}}},
                      {form::MetricId::kArmsMidlineCrossing, CoachFaultVerdict::Basis::kPersistent, 0.8, false, {}}};
  m.holding_rails_spans = {{40'500'000, 48'500'000}};
  s.summary = m;
  for (std::uint64_t seq = 1; seq <= 2; ++seq) {
    services::CoachFrame f;
    f.seq = seq;
    f.t_us = static_cast<std::int64_t>(seq) * 33'333;
    f.pose.t_s = static_cast<double>(f.t_us) / 1e6;
    for (std::size_t k = 0; k < form::kKeypointCount; ++k) f.pose.keypoints[k] = {100.0 + static_cast<double>(k), 200.25 + static_cast<double>(k), 0.9};
    if (seq == 2) {
      f.metrics = {{form::MetricId::kCadence, 172.0}};
      f.scores = services::CoachScores{80.0, std::nullopt, 60.0, 70.0};
      // Ids and texts with every character the CSV's lists use ('|', ':', '\\').
      f.cues = {{services::CoachCue::Kind::kShow, "shoulders_drop", "Drop your shoulders, relax"},
                {services::CoachCue::Kind::kPositive, "odd:id|x\\", "Better: 2|3 \\o/"}};
    }
    data.frames.push_back(f);
  }
  data.notes = {{7, "s-1", 40'000'000, services::CoachAnnotation::Kind::kNote, "coach", "line one\nline, two", 1'700'000'100'000},
                {8, "s-1", 60'000'000, services::CoachAnnotation::Kind::kBookmark, "coach", "look", 1'700'000'100'500}};
  return data;
}

std::string session_csv(const report::SessionExport& data) {
  std::ostringstream out;
  report::write_session_csv(out, data);
  return out.str();
}
std::string session_json(const report::SessionExport& data) {
  std::ostringstream out;
  report::write_session_json(out, data);
  return out.str();
}
report::SessionExport csv_back(const std::string& text) {
  std::istringstream in(text);
  return report::read_session_csv(in);
}
report::SessionExport json_back(const std::string& text) {
  std::istringstream in(text);
  return report::read_session_json(in);
}
void expect_same_export(const report::SessionExport& a, const report::SessionExport& b) {
  expect_same(a.session, b.session);
  expect_same(a.notes, b.notes);
  ASSERT_EQ(a.frames.size(), b.frames.size());
  for (std::size_t i = 0; i < a.frames.size(); ++i) expect_same(a.frames[i], b.frames[i]);
}
// `text` with its one `from` replaced by `to` (the test fails if `from` is not there once).
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "'" << from << "' is not in the file";
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "'" << from << "' is in the file twice";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}
// The reader refuses `text` with a message holding each of `words`.
template <class Error, class Read>
void expect_refused(const std::string& text, Read read, const std::vector<std::string>& words) {
  try {
    read(text);
    ADD_FAILURE() << "read without an error:\n" << text;
  } catch (const Error& e) {
    for (const std::string& w : words) EXPECT_NE(std::string(e.what()).find(w), std::string::npos) << e.what();
  }
}

TEST(ExportFiles, EverySummaryFieldRoundTripsThroughCsvAndJson) {
  const report::SessionExport data = small_session();
  expect_same_export(csv_back(session_csv(data)), data);
  expect_same_export(json_back(session_json(data)), data);
  // Verdicts as a kiosk may send them (the hub does not tie them to the faults): two of one metric,
  // in another order than the faults; they read back as written, spans with their own verdict.
  report::SessionExport odd = data;
  auto& verdicts = odd.session.summary->fault_verdicts;
  verdicts.push_back(verdicts[0]);
  verdicts.back().spans = {{1'000'000, 2'000'000}};
  std::swap(verdicts[0], verdicts[1]);
  expect_same_export(csv_back(session_csv(odd)), odd);
  expect_same_export(json_back(session_json(odd)), odd);
  // An open session (no summary yet) too.
  report::SessionExport open = data;
  open.session.summary.reset();
  open.session.closed = false;
  expect_same_export(csv_back(session_csv(open)), open);
  expect_same_export(json_back(session_json(open)), open);
  // The athlete files.
  report::AthleteExport athlete{{"ana", "Ana", 2, 1'700'000'000'000}, {data.session, open.session}, {data.notes, {}}};
  open.session.session_id = "s-2";
  athlete.sessions[1] = open.session;
  for (const bool csv : {true, false}) {
    std::stringstream file;
    csv ? report::write_athlete_csv(file, athlete) : report::write_athlete_json(file, athlete);
    const report::AthleteExport read = csv ? report::read_athlete_csv(file) : report::read_athlete_json(file);
    EXPECT_TRUE(read.athlete == athlete.athlete);
    ASSERT_EQ(read.sessions.size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) expect_same(read.sessions[i], athlete.sessions[i]);
    ASSERT_EQ(read.notes.size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) expect_same(read.notes[i], athlete.notes[i]);
  }
}

TEST(ExportFiles, CsvLaysTheSpansOutForASpreadsheet) {
  const std::string text = session_csv(small_session());
  EXPECT_NE(text.find("\nsession_id,metric,basis,share_of_running_strides,developed_late,span_count\n"
                      "s-1,shoulders.elevation_pct,developed_late,0.375,1,2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nsession_id,span,metric,start_us,end_us,start_s,end_s\n"
                      "s-1,fault,shoulders.elevation_pct,55000000,62500000,55,62.5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\ns-1,holding_rails,,40500000,48500000,40.5,48.5\n"), std::string::npos) << text;
}

TEST(ExportFiles, AnOlderJsonWithoutVerdictsStillReads) {
  // A version 1 document (before verdicts, rails spans and walking time were exported).
  std::string text = session_json(small_session());
  text = edited(text, "\"version\": 2", "\"version\": 1");
  nlohmann::json j = nlohmann::json::parse(text.substr(0, text.find(",\n \"frames\"")) + "}");
  for (const char* key : {"fault_verdicts", "holding_rails_spans", "walking_s"}) j["session"]["summary"].erase(key);
  j["frames"] = nlohmann::json::array();
  const report::SessionExport read = json_back(j.dump());
  ASSERT_TRUE(read.session.summary.has_value());
  EXPECT_TRUE(read.session.summary->fault_verdicts.empty());
  EXPECT_TRUE(read.session.summary->holding_rails_spans.empty());
  EXPECT_EQ(read.session.summary->walking_s, 0.0);
  EXPECT_EQ(read.session.summary->faults, small_session().session.summary->faults);
  // A version 2 document must have them: one missing is named.
  j["version"] = 2;
  expect_refused<report::JsonExportError>(j.dump(), json_back, {"session.summary.walking_s", "missing"});
  j["version"] = 3;
  expect_refused<report::JsonExportError>(j.dump(), json_back, {"version 3", "newer RunForm"});
}

TEST(ExportFiles, ACutShortFileIsRefusedNeverReadShort) {
  // Every prefix of the file either is refused or (only the last line break lost, for JSON) reads
  // back whole: a file cut anywhere never reads back as less than it was.
  const report::SessionExport data = small_session();
  for (const bool csv : {true, false}) {
    const std::string text = csv ? session_csv(data) : session_json(data);
    for (std::size_t length = 0; length < text.size(); ++length) {
      const std::string cut = text.substr(0, length);
      try {
        const report::SessionExport read = csv ? csv_back(cut) : json_back(cut);
        EXPECT_FALSE(csv) << "a CSV cut at " << length << " of " << text.size() << " was read";
        EXPECT_EQ(text.find_first_not_of(" \n", length), std::string::npos) << "JSON cut at " << length << " was read";
        expect_same_export(read, data);
      } catch (const report::CsvError& e) {
        EXPECT_TRUE(csv);
        EXPECT_NE(std::string(e.what()).find("line"), std::string::npos) << e.what();
      } catch (const report::JsonExportError& e) {
        EXPECT_FALSE(csv) << e.what();
      }
    }
  }
}

TEST(ExportFiles, HandEditedCsvNamesTheLineAndColumn) {
  const std::string text = session_csv(small_session());
  auto refused = [&](const std::string& from, const std::string& to, const std::vector<std::string>& words) {
    SCOPED_TRACE(from + " -> " + to);
    expect_refused<report::CsvError>(edited(text, from, to), csv_back, words);
  };
  refused(",developed_late,0.375,", ",developed_late,1.5,", {"line", "share_of_running_strides", "0 to 1"});
  refused(",developed_late,0.375,", ",sometimes,0.375,", {"column 'basis'", "sometimes"});
  refused("s-1,fault,shoulders.elevation_pct,55000000", "s-1,fault,shoulders.height,55000000", {"column 'metric'"});
  refused(",55000000,62500000,55,62.5", ",55000000,62500000,54,62.5", {"start_s", "disagrees"});
  refused(",55000000,62500000,55,62.5", ",62500000,55000000,62.5,55", {"end_us", "ends before it starts"});
  refused("s-1,fault,shoulders.elevation_pct,70000000,90000000,70,90\n", "", {"span_count", "cut short or was edited"});
  refused("s-1,holding_rails,,40500000,48500000,40.5,48.5\n", "", {"holding_rails_span_count"});
  refused("s-1,8,bookmark,", "s-1,8,memo,", {"column 'kind'", "memo"});
  refused("s-1,8,bookmark,", "s-2,8,bookmark,", {"no session 's-2'"});
  refused("\n2,66666,0.066666,", "\n2,66666x,0.066666,", {"line 3", "column 't_us'", "whole number"});
  refused("\n2,66666,0.066666,", "\n2,66666,0.066666,,", {"line 3", "cells"});
  refused(",640,480,30,2,1,", ",640,480,30,-2,1,", {"column 'stored_seq'"});
  refused("\"Ana, \"\"the runner\"\"\"", "\"Ana, the runner", {"line"});
  refused("s-1,fault,shoulders.elevation_pct,70000000", "s-1,fault,arms.midline_crossing,70000000",
          {"line", "column 'metric'", "verdict 1 (shoulders.elevation_pct)"});
  // An empty or foreign file.
  expect_refused<report::CsvError>("", csv_back, {"frames table"});
  expect_refused<report::CsvError>("seq,t_us\nx,1\n", csv_back, {"line 1", "no column"});
}

TEST(ExportFiles, HandEditedJsonNamesTheKey) {
  const std::string text = session_json(small_session());
  auto refused = [&](const std::string& from, const std::string& to, const std::vector<std::string>& words) {
    SCOPED_TRACE(from + " -> " + to);
    expect_refused<report::JsonExportError>(edited(text, from, to), json_back, words);
  };
  refused("\"share_of_running_strides\": 0.375", "\"share_of_running_strides\": 1.5",
          {"session.summary.fault_verdicts[0].share_of_running_strides", "0 to 1"});
  refused("\"share_of_running_strides\": 0.375", "\"share_of_running_strides\": \"lots\"",
          {"session.summary.fault_verdicts[0].share_of_running_strides", "a number"});
  refused("\"basis\": \"developed_late\"", "\"basis\": \"sometimes\"", {"fault_verdicts[0].basis", "sometimes"});
  refused("\"strides\": 120", "\"strides\": -120", {"session.summary.strides", "0 or more"});
  refused("\"strides\": 120", "\"strides\": 120.5", {"session.summary.strides"});
  refused("\"end_us\": 48500000", "\"end_us\": 40000000", {"holding_rails_spans[0].end_us", "at or after"});
  refused("\"holding_rails_spans\"", "\"rails\"", {"session.summary.holding_rails_spans is missing"});
  refused("\"kind\": \"bookmark\"", "\"kind\": \"memo\"", {"notes[1].kind", "memo"});
  refused("\"view\": \"front\"", "\"view\": \"top\"", {"session.view", "top"});
  refused("\"metric\": \"arms.midline_crossing\",", "\"metric\": \"arms.crossing\",",
          {"fault_verdicts[1].metric", "arms.crossing"});
  refused("[116.0,216.25,0.9]],\"seq\":1", "[116.0,216.25]],\"seq\":1", {"frames[0].keypoints_xy_conf[16]", "[x_px, y_px, confidence]"});
  expect_refused<report::JsonExportError>(R"({"format": "something-else"})", json_back, {"not a RunForm"});
  expect_refused<report::JsonExportError>(R"({"format": "runform-session", "session": )", json_back, {"cut short"});
}

}  // namespace
}  // namespace runform::testing
