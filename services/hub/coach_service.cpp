#include "services/hub/call_status.h"
#include "services/hub/frame_metric_scan.h"
#include "services/hub/coach_service.h"

#include <charconv>
#include <ctime>
#include <limits>
#include <unordered_set>

#include "services/hub/free_memory.h"
#include "services/hub/lttb.h"
#include "services/hub/page_token.h"
#include "services/hub/wire_codec.h"
#include "services/hub/wire_limits.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

constexpr std::size_t kDefaultPageSize = 50;
constexpr std::size_t kFramesPerBatch = 1000;
constexpr std::size_t kSeriesReadPage = 5000;
constexpr std::uint32_t kDefaultSeriesPoints = 500;
constexpr std::size_t kMaxAnnotationChars = 4000;
constexpr std::size_t kMaxAnnotationsPerSession = 1000;  // ListAnnotationsResponse's row in wire_limits
constexpr std::uint32_t kMaxSeriesPoints = 10'000;       // MetricSeries.points in wire_limits
constexpr std::size_t kMaxTrendPoints = 10'000;          // MetricTrend.points in wire_limits
constexpr std::size_t kMaxFramesPerUpdate = 512;
constexpr std::size_t kTrimAfterReadBytes = 1 << 20;  // reads this large give their memory back

grpc::Status invalid(const std::string& message) { return {grpc::StatusCode::INVALID_ARGUMENT, message}; }

constexpr std::string_view kService = "/runform.v1.CoachService/";

std::string method(std::string_view name) { return std::string(kService) + std::string(name); }

// Runs a unary handler: admits the caller by the method's row of the authorization table, checks
// the wire limits, runs the body with the caller, turns exceptions into a status and finishes the
// call exactly once.
template <typename Fn>
grpc::ServerUnaryReactor* respond(HubCore& core, grpc::CallbackServerContext* context,
                                  const google::protobuf::Message& request, std::string_view name, Fn&& fn) {
  auto* reactor = context->DefaultReactor();
  grpc::Status status;
  try {
    Caller caller;
    status = core.gate.admit(*context, method(name), caller);
    if (status.ok()) status = check_wire_limits(request);
    if (status.ok()) status = fn(caller);
  } catch (...) {
    status = status_of_current_exception();
  }
  reactor->Finish(status);
  return reactor;
}

// The session, if it exists and the caller may see its athlete: NOT_FOUND for an unknown id,
// PERMISSION_DENIED (audited) for a session of an athlete the coach is not assigned.
grpc::Status session_for(HubCore& core, const Caller& caller, std::string_view name, const std::string& session_id,
                         std::optional<StoredSession>& out) {
  out = core.store.session(session_id);
  if (!out) return {grpc::StatusCode::NOT_FOUND, "unknown session '" + session_id + "'"};
  if (!core.gate.may_see_athlete(caller, out->athlete_id)) {
    return core.gate.deny(caller, method(name), "this session is of an athlete not assigned to you");
  }
  return grpc::Status::OK;
}

std::optional<std::size_t> page_size(std::uint32_t requested, std::size_t max) {
  if (requested == 0) return kDefaultPageSize;
  if (requested > max) return std::nullopt;
  return requested;
}

std::optional<double> metric_in(const google::protobuf::RepeatedPtrField<v1::MetricSample>& metrics, v1::MetricId id) {
  for (const auto& m : metrics) {
    if (m.metric() == id) return m.value();
  }
  return std::nullopt;
}

// A read of frames the retention policy deleted says so, instead of an empty result that looks
// like a session without frames.
grpc::Status frames_purged(const StoredSession& session) {
  const std::time_t when = static_cast<std::time_t>(session.frames_purged_unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&when, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  return {grpc::StatusCode::FAILED_PRECONDITION,
          "the frames of session '" + session.session_id + "' were deleted on " + date +
              " by the hub's retention policy ([retention] frame_days); its summary is kept (GetSession)"};
}

grpc::Status check_metric(v1::MetricId metric) {
  if (metric == v1::METRIC_UNSPECIFIED || !v1::MetricId_IsValid(metric)) return invalid("choose a metric");
  return grpc::Status::OK;
}


}  // namespace

/// Streams a session's frames page by page: one store read per write, so memory stays at one
/// page however long the session.
class ReadFramesReactor final : public grpc::ServerWriteReactor<v1::FrameBatch> {
 public:
  ReadFramesReactor(HubCore& core, const v1::ReadFramesRequest& request,
                    std::weak_ptr<ReactorSet<ReadFramesReactor>> set)
      : core_(core), request_(request), set_(std::move(set)) {}

  void begin(const Caller& caller) {
    if (request_.to_t_us() != 0 && request_.to_t_us() <= request_.from_t_us()) {
      return Finish(invalid("to_t_us must be after from_t_us (or 0 for the end)"));
    }
    try {
      std::optional<StoredSession> session;
      if (auto s = session_for(core_, caller, "ReadFrames", request_.session_id(), session); !s.ok()) return Finish(s);
      if (session->frames_purged_unix_ms != 0) return Finish(frames_purged(*session));
    } catch (...) {
      return Finish(status_of_current_exception());
    }
    next();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return Finish({grpc::StatusCode::CANCELLED, "the reader went away"});
    next();
  }

  void OnDone() override {
    if (const auto set = set_.lock()) set->remove(this);
    // A large read leaves its pages in allocator arenas that glibc would keep for good (the hub
    // once sat at 2.4 GB after a few reads); hand them back to the system now.
    if (bytes_sent_ >= kTrimAfterReadBytes) return_free_memory();
  }

 private:
  void next() {
    std::vector<StoredFrame> page;
    try {
      const std::int64_t to = request_.to_t_us() == 0 ? std::numeric_limits<std::int64_t>::max() : request_.to_t_us();
      page = core_.store.read_frames(request_.session_id(), after_seq_, request_.from_t_us(), to, kFramesPerBatch);
      if (page.empty()) return Finish(grpc::Status::OK);
      batch_.Clear();
      for (const auto& f : page) *batch_.add_frames() = to_wire(f);
    } catch (...) {
      return Finish(status_of_current_exception());
    }
    after_seq_ = page.back().seq;
    bytes_sent_ += batch_.ByteSizeLong();
    StartWrite(&batch_);
  }

  HubCore& core_;
  v1::ReadFramesRequest request_;
  std::weak_ptr<ReactorSet<ReadFramesReactor>> set_;
  v1::FrameBatch batch_;
  std::uint64_t after_seq_ = 0;
  std::size_t bytes_sent_ = 0;
};

/// One live watcher: a bounded queue filled by the broadcaster, drained by one write at a time.
class WatchLiveReactor final : public grpc::ServerWriteReactor<v1::LiveUpdate>, public LiveSubscriber {
 public:
  WatchLiveReactor(HubCore& core, grpc::CallbackServerContext& context, const v1::WatchLiveRequest& request,
                   std::weak_ptr<ReactorSet<WatchLiveReactor>> set)
      : core_(core),
        context_(context),
        stations_(request.station_ids().begin(), request.station_ids().end()),
        athletes_(request.athlete_ids().begin(), request.athlete_ids().end()),
        set_(std::move(set)),
        queue_(core.limits.watcher_queue_frames),
        send_now_frames_(std::min(kMaxFramesPerUpdate, std::max<std::size_t>(core.limits.watcher_queue_frames / 2, 1))) {}

  /// Narrows the watch to these athletes (a coach's assigned ones); unset: every athlete.
  void limit_to(std::optional<std::unordered_set<std::string>> athletes) { scope_ = std::move(athletes); }
  /// Called once when the watch ends (frees the account's watcher slot).
  void on_done(std::function<void()> fn) { on_done_ = std::move(fn); }

  [[nodiscard]] bool wants(const v1::SessionStart& session) const override {
    if (scope_ && !scope_->contains(session.athlete_id())) return false;
    if (stations_.empty() && athletes_.empty()) return true;
    return stations_.contains(session.station_id()) ||
           (!session.athlete_id().empty() && athletes_.contains(session.athlete_id()));
  }

  void offer(const std::shared_ptr<const LiveBatch>& batch) override {
    const std::lock_guard lock(mutex_);
    if (finished_) return;
    queue_.push(batch);
    // A full update's worth (or half the queue) goes at once; less waits for the linger tick.
    if (queue_.queued_frames() >= send_now_frames_) pump_locked();
  }

  void flush() override {
    const std::lock_guard lock(mutex_);
    pump_locked();
  }

  void forget(const std::unordered_set<std::string>& session_ids) override {
    const std::lock_guard lock(mutex_);
    if (finished_) return;
    queue_.remove_sessions(session_ids);
    // Sessions this watcher was shown end for it now; the notice carries the id only.
    for (const std::string& id : session_ids) {
      if (!known_sessions_.contains(id)) continue;
      auto start = std::make_shared<v1::SessionStart>();
      start->set_session_id(id);
      auto closed = std::make_shared<LiveBatch>();
      closed->session = std::move(start);
      closed->closed = true;
      queue_.push(std::move(closed));
    }
    pump_locked();
  }

  void OnWriteDone(bool ok) override {
    const std::lock_guard lock(mutex_);
    writing_now_ = false;
    if (finished_) {
      if (deferred_finish_) {
        Finish(*deferred_finish_);
        deferred_finish_.reset();
      }
      return;
    }
    if (!ok) return finish_locked({grpc::StatusCode::CANCELLED, "the watcher went away"});
    if (queue_.queued_frames() >= send_now_frames_) pump_locked();
  }

  void OnCancel() override {
    const std::lock_guard lock(mutex_);
    finish_locked({grpc::StatusCode::CANCELLED, "cancelled"});
  }

  void OnDone() override {
    core_.live.remove(this);
    if (on_done_) on_done_();
    if (const auto set = set_.lock()) set->remove(this);
  }

  /// Tells the watcher it is subscribed: initial metadata goes out before any frame.
  void begin() {
    const std::lock_guard lock(mutex_);
    if (!finished_) StartSendInitialMetadata();
  }

  /// Ends the watch (shutdown).
  void end(const grpc::Status& status) {
    const std::lock_guard lock(mutex_);
    finish_locked(status);
  }

  /// Ends the watch if an update has been waiting since before `cutoff` for the watcher to read:
  /// its slot is freed at once and the stuck write is cancelled. A watcher with nothing to send
  /// is never stalled. True if it was ended.
  bool evict_if_stalled(std::chrono::steady_clock::time_point cutoff) {
    {
      const std::lock_guard lock(mutex_);
      if (finished_ || !writing_now_ || write_started_ >= cutoff) return false;
      finish_locked({grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "this live watch did not read its updates for too long and was ended; read continuously "
                     "or watch again"});
    }
    core_.live.remove(this);  // outside our lock: the broadcaster locks itself, then us
    context_.TryCancel();     // the write in flight would otherwise wait for the reader forever
    return true;
  }

 private:
  // Sends everything queued (up to kMaxFramesPerUpdate) in one update: when the watcher falls
  // behind, updates grow instead of multiplying, which keeps the per-message cost down.
  void pump_locked() {
    if (finished_ || writing_now_ || queue_.empty()) return;
    update_.Clear();
    std::size_t frames = 0;
    while (frames < kMaxFramesPerUpdate) {
      auto batch = queue_.pop();
      if (!batch) break;
      const v1::SessionStart& session = *(*batch)->session;
      if (known_sessions_.insert(session.session_id()).second) *update_.add_new_sessions() = session;
      if ((*batch)->closed) {
        update_.add_closed_session_ids(session.session_id());
        known_sessions_.erase(session.session_id());
        continue;
      }
      v1::LiveFrames* out = nullptr;
      if (update_.frames_size() > 0 && update_.frames(update_.frames_size() - 1).session_id() == session.session_id()) {
        out = update_.mutable_frames(update_.frames_size() - 1);
      } else {
        out = update_.add_frames();
        out->set_session_id(session.session_id());
      }
      for (const auto& f : (*batch)->frames) *out->add_frames() = f;
      frames += (*batch)->frames.size();
    }
    update_.set_dropped_frames(queue_.dropped_frames());
    writing_now_ = true;
    write_started_ = std::chrono::steady_clock::now();
    StartWrite(&update_);
  }

  void finish_locked(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    if (writing_now_) {
      deferred_finish_ = status;  // Finish once the write in flight completes
    } else {
      Finish(status);
    }
  }

  HubCore& core_;
  grpc::CallbackServerContext& context_;  ///< outlives the reactor (gRPC keeps it until OnDone)
  const std::unordered_set<std::string> stations_;
  const std::unordered_set<std::string> athletes_;
  std::optional<std::unordered_set<std::string>> scope_;  ///< set before the watch is added
  std::function<void()> on_done_;
  std::weak_ptr<ReactorSet<WatchLiveReactor>> set_;
  std::mutex mutex_;
  LiveQueue queue_;
  const std::size_t send_now_frames_;  ///< this many queued frames are sent without waiting
  v1::LiveUpdate update_;
  std::unordered_set<std::string> known_sessions_;  ///< sessions whose start this watcher has
  bool writing_now_ = false;
  std::chrono::steady_clock::time_point write_started_;  ///< when the write in flight began
  bool finished_ = false;
  std::optional<grpc::Status> deferred_finish_;
};

CoachService::~CoachService() = default;

grpc::ServerUnaryReactor* CoachService::ListAthletes(grpc::CallbackServerContext* context,
                                                     const v1::ListAthletesRequest* request,
                                                     v1::ListAthletesResponse* response) {
  return respond(core_, context, *request, "ListAthletes", [&](const Caller& caller) -> grpc::Status {
    const auto size = page_size(request->page_size(), core_.limits.max_page_size);
    if (!size) return invalid("page_size must be at most " + std::to_string(core_.limits.max_page_size));
    const auto scope = core_.gate.athlete_scope(caller);
    std::string after;
    if (!request->page_token().empty()) {
      const auto decoded = decode_page_token(request->page_token());
      if (!decoded) return invalid("page_token is not one this hub issued");
      after = *decoded;
    }
    // A coach's page holds only assigned athletes: read on until it is full or the store is done.
    std::vector<AthleteRow> rows;
    for (std::string cursor = after;;) {
      auto page = core_.store.list_athletes(cursor, *size + 1);
      const bool last_page = page.size() < *size + 1;
      if (!page.empty()) cursor = page.back().athlete_id;
      for (auto& row : page) {
        if (!scope || scope->contains(row.athlete_id)) rows.push_back(std::move(row));
      }
      if (last_page || rows.size() >= *size + 1) break;
    }
    std::size_t taken = 0;
    for (; taken < rows.size() && taken < *size; ++taken) {
      v1::Athlete a;
      a.set_athlete_id(rows[taken].athlete_id);
      a.set_name(rows[taken].name);
      a.set_session_count(rows[taken].session_count);
      a.set_last_session_unix_ms(rows[taken].last_session_unix_ms);
      // The page ends early when full (rows stored before the limits existed can be large).
      if (taken > 0 && response->ByteSizeLong() + a.ByteSizeLong() > kMaxResponseBytes) break;
      *response->add_athletes() = std::move(a);
    }
    if (rows.size() > taken) response->set_next_page_token(encode_page_token(rows[taken - 1].athlete_id));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* CoachService::ListSessions(grpc::CallbackServerContext* context,
                                                     const v1::ListSessionsRequest* request,
                                                     v1::ListSessionsResponse* response) {
  return respond(core_, context, *request, "ListSessions", [&](const Caller& caller) -> grpc::Status {
    const auto size = page_size(request->page_size(), core_.limits.max_page_size);
    if (!size) return invalid("page_size must be at most " + std::to_string(core_.limits.max_page_size));
    const auto scope = core_.gate.athlete_scope(caller);
    if (scope && !request->athlete_id().empty() && !scope->contains(request->athlete_id())) {
      return core_.gate.deny(caller, method("ListSessions"), "this athlete is not assigned to you");
    }
    std::optional<SessionCursor> after;
    if (!request->page_token().empty()) {
      const auto decoded = decode_page_token(request->page_token());
      const auto colon = decoded ? decoded->find(':') : std::string::npos;
      std::int64_t started_ms = 0;
      const auto parsed = colon == std::string::npos
                              ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                              : std::from_chars(decoded->data(), decoded->data() + colon, started_ms);
      if (parsed.ec != std::errc() || parsed.ptr != decoded->data() + colon) {
        return invalid("page_token is not one this hub issued");
      }
      after = SessionCursor{started_ms, decoded->substr(colon + 1)};
    }
    const SessionFilter filter{request->athlete_id(), request->station_id(), request->kiosk_id(),
                               request->started_after_unix_ms(), request->started_before_unix_ms()};
    // A coach's page holds only sessions of assigned athletes: read on until it is full.
    std::vector<StoredSession> rows;
    for (auto cursor = after;;) {
      auto page = core_.store.list_sessions(filter, cursor, *size + 1);
      const bool last_page = page.size() < *size + 1;
      if (!page.empty()) cursor = SessionCursor{page.back().started_unix_ms, page.back().session_id};
      for (auto& row : page) {
        if (!scope || scope->contains(row.athlete_id)) rows.push_back(std::move(row));
      }
      if (last_page || rows.size() >= *size + 1) break;
    }
    std::size_t taken = 0;
    for (; taken < rows.size() && taken < *size; ++taken) {
      v1::SessionInfo info = to_wire(rows[taken]);
      // The page ends early when full: one 4 MiB start stored before the limits existed used to
      // push every ListSessions over a default client's receive limit.
      if (taken > 0 && response->ByteSizeLong() + info.ByteSizeLong() > kMaxResponseBytes) break;
      *response->add_sessions() = std::move(info);
    }
    if (rows.size() > taken) {
      const auto& last = rows[taken - 1];
      response->set_next_page_token(encode_page_token(std::to_string(last.started_unix_ms) + ":" + last.session_id));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* CoachService::GetSession(grpc::CallbackServerContext* context,
                                                   const v1::GetSessionRequest* request, v1::SessionInfo* response) {
  return respond(core_, context, *request, "GetSession", [&](const Caller& caller) -> grpc::Status {
    std::optional<StoredSession> row;
    if (auto s = session_for(core_, caller, "GetSession", request->session_id(), row); !s.ok()) return s;
    *response = to_wire(*row);
    return grpc::Status::OK;
  });
}

grpc::ServerWriteReactor<v1::FrameBatch>* CoachService::ReadFrames(grpc::CallbackServerContext* context,
                                                                   const v1::ReadFramesRequest* request) {
  auto reactor = std::make_shared<ReadFramesReactor>(core_, *request, readers_);
  ReadFramesReactor* raw = readers_->add(reactor);
  Caller caller;
  grpc::Status status = core_.gate.admit(*context, method("ReadFrames"), caller);
  if (status.ok()) status = check_wire_limits(*request);
  if (!status.ok()) {
    reactor->Finish(status);
  } else {
    reactor->begin(caller);
  }
  return raw;
}

grpc::ServerUnaryReactor* CoachService::GetMetricSeries(grpc::CallbackServerContext* context,
                                                        const v1::MetricSeriesRequest* request,
                                                        v1::MetricSeries* response) {
  return respond(core_, context, *request, "GetMetricSeries", [&](const Caller& caller) -> grpc::Status {
    if (auto s = check_metric(request->metric()); !s.ok()) return s;
    const std::uint32_t max_points = request->max_points() == 0 ? kDefaultSeriesPoints : request->max_points();
    if (max_points < 3 || max_points > kMaxSeriesPoints) {
      return invalid("max_points must be 3–" + std::to_string(kMaxSeriesPoints));
    }
    std::optional<StoredSession> session;
    if (auto s = session_for(core_, caller, "GetMetricSeries", request->session_id(), session); !s.ok()) return s;
    if (session->frames_purged_unix_ms != 0) return frames_purged(*session);
    // Metrics ride on the frames where they changed (stride ends): those are the series' points.
    std::vector<SeriesSample> points;
    std::uint64_t after = 0;
    while (true) {
      const auto page = core_.store.read_frames(request->session_id(), after, 0,
                                                std::numeric_limits<std::int64_t>::max(), kSeriesReadPage);
      for (const auto& f : page) {
        if (const auto value = scan_frame_metric(f.payload, request->metric())) points.push_back({f.t_us, *value});
      }
      if (page.size() < kSeriesReadPage) break;
      after = page.back().seq;
    }
    response->set_metric(request->metric());
    response->set_source_points(static_cast<std::uint32_t>(points.size()));
    for (const auto& p : lttb(points, max_points)) {
      auto* out = response->add_points();
      out->set_t_us(p.t_us);
      out->set_value(static_cast<float>(p.value));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* CoachService::GetMetricTrend(grpc::CallbackServerContext* context,
                                                       const v1::MetricTrendRequest* request,
                                                       v1::MetricTrend* response) {
  return respond(core_, context, *request, "GetMetricTrend", [&](const Caller& caller) -> grpc::Status {
    if (auto s = check_metric(request->metric()); !s.ok()) return s;
    if (request->athlete_id().empty()) return invalid("choose an athlete");
    if (!core_.gate.may_see_athlete(caller, request->athlete_id())) {
      return core_.gate.deny(caller, method("GetMetricTrend"), "this athlete is not assigned to you");
    }
    response->set_metric(request->metric());
    for (const auto& row : core_.store.athlete_sessions(request->athlete_id())) {
      const v1::SessionInfo info = to_wire(row);
      const auto value = metric_in(info.summary().metrics(), request->metric());
      if (!value) continue;  // not measurable in that session (e.g. the other view)
      if (static_cast<std::size_t>(response->points_size()) >= kMaxTrendPoints) break;
      auto* p = response->add_points();
      p->set_session_id(row.session_id);
      p->set_started_unix_ms(row.started_unix_ms);
      p->set_value(static_cast<float>(*value));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* CoachService::AddAnnotation(grpc::CallbackServerContext* context,
                                                      const v1::AddAnnotationRequest* request,
                                                      v1::Annotation* response) {
  return respond(core_, context, *request, "AddAnnotation", [&](const Caller& caller) -> grpc::Status {
    const v1::Annotation& a = request->annotation();
    if (a.kind() == v1::Annotation::KIND_UNSPECIFIED || !v1::Annotation::Kind_IsValid(a.kind())) {
      return invalid("annotation kind must be NOTE or BOOKMARK");
    }
    if (a.t_us() < 0) return invalid("annotation t_us must not be negative");
    if (a.text().size() > kMaxAnnotationChars) return invalid("annotation text is longer than 4,000 bytes");
    if (a.kind() == v1::Annotation::KIND_NOTE && a.text().empty()) return invalid("a note needs text");
    std::optional<StoredSession> session;
    if (auto s = session_for(core_, caller, "AddAnnotation", a.session_id(), session); !s.ok()) return s;
    if (core_.store.list_annotations(a.session_id()).size() >= kMaxAnnotationsPerSession) {
      return {grpc::StatusCode::RESOURCE_EXHAUSTED, "this session already has " +
                                                        std::to_string(kMaxAnnotationsPerSession) +
                                                        " annotations; delete some or annotate another session"};
    }
    // The author is the signed-in account, never the request's field (anyone could write any name).
    AnnotationRow row{0, a.session_id(), a.t_us(), a.kind(), caller.user_name, a.text(), now_unix_ms()};
    *response = to_wire(core_.store.add_annotation(std::move(row)));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* CoachService::ListAnnotations(grpc::CallbackServerContext* context,
                                                        const v1::ListAnnotationsRequest* request,
                                                        v1::ListAnnotationsResponse* response) {
  return respond(core_, context, *request, "ListAnnotations", [&](const Caller& caller) -> grpc::Status {
    std::optional<StoredSession> session;
    if (auto s = session_for(core_, caller, "ListAnnotations", request->session_id(), session); !s.ok()) return s;
    for (const auto& row : core_.store.list_annotations(request->session_id())) {
      *response->add_annotations() = to_wire(row);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerWriteReactor<v1::LiveUpdate>* CoachService::WatchLive(grpc::CallbackServerContext* context,
                                                                  const v1::WatchLiveRequest* request) {
  auto reactor = std::make_shared<WatchLiveReactor>(core_, *context, *request, watchers_);
  WatchLiveReactor* raw = watchers_->add(reactor);
  Caller caller;
  grpc::Status status;
  try {
    status = core_.gate.admit(*context, method("WatchLive"), caller);
    if (status.ok()) status = check_wire_limits(*request);
    if (status.ok()) {
      auto scope = core_.gate.athlete_scope(caller);
      for (const auto& id : request->athlete_ids()) {
        if (scope && !scope->contains(id)) {
          status = core_.gate.deny(caller, method("WatchLive"), "athlete '" + id + "' is not assigned to you");
          break;
        }
      }
      reactor->limit_to(std::move(scope));
    }
  } catch (...) {
    status = status_of_current_exception();
  }
  if (!status.ok()) {
    reactor->end(status);
  } else if (!take_watcher_slot(caller.user_name)) {
    reactor->end({grpc::StatusCode::RESOURCE_EXHAUSTED,
                  "your account already holds " + std::to_string(core_.gate.options().max_watchers_per_account) +
                      " live watches; end one first"});
  } else if (reactor->on_done([this, user = caller.user_name] { give_back_watcher_slot(user); });
             !core_.live.add(reactor)) {
    reactor->end({grpc::StatusCode::RESOURCE_EXHAUSTED,
                  "the hub already serves " + std::to_string(core_.limits.max_watchers) + " live watchers"});
  } else {
    reactor->begin();
  }
  return raw;
}

bool CoachService::take_watcher_slot(const std::string& account) {
  const std::lock_guard lock(slots_mutex_);
  std::size_t& held = watches_by_account_[account];
  if (held >= core_.gate.options().max_watchers_per_account) return false;
  ++held;
  return true;
}

void CoachService::give_back_watcher_slot(const std::string& account) {
  const std::lock_guard lock(slots_mutex_);
  if (const auto it = watches_by_account_.find(account); it != watches_by_account_.end() && --it->second == 0) {
    watches_by_account_.erase(it);
  }
}

void CoachService::end_watches() {
  watchers_->for_each([](WatchLiveReactor& w) { w.end(grpc::Status::OK); });
}

std::size_t CoachService::evict_stalled_watchers(std::chrono::steady_clock::time_point now) {
  std::size_t ended = 0;
  const auto cutoff = now - core_.limits.watcher_stall_timeout;
  watchers_->for_each([&](WatchLiveReactor& w) { ended += w.evict_if_stalled(cutoff) ? 1 : 0; });
  return ended;
}

}  // namespace runform::services
