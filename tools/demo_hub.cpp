#include "tools/demo_hub.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <thread>

#include "runform/v1/access.grpc.pb.h"
#include "runform/v1/coach.grpc.pb.h"
#include "services/client/form_encoding.h"
#include "services/client/hub_channel.h"
#include "services/client/station_uplink.h"
#include "services/hub/auth_secrets.h"
#include "services/hub/hub_server.h"

namespace runform::tools {

namespace {

// The demo's people and kiosk, made as a club makes them: an admin-made coach account signs in
// with its password (Login), and the kiosk exchanges a one-time enrolment code for its own
// credential (EnrollKiosk). Returns {coach token, kiosk token}, or an error message in `error`.
std::pair<std::string, std::string> demo_credentials(services::HubServer& hub, const std::string& target,
                                                     std::string& error) {
  const std::string password = services::new_bearer_token("demo-");  // a fresh password each run
  hub.access().create_account({"demo-coach", v1::ROLE_COACH,
                               services::hash_password(password, services::PasswordCost::interactive()), 0});
  hub.access().assign_athlete("demo-coach", "athlete-ana");
  const std::string code = services::new_enrolment_code();
  hub.access().add_enrolment_code({services::secret_hash(code), "treadmill-3",
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       (std::chrono::system_clock::now() + std::chrono::minutes(5)).time_since_epoch())
                                       .count()});
  auto access = v1::AccessService::NewStub(services::make_hub_channel(target));
  grpc::ClientContext login_context;
  v1::LoginRequest login;
  login.set_user_name("demo-coach");
  login.set_password(password);
  v1::LoginResponse signed_in;
  if (const auto s = access->Login(&login_context, login, &signed_in); !s.ok()) {
    error = "the demo coach could not sign in: " + s.error_message();
    return {};
  }
  grpc::ClientContext enrol_context;
  v1::EnrollKioskRequest enrol;
  enrol.set_enrolment_code(code);
  enrol.set_kiosk_id("kiosk-demo");
  v1::EnrollKioskResponse enrolled;
  if (const auto s = access->EnrollKiosk(&enrol_context, enrol, &enrolled); !s.ok()) {
    error = "the demo kiosk could not enrol: " + s.error_message();
    return {};
  }
  return {signed_in.token(), enrolled.kiosk_token()};
}

// A one-line chart: eight block heights between the series' min and max.
std::string sparkline(const v1::MetricSeries& series) {
  static const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (series.points().empty()) return "(no points)";
  float lo = series.points(0).value();
  float hi = lo;
  for (const auto& p : series.points()) {
    lo = std::min(lo, p.value());
    hi = std::max(hi, p.value());
  }
  std::string line;
  for (const auto& p : series.points()) {
    const float span = hi - lo;
    const int level = span <= 0.0F ? 0 : std::clamp(static_cast<int>((p.value() - lo) / span * 7.999F), 0, 7);
    line += kBlocks[level];
  }
  return line;
}

}  // namespace

int run_demo_hub_leg(const form::TrackHeader& header, const std::vector<form::PoseFrame>& frames,
                     const form::CoachingCatalog& catalog, std::ostream& out) {
  const auto dir = std::filesystem::temp_directory_path() / ("runform-demo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  services::HubOptions options;
  options.address = "127.0.0.1:0";
  options.insecure_loopback = true;  // the demo's hub lives inside this process, on loopback
  options.store = "sqlite:" + (dir / "hub.db").string();
  services::HubServer hub(options);
  const std::string target = "127.0.0.1:" + std::to_string(hub.port());
  out << "\nKiosk → hub → coach\n";
  out << "  hub listening on " << target << ", storing in " << options.store << "\n";
  std::string error;
  const auto [coach_token, kiosk_token] = demo_credentials(hub, target, error);
  if (!error.empty()) {
    out << "  " << error << "\n";
    return 1;
  }
  out << "  coach 'demo-coach' signed in; kiosk 'kiosk-demo' enrolled for treadmill-3 with a one-time code\n";

  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string session_id = "demo-" + std::to_string(now_ms);
  // A coach watches the station live while the kiosk uploads.
  auto coach = v1::CoachService::NewStub(services::make_hub_channel(target, {"", "", coach_token}));
  grpc::ClientContext watch_context;
  v1::WatchLiveRequest watch;
  watch.add_station_ids("treadmill-3");
  auto live = coach->WatchLive(&watch_context, watch);
  live->WaitForInitialMetadata();
  std::size_t live_frames = 0;
  std::thread watcher([&] {
    v1::LiveUpdate update;
    while (live->Read(&update)) {
      for (const auto& batch : update.frames()) live_frames += static_cast<std::size_t>(batch.frames_size());
      if (!update.closed_session_ids().empty()) break;
    }
  });

  // The kiosk side is the station's own: each frame through the form engine into the disk
  // spool as it happens (SQLite), streamed to the hub with resume by the same uploader.
  const auto start = std::chrono::steady_clock::now();
  bool side = false;
  {
    services::UplinkOptions uplink_options;
    uplink_options.hub_addresses = {target};
    uplink_options.kiosk_token = kiosk_token;
    uplink_options.spool_path = dir / "kiosk-spool.db";
    services::StationUplink uplink(uplink_options, catalog, {});
    form::EngineConfig config;
    config.view = header.view;
    form::FormEngine engine(config, catalog.cues);
    uplink.begin({session_id, "kiosk-demo", "treadmill-3", "athlete-ana", now_ms, header.width_px, header.height_px, header.fps, "Ana"});
    bool ready = false;
    for (const auto& frame : frames) {
      const form::FrameResult& result = engine.process(frame);
      uplink.record(frame, result, engine);
      if (!ready && engine.baseline()) {
        uplink.ready(engine);  // the session opens on the hub once its baseline is known
        ready = true;
      }
    }
    uplink.ready(engine);
    side = engine.view() == form::View::kSide;
    uplink.finish(form::summarize(engine, catalog), now_ms + 180'000, /*interrupted=*/false);
    const std::size_t total = frames.size();
    const bool terminal = isatty(STDOUT_FILENO) != 0;  // a progress line only where it redraws
    while (!uplink.wait_uploaded(session_id, std::chrono::milliseconds(50))) {
      const services::UplinkProgress progress = uplink.progress(session_id);
      if (terminal) out << "\r  uploading: " << progress.acked << " / " << total << " frames acknowledged" << std::flush;
      if (!progress.error.empty()) {
        out << "\n  upload failed: " << progress.error << "\n";
        return 1;
      }
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    out << (terminal ? "\r" : "") << "  uploaded " << total << " frames through the kiosk's disk spool, each acknowledged after its durable commit, in "
        << std::fixed << std::setprecision(0) << ms << " ms          \n";
  }
  watcher.join();
  watch_context.TryCancel();  // the coach stops watching
  live->Finish();
  out << "  a coach watching treadmill-3 live received " << live_frames << " frames\n";

  // Coach calls carry deadlines: a hub that does not answer is reported, not waited on forever.
  const auto deadline = [] { return std::chrono::system_clock::now() + std::chrono::seconds(10); };
  grpc::ClientContext list_context;
  list_context.set_deadline(deadline());
  v1::ListSessionsRequest list;
  list.set_athlete_id("athlete-ana");
  v1::ListSessionsResponse sessions;
  if (!coach->ListSessions(&list_context, list, &sessions).ok() || sessions.sessions().empty()) {
    out << "  the coach could not list the session\n";
    return 1;
  }
  const v1::SessionInfo& info = sessions.sessions(0);
  out << "  coach's session list: " << info.start().athlete_name() << " on " << info.start().station_id() << ", "
      << info.stored_seq() << " frames, " << info.summary().strides() << " strides, overall score "
      << std::setprecision(0) << info.summary().scores().overall() << "\n";

  const auto metric = side ? form::MetricId::kHeadForwardAngle : form::MetricId::kShouldersElevation;
  grpc::ClientContext series_context;
  series_context.set_deadline(deadline());
  v1::MetricSeriesRequest series_request;
  series_request.set_session_id(session_id);
  series_request.set_metric(services::to_wire(metric));
  series_request.set_max_points(48);
  v1::MetricSeries series;
  if (coach->GetMetricSeries(&series_context, series_request, &series).ok()) {
    out << "  " << form::info(metric).label << " over the run (" << series.source_points() << " strides → "
        << series.points_size() << " points, LTTB):\n    " << sparkline(series) << "\n";
  }
  hub.shutdown();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace runform::tools
