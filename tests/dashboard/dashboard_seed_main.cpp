// dashboard_seed: fills a running hub with the sessions the dashboard's end-to-end test and
// benchmark look at: simulated runners (tests/support's realistic simulator through the form
// engine, as a kiosk records them), several sessions per athlete on different days, one
// hour-long session (108,000 frames at 30 fps: a recorded 2-minute run repeated with its time
// shifted), and an athlete of another coach. Prints "name session_id" lines to --manifest.
//
// usage: dashboard_seed --hub 127.0.0.1:PORT --manifest FILE [--hour-minutes N]
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "sim/track_simulator.h"
#include "support/hub_harness.h"
#include "support/sim_harness.h"

namespace {

using namespace runform;

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// The first seeded session starts here (2026-09-01), later ones a week apart.
constexpr std::int64_t kFirstStartUnixMs = 1'788'220'800'000;

// The recorded session repeated until it holds `target_frames` frames, its frame times shifted
// so they keep increasing.
services::RecordedSession repeated(services::RecordedSession base, std::size_t target_frames) {
  const std::int64_t span_us = base.frames.back().t_us() + 33'333;
  std::vector<v1::FrameRecord> frames;
  frames.reserve(target_frames);
  for (int i = 0; frames.size() < target_frames; ++i) {
    for (const v1::FrameRecord& source : base.frames) {
      if (frames.size() == target_frames) break;
      v1::FrameRecord f = source;
      f.set_t_us(f.t_us() + span_us * i);
      frames.push_back(std::move(f));
    }
  }
  const double times = static_cast<double>(target_frames) / static_cast<double>(base.frames.size());
  base.frames = std::move(frames);
  base.summary.set_running_s(base.summary.running_s() * times);
  base.summary.set_strides(static_cast<std::uint32_t>(base.summary.strides() * times));
  return base;
}

// A runner who tires: shoulders creep up and the arms start to cross in the second half, and the
// hands go to the rails for a while; the kiosk shows cues, the summary flags faults and drift.
services::RecordedSession tiring_session(const std::string& id, double seconds, const std::string& athlete) {
  sim::SimulationSpec spec = testing::realistic_spec(form::View::kFront, seconds, 51);
  spec.runner.fatigue.push_back({"shoulder_elevation_pct", 30.0, 0.3});
  spec.runner.fatigue.push_back({"midline_crossing", 0.35, 0.5});
  spec.realism.hands_on_rails.push_back({seconds * 0.45, seconds * 0.45 + 8.0});
  const sim::SimulatedSession sim = sim::simulate(spec);
  services::SessionIdentity identity{id, "kiosk-station-1", "station-1", athlete, "Runner " + athlete, 0};
  return services::record_session(sim.header, sim.frames, {}, testing::catalog(), identity);
}

void upload(services::KioskUploader& uploader, const services::RecordedSession& s) {
  uploader.open(s.start);
  for (const auto& f : s.frames) uploader.add_frame(s.start.session_id(), f);
  const std::int64_t ended = s.start.started_unix_ms() + s.frames.back().t_us() / 1000;
  uploader.close(s.start.session_id(), s.summary, ended);
  if (!uploader.wait_closed(s.start.session_id(), std::chrono::minutes(5))) {
    throw std::runtime_error("session " + s.start.session_id() + " did not upload: " + uploader.stats().last_error);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string hub;
  std::string manifest;
  int hour_minutes = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--hub") hub = argv[i + 1];
    if (a == "--manifest") manifest = argv[i + 1];
    if (a == "--hour-minutes") hour_minutes = std::stoi(argv[i + 1]);
  }
  if (hub.empty() || manifest.empty()) {
    std::cerr << "usage: dashboard_seed --hub HOST:PORT --manifest FILE [--hour-minutes N]\n";
    return 2;
  }
  try {
    services::UploaderOptions options;
    options.max_spool_frames = 200'000;
    services::KioskUploader uploader(services::make_hub_channel(hub), options);
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
          testing::recorded_session(std::string("seed-") + p.name, p.seconds, p.view, p.athlete, "station-1", p.seed);
      s.start.set_started_unix_ms(kFirstStartUnixMs + p.week * 7 * kDayMs);
      upload(uploader, s);
      out << p.name << " " << s.start.session_id() << "\n";
      std::cout << "dashboard_seed: " << p.name << " " << s.frames.size() << " frames\n";
    }
    services::RecordedSession tired = tiring_session("seed-ana_tired", 150.0, "ana");
    tired.start.set_started_unix_ms(kFirstStartUnixMs + 3 * 7 * kDayMs);
    upload(uploader, tired);
    out << "ana_tired " << tired.start.session_id() << "\n";
    std::cout << "dashboard_seed: ana_tired " << tired.frames.size() << " frames\n";
    // The hour-long one: a 2-minute run repeated.
    services::RecordedSession base = testing::recorded_session("seed-hour", 120.0, form::View::kFront, "ana", "station-2", 41);
    base.start.set_started_unix_ms(kFirstStartUnixMs + 4 * 7 * kDayMs);
    constexpr std::size_t kKioskFps = 30;
  const services::RecordedSession hour =
      repeated(std::move(base), static_cast<std::size_t>(std::max(1, hour_minutes)) * 60 * kKioskFps);
    upload(uploader, hour);
    out << "ana_hour " << hour.start.session_id() << "\n";
    std::cout << "dashboard_seed: ana_hour " << hour.frames.size() << " frames\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dashboard_seed: " << e.what() << "\n";
    return 1;
  }
}
