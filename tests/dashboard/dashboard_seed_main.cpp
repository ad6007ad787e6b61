// dashboard_seed: fills a running hub with the sessions the dashboard's end-to-end test and
// benchmark look at: simulated runners (tests/support's realistic simulator through the form
// engine, as a kiosk records them), several sessions per athlete on different days, one
// hour-long session (108,000 frames at 30 fps: a recorded 2-minute run repeated with its time
// shifted), and an athlete of another coach. Prints "name session_id" lines to --manifest.
//
// The hub has accounts (issue 11): each station's sessions go up as a kiosk enrolled with a
// one-time code from `runform-hub admin issue-enrolment-code` (--enrolment-code STATION=CODE,
// for station-1 and station-2); with --sign-in USER --password-file FILE it also signs that person
// in and writes their token to --token-out (for `runform export --token-file`).
//
// usage: dashboard_seed --hub 127.0.0.1:PORT --manifest FILE [--hour-minutes N]
//          --enrolment-code station-1=CODE --enrolment-code station-2=CODE
//          [--sign-in USER --password-file FILE --token-out FILE]
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "services/client/coach_client.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_credential.h"
#include "services/client/kiosk_uploader.h"
#include "support/hub_harness.h"
#include "tests/dashboard/seed_sessions.h"

namespace {

using namespace runform;
using runform::testing::kDayMs;
using runform::testing::kFirstStartUnixMs;

}  // namespace

int main(int argc, char** argv) {
  std::string hub;
  std::string manifest;
  int hour_minutes = 60;
  std::map<std::string, std::string> codes;  // station → enrolment code
  std::string sign_in_user;
  std::string password_file;
  std::string token_out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::string v = argv[i + 1];
    if (a == "--hub") hub = v;
    if (a == "--manifest") manifest = v;
    if (a == "--hour-minutes") hour_minutes = std::stoi(v);
    if (a == "--enrolment-code" && v.find('=') != std::string::npos) codes[v.substr(0, v.find('='))] = v.substr(v.find('=') + 1);
    if (a == "--sign-in") sign_in_user = v;
    if (a == "--password-file") password_file = v;
    if (a == "--token-out") token_out = v;
  }
  if (hub.empty() || manifest.empty() || !codes.count("station-1") || !codes.count("station-2")) {
    std::cerr << "usage: dashboard_seed --hub HOST:PORT --manifest FILE [--hour-minutes N] --enrolment-code station-1=CODE"
                 " --enrolment-code station-2=CODE [--sign-in USER --password-file FILE --token-out FILE]\n";
    return 2;
  }
  try {
    services::UploaderOptions options;
    options.max_spool_frames = 200'000;
    auto uploader_for = [&](const std::string& station) {
      const services::KioskCredential credential = services::enrol_kiosk(hub, "", codes.at(station), "kiosk-" + station);  // the kiosk id the seeded sessions carry
      return std::make_unique<services::KioskUploader>(services::make_hub_channel(hub, {"", "", credential.kiosk_token}), options);
    };
    const auto station_1 = uploader_for("station-1");
    const auto station_2 = uploader_for("station-2");
    services::KioskUploader& uploader = *station_1;
    std::ofstream out(manifest);
    struct Plan {
      const char* name;
      const char* athlete;
      form::View view;
      double seconds;
      unsigned seed;
      int week;
    };
    const Plan plans[] = {
        {"ana_baseline", "ana", form::View::kFront, 60.0, 11, 0}, {"ana_week2", "ana", form::View::kFront, 60.0, 12, 1},
        {"ana_week3", "ana", form::View::kFront, 75.0, 13, 2},    {"ben_side", "ben", form::View::kSide, 60.0, 21, 1},
        {"ben_side2", "ben", form::View::kSide, 60.0, 22, 3},     {"other_coach", "zoe", form::View::kFront, 45.0, 31, 2},
    };
    for (const Plan& p : plans) {
      services::RecordedSession s =
          runform::testing::recorded_session(std::string("seed-") + p.name, p.seconds, p.view, p.athlete, "station-1", p.seed);
      s.start.set_started_unix_ms(kFirstStartUnixMs + p.week * 7 * kDayMs);
      runform::testing::upload_session(uploader, s);
      out << p.name << " " << s.start.session_id() << "\n";
      std::cout << "dashboard_seed: " << p.name << " " << s.frames.size() << " frames\n";
    }
    services::RecordedSession tired = runform::testing::tiring_session("seed-ana_tired", 150.0, "ana");
    tired.start.set_started_unix_ms(kFirstStartUnixMs + 3 * 7 * kDayMs);
    runform::testing::upload_session(uploader, tired);
    out << "ana_tired " << tired.start.session_id() << "\n";
    std::cout << "dashboard_seed: ana_tired " << tired.frames.size() << " frames\n";
    // The hour-long one: a 2-minute run repeated.
    services::RecordedSession base = runform::testing::recorded_session("seed-hour", 120.0, form::View::kFront, "ana", "station-2", 41);
    base.start.set_started_unix_ms(kFirstStartUnixMs + 4 * 7 * kDayMs);
    const services::RecordedSession hour =
      runform::testing::repeated(std::move(base), runform::testing::kHourFrames * static_cast<std::size_t>(std::max(1, hour_minutes)) / 60);
    runform::testing::upload_session(*station_2, hour);
    out << "ana_hour " << hour.start.session_id() << "\n";
    std::cout << "dashboard_seed: ana_hour " << hour.frames.size() << " frames\n";
    if (!sign_in_user.empty()) {
      std::ifstream in(password_file);
      std::string password;
      std::getline(in, password);
      services::CoachClient client({hub, {}, {}, {}});
      std::ofstream(token_out) << client.login(sign_in_user, password).token << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dashboard_seed: " << e.what() << "\n";
    return 1;
  }
}
