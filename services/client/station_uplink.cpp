#include "services/client/station_uplink.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "services/client/form_encoding.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/client/session_recording.h"
#include "services/client/sqlite_frame_spool.h"

namespace runform::services {

namespace {

v1::View to_wire_view(form::View view) { return view == form::View::kSide ? v1::VIEW_SIDE : v1::VIEW_FRONT; }

// Rebuilds an interrupted session's summary from the frames it recorded: the same engine over
// the same landmarks (as quantised on the wire).
v1::SessionSummary rebuild_summary(const std::vector<v1::FrameRecord>& frames, const v1::SessionStart& start,
                                   const form::CoachingCatalog& catalog, form::EngineConfig config) {
  if (config.view == form::View::kAuto && start.view() != v1::VIEW_UNSPECIFIED) {
    config.view = start.view() == v1::VIEW_SIDE ? form::View::kSide : form::View::kFront;
  }
  form::FormEngine engine(config, catalog.cues);
  for (const auto& f : frames) engine.process(decode_frame(f));
  v1::SessionSummary summary = encode_summary(form::summarize(engine, catalog));
  summary.set_interrupted(true);
  return summary;
}

}  // namespace

struct StationUplink::Impl {
  UplinkOptions options;
  form::CoachingCatalog catalog;
  form::EngineConfig engine_config;
  std::unique_ptr<SqliteFrameSpool> spool;
  std::unique_ptr<KioskUploader> uploader;
  std::size_t recovered = 0;

  mutable std::mutex mutex;  // the current session (recorder side)
  std::optional<UplinkSession> current;
  v1::SessionStart start;
  std::optional<double> first_t_s;
  std::size_t strides_seen = 0;
  std::uint64_t refused = 0;

  // Frames recorded when no hub is configured go straight to the spool.
  bool append(const std::string& id, v1::FrameRecord frame) {
    if (uploader) return uploader->try_add_frame(id, std::move(frame)).has_value();
    return spool->append(id, frame) == AppendResult::kAppended;
  }

  void recover() {
    for (const SpooledSession& held : spool->sessions()) {
      if (held.close) continue;
      const std::vector<v1::FrameRecord> frames = spool->read_all(held.start.session_id());
      v1::CloseSession close;
      close.set_session_id(held.start.session_id());
      close.set_last_seq(held.last_seq);
      *close.mutable_summary() = rebuild_summary(frames, held.start, catalog, engine_config);
      const std::int64_t last_t_us = frames.empty() ? 0 : frames.back().t_us();
      close.set_ended_unix_ms(held.start.started_unix_ms() + last_t_us / 1000);
      spool->mark_ready(held.start);
      spool->set_close(close);
      ++recovered;
    }
  }
};

StationUplink::StationUplink(UplinkOptions options, form::CoachingCatalog catalog, form::EngineConfig engine)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->catalog = std::move(catalog);
  impl_->engine_config = engine;
  impl_->spool = std::make_unique<SqliteFrameSpool>(impl_->options.spool_path, impl_->options.spool_max_frames);
  impl_->recover();
  if (!impl_->options.hub_addresses.empty()) {
    UploaderOptions uploader_options;
    uploader_options.backoff_max = impl_->options.backoff_max;
    // One channel per hub, so each is reached by its own name (TLS checks that name) and the
    // uploader can move from one to the next; the kiosk's credential goes with every call.
    HubChannelOptions tls;
    tls.ca_file = impl_->options.hub_ca_file;
    tls.token = impl_->options.kiosk_token;
    std::vector<std::shared_ptr<grpc::Channel>> hubs;
    for (const std::string& address : impl_->options.hub_addresses) hubs.push_back(make_hub_channel(address, tls));
    impl_->uploader = std::make_unique<KioskUploader>(std::move(hubs),
                                                      *impl_->spool, uploader_options);
  }
}

StationUplink::~StationUplink() {
  if (impl_->uploader) impl_->uploader->stop();
}

std::size_t StationUplink::recovered_sessions() const { return impl_->recovered; }

void StationUplink::begin(const UplinkSession& session) {
  const std::lock_guard lock(impl_->mutex);
  impl_->current = session;
  impl_->first_t_s.reset();
  impl_->strides_seen = 0;
  v1::SessionStart& start = impl_->start;
  start.Clear();
  start.set_session_id(session.session_id);
  start.set_kiosk_id(session.kiosk_id);
  start.set_station_id(session.station_id);
  start.set_athlete_id(session.athlete_id);
  start.set_athlete_name(session.athlete_name);
  start.set_software_version(software_version());
  start.set_started_unix_ms(session.started_unix_ms);
  start.set_image_width_px(static_cast<std::uint32_t>(session.width_px));
  start.set_image_height_px(static_cast<std::uint32_t>(session.height_px));
  start.set_fps(static_cast<std::uint32_t>(std::lround(session.fps)));
  start.set_view(v1::VIEW_FRONT);  // until the engine says otherwise (ready())
  if (impl_->uploader) {
    impl_->uploader->open(start, /*ready=*/false);
  } else {
    impl_->spool->add_session(start, /*ready=*/false);
  }
}

void StationUplink::ready(const form::FormEngine& engine) {
  const std::lock_guard lock(impl_->mutex);
  if (!impl_->current) return;
  v1::SessionStart& start = impl_->start;
  start.set_view(to_wire_view(engine.view()));
  if (engine.baseline()) *start.mutable_baseline() = encode_baseline(*engine.baseline());
  if (impl_->uploader) {
    impl_->uploader->mark_ready(start);
  } else {
    impl_->spool->mark_ready(start);
  }
}

bool StationUplink::record(const form::PoseFrame& raw, const form::FrameResult& result, const form::FormEngine& engine) {
  const std::lock_guard lock(impl_->mutex);
  if (!impl_->current) return false;
  if (!impl_->first_t_s) impl_->first_t_s = raw.t_s;
  // The wire wants time since the session start; the camera clock starts anywhere.
  const auto t_us = std::llround((raw.t_s - *impl_->first_t_s) * 1e6);
  v1::FrameRecord record = encode_frame(raw, std::max<long long>(t_us, 0), impl_->current->width_px, impl_->current->height_px);
  if (engine.strides().size() != impl_->strides_seen) {
    impl_->strides_seen = engine.strides().size();
    attach_metrics(record, engine.current_metrics(), engine.current_scores());
  }
  for (const auto& event : result.cue_events) attach_cue(record, event);
  if (impl_->append(impl_->current->session_id, std::move(record))) return true;
  ++impl_->refused;
  return false;
}

void StationUplink::finish(const form::SessionSummary& summary, std::int64_t ended_unix_ms, bool interrupted) {
  const std::lock_guard lock(impl_->mutex);
  if (!impl_->current) return;
  const std::string id = impl_->current->session_id;
  v1::SessionSummary wire = encode_summary(summary);
  wire.set_interrupted(interrupted);
  if (impl_->uploader) {
    impl_->uploader->mark_ready(impl_->start);  // a session ended during calibration uploads too
    impl_->uploader->close(id, wire, ended_unix_ms);
  } else {
    impl_->spool->mark_ready(impl_->start);
    v1::CloseSession close;
    close.set_session_id(id);
    for (const auto& s : impl_->spool->sessions()) {
      if (s.start.session_id() == id) close.set_last_seq(s.last_seq);
    }
    *close.mutable_summary() = wire;
    close.set_ended_unix_ms(ended_unix_ms);
    impl_->spool->set_close(close);
  }
  impl_->current.reset();
}

bool StationUplink::recording() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->current.has_value();
}

UplinkStatus StationUplink::status() const {
  UplinkStatus s;
  s.hub_configured = impl_->uploader != nullptr;
  if (!impl_->options.hub_addresses.empty()) s.hub_address = impl_->options.hub_addresses.front();
  s.stored_frames = impl_->spool->stored_frames();
  s.backlog_frames = impl_->spool->backlog_frames();
  s.capacity_frames = impl_->spool->capacity_frames();
  s.full = s.stored_frames >= s.capacity_frames;
  s.nearly_full = static_cast<double>(s.stored_frames) >= impl_->options.nearly_full_fraction * static_cast<double>(s.capacity_frames);
  if (impl_->uploader) {
    const UploaderStats u = impl_->uploader->stats();
    s.hub_address = impl_->options.hub_addresses.at(u.hub_index);
    s.hub_online = u.online;
    s.last_error = u.paused_reason.empty() ? u.last_error : u.paused_reason;
    s.paused_reason = u.paused_reason;
    s.credential_refused = u.credential_refused;
    s.sessions_refused = u.sessions_refused;
    s.last_refusal = u.last_refusal;
    s.sessions_pending = impl_->uploader->pending_sessions();
  } else {
    const std::vector<SpooledSession> held = impl_->spool->sessions();
    s.sessions_pending = held.size();
    s.sessions_refused = static_cast<std::uint64_t>(
        std::count_if(held.begin(), held.end(), [](const SpooledSession& h) { return h.refusal.has_value(); }));
  }
  const std::lock_guard lock(impl_->mutex);
  s.frames_refused = impl_->refused;
  return s;
}

UplinkProgress StationUplink::progress(const std::string& session_id) const {
  UplinkProgress p;
  if (impl_->uploader) {
    const SessionUploadState u = impl_->uploader->session_state(session_id);
    p.recorded = u.recorded;
    p.acked = u.acked;
    p.closed_on_hub = u.closed;
    p.error = u.error;
    return p;
  }
  for (const auto& s : impl_->spool->sessions()) {
    if (s.start.session_id() == session_id) p.recorded = s.last_seq;
  }
  return p;
}

bool StationUplink::wait_uploaded(const std::string& session_id, std::chrono::milliseconds timeout) {
  return impl_->uploader && impl_->uploader->wait_closed(session_id, timeout);
}

}  // namespace runform::services
