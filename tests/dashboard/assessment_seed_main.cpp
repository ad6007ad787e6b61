// assessment_seed: puts a small assessment day on a running hub for the dashboard's assessment
// panel screenshots — a protocol, 8 athletes from CSV, two simulated kiosks running 5 of them
// through every step (some with faults), one half way (incomplete), one on a station now.
// The hub has accounts (issue 11): staff sign in with the account and password given, and the
// two stations enrol as kiosks "kiosk-st-1" and "kiosk-st-2" with the one-time codes in
// WORK_DIR/code.st-1 and WORK_DIR/code.st-2 (from `runform-hub admin issue-enrolment-code`).
// Usage: assessment_seed HOST:PORT WORK_DIR STAFF_USER STAFF_PASSWORD_FILE
#include <filesystem>
#include <fstream>
#include <iostream>

#include "services/client/coach_client.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_credential.h"
#include "support/simulated_assessment_kiosk.h"

using namespace runform;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: assessment_seed HOST:PORT WORK_DIR STAFF_USER STAFF_PASSWORD_FILE\n";
    return 2;
  }
  const std::string hub = argv[1];
  const std::filesystem::path dir = argv[2];
  const auto first_line = [](const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("cannot read " + file.string());
    return line;
  };
  try {
    const std::string staff_token = services::CoachClient({hub, {}, {}, {}}).login(argv[3], first_line(argv[4])).token;
    services::AssessmentClient staff(services::make_hub_channel(hub, {"", "", staff_token}));
    const auto kiosk_token = [&](const std::string& station) {
      return services::enrol_kiosk(hub, "", first_line(dir / ("code." + station)), "kiosk-" + station).kiosk_token;
    };
    services::ProtocolSpec protocol;
    protocol.name = "Squad check";
    protocol.steps = {{"Calibration", services::StepKind::kCalibration, 5, form::View::kFront, {}, {}, ""},
                      {"Front view", services::StepKind::kRun, 12, form::View::kFront, 11.0, 1.0, ""},
                      {"Side view", services::StepKind::kRun, 12, form::View::kSide, 11.0, 1.0, ""}};
    const auto saved = staff.save_protocol(protocol);
    const auto day = staff.create_assessment("Spring squad day", "2026-04-18", {"st-1", "st-2", "st-3"}, saved.protocol_id);
    staff.import_roster(day.assessment_id,
                        "name,code,group,coach\nAda Okafor,R101,U18,kim\nBo Lindqvist,R102,U20,lee\nChiara Bianchi,R103,U18,kim\n"
                        "Dmitri Ivanov,R104,U20,lee\nÉmilie Dubois,R105,U18,kim\nFarah Haddad,R106,U20,lee\n"
                        "Gustav Berg,R107,U18,kim\nHana Sato,R108,U20,lee\n");
    testing::SimulatedAssessmentKiosk st1("st-1", hub, kiosk_token("st-1"), dir);
    testing::SimulatedAssessmentKiosk st2("st-2", hub, kiosk_token("st-2"), dir);
    const testing::RunnerStyle shrugs = [](sim::RunnerParams& r, form::View v) {
      if (v == form::View::kFront) r.shoulder_elevation_pct = 25.0;
    };
    const testing::RunnerStyle slow = [](sim::RunnerParams& r, form::View) { r.cadence_spm = 150.0; };
    std::vector<std::string> sessions;
    unsigned seed = 1;
    for (int i = 0; i < 5; ++i) {
      auto& kiosk = i % 2 == 0 ? st1 : st2;
      const std::string code = "R10" + std::to_string(i + 1);
      for (int step = 0; step < 3; ++step) {
        const auto ticket = kiosk.check_in(day.assessment_id, code);
        sessions.push_back(kiosk.run_step(ticket, i == 1 ? shrugs : i == 3 ? slow : testing::RunnerStyle{}, ++seed).session_id);
        // A real step takes minutes, so a station has one session open at a time; the simulated
        // ones take milliseconds, and the hub's limit of open sessions per kiosk would refuse
        // the fifth. Wait for each upload as the station's pace would.
        if (!kiosk.wait_uploaded(sessions.back(), std::chrono::seconds(60))) {
          std::cerr << "assessment_seed: session " << sessions.back() << " did not upload\n";
          return 1;
        }
      }
    }
    // Farah did the calibration and the front run, then left; Gustav is on station 2 now.
    for (int step = 0; step < 2; ++step) {
      sessions.push_back(st1.run_step(st1.check_in(day.assessment_id, "R106"), {}, ++seed).session_id);
      if (!st1.wait_uploaded(sessions.back(), std::chrono::seconds(60))) return 1;
    }
    st2.check_in(day.assessment_id, "R107");
    for (const auto& id : sessions) {
      auto& kiosk = id.starts_with("st-1-") ? st1 : st2;
      if (!kiosk.wait_uploaded(id, std::chrono::seconds(60))) {
        std::cerr << "assessment_seed: session " << id << " did not upload\n";
        return 1;
      }
    }
    std::cout << day.assessment_id << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "assessment_seed: " << e.what() << "\n";
    return 1;
  }
}
