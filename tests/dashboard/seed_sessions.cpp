#include "tests/dashboard/seed_sessions.h"

#include <chrono>
#include <stdexcept>

#include "sim/track_simulator.h"
#include "support/hub_harness.h"
#include "support/sim_harness.h"

namespace runform::testing {

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

services::RecordedSession tiring_session(const std::string& id, double seconds, const std::string& athlete) {
  sim::SimulationSpec spec = testing::realistic_spec(form::View::kFront, seconds, 51);
  spec.runner.fatigue.push_back({"shoulder_elevation_pct", 30.0, 0.3});
  spec.runner.fatigue.push_back({"midline_crossing", 0.35, 0.5});
  spec.realism.hands_on_rails.push_back({seconds * 0.45, seconds * 0.45 + 8.0});
  const sim::SimulatedSession sim = sim::simulate(spec);
  services::SessionIdentity identity{id, "kiosk-station-1", "station-1", athlete, "Runner " + athlete, kFirstStartUnixMs};
  return services::record_session(sim.header, sim.frames, {}, testing::catalog(), identity);
}

void upload_session(services::KioskUploader& uploader, const services::RecordedSession& s) {
  uploader.open(s.start);
  for (const auto& f : s.frames) uploader.add_frame(s.start.session_id(), f);
  const std::int64_t ended = s.start.started_unix_ms() + s.frames.back().t_us() / 1000;
  uploader.close(s.start.session_id(), s.summary, ended);
  if (!uploader.wait_closed(s.start.session_id(), std::chrono::minutes(5))) {
    throw std::runtime_error("session " + s.start.session_id() + " did not upload: " + uploader.stats().last_error);
  }
}

}  // namespace runform::testing
