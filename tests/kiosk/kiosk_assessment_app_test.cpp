// The kiosk app runs a group assessment for real (issue 14): a real hub (SQLite, over TCP) with
// staff's protocol (calibration, front run, side run: 5 s each) and a roster; the real
// runform-kiosk binary enrolled as station st-1's kiosk, in demo mode (the synthetic runner
// through the marker model) under xvfb-run with --assessment. A script holds athlete 1's badge
// up to the camera (the station's QR reader checks them in), starts each step, and hands over;
// athlete 2 types their code. The hub's results then show athlete 1's three steps completed by
// the sessions the kiosk uploaded with its own credential, and athlete 2 checked in at st-1.
// Screenshots of every assessment screen go to build/release/tests/kiosk_assessment/ to be
// looked at.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/assessment_badge.h"
#include "services/client/assessment_client.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_credential.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

struct CommandRun {
  int code = -1;
  std::string out;
};

CommandRun run(const std::string& command) {
  CommandRun r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) r.out += buffer.data();
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(KioskAssessmentApp, RunsAnAthleteThroughTheProtocolAgainstARealHub) {
  HubUnderTest hub(Backend::kSqlite);
  ASSERT_TRUE(hub.available()) << hub.skip_reason();
  const std::filesystem::path dir = RUNFORM_KIOSK_ASSESSMENT_DIR;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "screenshots");

  // Staff set the day up, signed in.
  services::AssessmentClient staff(services::make_hub_channel(hub.target(), {"", "", hub.staff_token()}));
  services::ProtocolSpec protocol;
  protocol.name = "Kiosk check";
  protocol.steps = {{"Calibration", services::StepKind::kCalibration, 5, form::View::kFront, {}, {}, "Stand still"},
                    {"Front view", services::StepKind::kRun, 5, form::View::kFront, 11.0, 1.0, ""},
                    {"Side view", services::StepKind::kRun, 5, form::View::kSide, 11.0, {}, ""}};
  const auto saved = staff.save_protocol(protocol);
  const auto day = staff.create_assessment("Kiosk squad day", "2026-04-18", {"st-1"}, saved.protocol_id);
  staff.import_roster(day.assessment_id, "name,code,group,coach\nAda Okafor,R101,U18,kim\nBo Lind,4712,U20,lee\n");

  // The station's kiosk, enrolled for st-1 (its credential file, as --enrolment-code leaves it).
  const std::string token = kiosk_token(hub.hub().access(), "st-1", "kiosk-st-1");
  services::save_kiosk_credential(dir / "kiosk.token", {token, "kiosk-st-1", "st-1"});

  const std::string badge = common::assessment_badge_text(day.assessment_id, "R101");
  std::ofstream(dir / "kiosk.script") << "await assessment-checkin 60\n"
                                         "wait 2\n"
                                         "screenshot 0-checkin\n"
                                         "badge " << badge << "\n"
                                         "await assessment-instructions 30\n"
                                         "unbadge\n"
                                         "wait 1\n"
                                         "screenshot 1-calibration-instructions\n"
                                         "tap Start the step\n"
                                         "await assessment-step 5\n"
                                         "wait 2\n"
                                         "screenshot 2-calibration-countdown\n"
                                         "await assessment-instructions 30\n"
                                         "wait 1\n"
                                         "screenshot 3-front-instructions\n"
                                         "tap Start the step\n"
                                         "await assessment-step 5\n"
                                         "wait 4\n"
                                         "screenshot 4-front-running\n"
                                         "await assessment-instructions 30\n"  // step 3: turn the camera
                                         "wait 1\n"
                                         "screenshot 5-side-instructions\n"
                                         "tap Start the step\n"
                                         "await assessment-handover 60\n"
                                         "wait 1\n"
                                         "screenshot 6-handover\n"
                                         "wait 3\n"  // the last session uploads while the hand-over shows
                                         "tap Next athlete\n"
                                         "await assessment-checkin 10\n"
                                         "type 4712\n"
                                         "tap Check in\n"
                                         "await assessment-instructions 30\n"
                                         "wait 1\n"
                                         "screenshot 7-typed-code-instructions\n"
                                         "quit\n";
  const CommandRun kiosk = run("RUNFORM_MODELS=" + (dir / "models").string() +
                        " xvfb-run -a -s '-screen 0 1920x1080x24' " RUNFORM_KIOSK_BIN " --demo --demo-minutes 10 --voice off"
                        " --windowed --size 1920x1080 --hub " + hub.target() + " --token-file " +
                        (dir / "kiosk.token").string() + " --spool " + (dir / "spool.db").string() +
                        " --assessment " + day.assessment_id + " --script " + (dir / "kiosk.script").string() +
                        " --screenshot-dir " + (dir / "screenshots").string() + " --exit-after 240");
  ASSERT_EQ(kiosk.code, 0) << kiosk.out;
  EXPECT_NE(kiosk.out.find("assessment 'Kiosk squad day' (2026-04-18), 3 steps, at station 'st-1'"), std::string::npos)
      << kiosk.out;

  // The hub has Ada's three steps, completed at st-1 by sessions the kiosk uploaded.
  const auto results = staff.results(day.assessment_id);
  ASSERT_EQ(results.athletes.size(), 2U);
  const auto& ada = results.athletes[0];
  EXPECT_EQ(ada.athlete.athlete_code, "R101");
  EXPECT_EQ(ada.steps_completed, 3) << kiosk.out;
  ASSERT_EQ(ada.steps.size(), 3U);
  for (const auto& step : ada.steps) {
    EXPECT_TRUE(step.completed) << "step " << step.step_index + 1;
    EXPECT_FALSE(step.session_id.empty()) << "step " << step.step_index + 1;
    const auto stored = hub.hub().store().session(step.session_id);
    ASSERT_TRUE(stored.has_value()) << step.session_id;
    EXPECT_EQ(stored->station_id, "st-1");
    EXPECT_EQ(stored->athlete_id, "R101");
  }
  EXPECT_TRUE(ada.complete) << "every session's summary reached the hub";
  EXPECT_TRUE(ada.steps[1].summary.has_value());
  // Bo typed his code: checked in at st-1 to his first step.
  const auto board = staff.board(day.assessment_id);
  EXPECT_EQ(board.athletes[1].state, services::BoardState::kOnStation);
  EXPECT_EQ(board.athletes[1].station_id, "st-1");
  EXPECT_EQ(board.athletes[0].state, services::BoardState::kDone);
  for (const char* shot : {"0-checkin", "1-calibration-instructions", "2-calibration-countdown", "3-front-instructions",
                           "4-front-running", "5-side-instructions", "6-handover", "7-typed-code-instructions"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "screenshots" / (std::string(shot) + ".png"))) << shot;
  }
}

TEST(KioskAssessmentApp, AnAssessmentWithoutAHubIsAUsageError) {
  const CommandRun kiosk = run(RUNFORM_KIOSK_BIN " --demo --headless --assessment a-1");
  EXPECT_EQ(kiosk.code, 2) << kiosk.out;
  EXPECT_NE(kiosk.out.find("--assessment needs the hub that holds it"), std::string::npos) << kiosk.out;
}

}  // namespace
}  // namespace runform::testing
