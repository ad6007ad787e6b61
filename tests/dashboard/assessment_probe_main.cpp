// assessment_probe: prints what the hub holds for the assessment named NAME, so the dashboard's
// Xvfb test checks its flows on the hub rather than on the screen: the day, its protocol's steps
// in order, and its roster.
// Usage: assessment_probe HOST:PORT STAFF_USER STAFF_PASSWORD_FILE NAME
// Exit 0 with the lines below, 3 when no assessment has that name, 1 on a failed call.
//   assessment NAME DATE st-1,st-2 protocol PROTOCOL_NAME
//   step 1 LABEL calibration|run 10 s front|side speed 12|- incline 3|-
//   athlete CODE NAME|GROUP|COACH
#include <fstream>
#include <iostream>

#include "services/client/assessment_client.h"
#include "services/client/coach_client.h"
#include "services/client/hub_channel.h"

using namespace runform;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: assessment_probe HOST:PORT STAFF_USER STAFF_PASSWORD_FILE NAME\n";
    return 2;
  }
  try {
    std::ifstream in(argv[3]);
    std::string password;
    std::getline(in, password);
    const std::string token = services::CoachClient({argv[1], {}, {}, {}}).login(argv[2], password).token;
    services::AssessmentClient hub(services::make_hub_channel(argv[1], {"", "", token}));
    for (const auto& a : hub.list_assessments()) {
      if (a.name != argv[4]) continue;
      std::string stations;
      for (const auto& s : a.station_ids) stations += (stations.empty() ? "" : ",") + s;
      std::cout << "assessment " << a.name << " " << a.date << " " << stations << " protocol " << a.protocol.name << "\n";
      int n = 0;
      for (const auto& s : a.protocol.steps) {
        std::cout << "step " << ++n << " " << s.label << " " << (s.kind == services::StepKind::kCalibration ? "calibration" : "run")
                  << " " << s.duration_s << " s " << (s.view == form::View::kSide ? "side" : "front") << " speed ";
        if (s.speed_kmh) std::cout << *s.speed_kmh; else std::cout << "-";
        std::cout << " incline ";
        if (s.incline_pct) std::cout << *s.incline_pct; else std::cout << "-";
        std::cout << "\n";
      }
      for (const auto& r : hub.roster(a.assessment_id)) {
        std::cout << "athlete " << r.athlete_code << " " << r.name << "|" << r.squad << "|" << r.coach << "\n";
      }
      return 0;
    }
    std::cerr << "assessment_probe: no assessment named " << argv[4] << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "assessment_probe: " << e.what() << "\n";
    return 1;
  }
}
