#include "support/simulated_assessment_kiosk.h"

#include "form/engine.h"
#include "services/client/hub_channel.h"
#include "sim/track_simulator.h"
#include "support/sim_harness.h"

namespace runform::testing {

namespace {
constexpr double kStandingBeforeRunS = 4.0;  // each run step starts with the kiosk's calibration
constexpr double kMinSimulatedRunS = 6.0;    // sim::validate wants more than 5 s of run
}  // namespace

SimulatedAssessmentKiosk::SimulatedAssessmentKiosk(std::string station_id, const std::string& hub_target,
                                                   const std::string& kiosk_token,
                                                   const std::filesystem::path& spool_dir)
    : station_id_(std::move(station_id)) {
  services::UplinkOptions options;
  options.hub_addresses = {hub_target};
  options.spool_path = spool_dir / (station_id_ + "-spool.db");
  options.backoff_max = std::chrono::milliseconds(200);
  options.kiosk_token = kiosk_token;
  uplink_ = std::make_unique<services::StationUplink>(options, catalog(), form::EngineConfig{});
  client_ = std::make_unique<services::AssessmentClient>(services::make_hub_channel(hub_target, {.ca_file = "", .server_name = "", .token = kiosk_token}),
                                                         std::chrono::milliseconds(3000));
}

SimulatedAssessmentKiosk::~SimulatedAssessmentKiosk() = default;

services::CheckInTicket SimulatedAssessmentKiosk::check_in(const std::string& assessment_id, const std::string& badge) {
  return client_->check_in(assessment_id, station_id_, badge);
}

KioskStepRun SimulatedAssessmentKiosk::run_step(const services::CheckInTicket& ticket, const RunnerStyle& style,
                                                unsigned seed, double interrupt_after_fraction) {
  const bool calibration = ticket.step.kind == services::StepKind::kCalibration;
  sim::SimulationSpec spec = realistic_spec(ticket.step.view, 0.0, seed);
  spec.runner.standing_s = calibration ? ticket.step.duration_s : kStandingBeforeRunS;
  // The simulator always ends with a run (≥ 5 s); a calibration step stops recording before it.
  spec.runner.duration_s = spec.runner.standing_s + (calibration ? kMinSimulatedRunS : ticket.step.duration_s);
  if (style) style(spec.runner, ticket.step.view);
  const sim::SimulatedSession run = sim::simulate(spec);

  form::EngineConfig config;
  config.view = ticket.step.view;  // the protocol says which view this step films
  form::FormEngine engine(config, catalog().cues);
  KioskStepRun out;
  out.session_id = station_id_ + "-s" + std::to_string(++sessions_) + "-" + ticket.check_in_id;
  clock_unix_ms_ += 60'000;
  services::UplinkSession session;
  session.session_id = out.session_id;
  session.kiosk_id = "kiosk-" + station_id_;
  session.station_id = station_id_;
  session.athlete_id = ticket.athlete.athlete_code;
  session.athlete_name = ticket.athlete.name;
  session.started_unix_ms = clock_unix_ms_;
  session.width_px = spec.camera.width_px;
  session.height_px = spec.camera.height_px;
  session.fps = spec.camera.fps;
  uplink_->begin(session);
  const double step_end_s = calibration ? spec.runner.standing_s : spec.runner.duration_s;
  const double stop_at_s = step_end_s * interrupt_after_fraction;
  out.interrupted = interrupt_after_fraction < 1.0;
  bool ready = false;
  for (const form::PoseFrame& frame : run.frames) {
    if (frame.t_s >= stop_at_s) break;
    const form::FrameResult& result = engine.process(frame, {});
    if (!ready && frame.t_s >= spec.runner.standing_s) {
      uplink_->ready(engine);
      ready = true;
    }
    uplink_->record(frame, result, engine);
  }
  if (!ready) uplink_->ready(engine);
  out.summary = form::summarize(engine, catalog());
  const std::int64_t ended = clock_unix_ms_ + static_cast<std::int64_t>(stop_at_s * 1000.0);
  uplink_->finish(out.summary, ended, out.interrupted);
  client_->record_step({ticket.check_in_id, !out.interrupted, out.interrupted ? "" : out.session_id, ended});
  return out;
}

bool SimulatedAssessmentKiosk::wait_uploaded(const std::string& session_id, std::chrono::milliseconds timeout) {
  return uplink_->wait_uploaded(session_id, timeout);
}

}  // namespace runform::testing
