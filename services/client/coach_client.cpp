#include "services/client/coach_client.h"

#include <grpcpp/client_context.h>

#include <algorithm>
#include <chrono>
#include <mutex>

#include "runform/v1/access.grpc.pb.h"
#include "runform/v1/coach.grpc.pb.h"
#include "services/client/form_encoding.h"
#include "services/client/hub_channel.h"

namespace runform::services {
namespace {

// How long a unary call may take before the coach is told the hub is not answering. A frame
// read streams for as long as it delivers, so only unary calls get a deadline.
constexpr auto kUnaryDeadline = std::chrono::seconds(15);
// Pages asked for in list calls (the hub's default page is 50; 500 is its maximum).
constexpr std::uint32_t kListPageSize = 500;

CoachError::Kind kind_of(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED: return CoachError::Kind::kUnavailable;
    case grpc::StatusCode::UNAUTHENTICATED: return CoachError::Kind::kUnauthenticated;
    case grpc::StatusCode::PERMISSION_DENIED: return CoachError::Kind::kPermissionDenied;
    case grpc::StatusCode::NOT_FOUND: return CoachError::Kind::kNotFound;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE: return CoachError::Kind::kInvalid;
    case grpc::StatusCode::CANCELLED: return CoachError::Kind::kCancelled;
    default: return CoachError::Kind::kOther;
  }
}

void check(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return;
  std::string message = what + ": " + status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) message = what + ": the hub is not reachable (" + status.error_message() + ")";
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    message = what + ": the hub did not accept your sign-in (" + status.error_message() + "): sign in again";
  }
  if (status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    message = what + ": your account may not see this (" + status.error_message() + "): ask the club's admin";
  }
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) message = what + ": this hub does not offer it (" + status.error_message() + ")";
  throw CoachError(kind_of(status.error_code()), message);
}

void set_deadline(grpc::ClientContext& context) { context.set_deadline(std::chrono::system_clock::now() + kUnaryDeadline); }

std::optional<double> score_of(float wire) { return wire < 0.0f ? std::nullopt : std::optional<double>(wire); }

CoachScores scores_of(const v1::Scores& s) {
  return {score_of(s.head()), score_of(s.shoulders()), score_of(s.arms()), score_of(s.overall())};
}

std::vector<CoachMetricValue> metrics_of(const google::protobuf::RepeatedPtrField<v1::MetricSample>& samples) {
  std::vector<CoachMetricValue> out;
  for (const v1::MetricSample& s : samples) {
    if (const auto id = from_wire(s.metric())) out.push_back({*id, s.value()});
  }
  return out;
}

form::View view_of(v1::View view) {
  switch (view) {
    case v1::VIEW_FRONT: return form::View::kFront;
    case v1::VIEW_SIDE: return form::View::kSide;
    default: return form::View::kAuto;
  }
}

std::vector<CoachTimeSpan> spans_of(const google::protobuf::RepeatedPtrField<v1::TimeSpan>& spans) {
  std::vector<CoachTimeSpan> out;
  out.reserve(static_cast<std::size_t>(spans.size()));
  for (const v1::TimeSpan& t : spans) out.push_back({t.start_us(), std::max(t.end_us(), t.start_us())});
  return out;
}

CoachFaultVerdict::Basis basis_of(v1::FaultVerdict::Basis basis) {
  switch (basis) {
    case v1::FaultVerdict::BASIS_PERSISTENT: return CoachFaultVerdict::Basis::kPersistent;
    case v1::FaultVerdict::BASIS_DEVELOPED_LATE: return CoachFaultVerdict::Basis::kDevelopedLate;
    case v1::FaultVerdict::BASIS_CUED: return CoachFaultVerdict::Basis::kCued;
    default: return CoachFaultVerdict::Basis::kUnspecified;
  }
}

CoachSummary summary_of(const v1::SessionSummary& s) {
  CoachSummary out;
  out.strides = s.strides();
  out.running_s = s.running_s();
  out.holding_rails_s = s.holding_rails_s();
  out.metrics = metrics_of(s.metrics());
  out.scores = scores_of(s.scores());
  for (int f : s.faults()) {
    if (const auto id = from_wire(static_cast<v1::MetricId>(f))) out.faults.push_back(*id);
  }
  for (const v1::Drift& d : s.drift()) {
    if (const auto id = from_wire(d.metric())) out.drift.push_back({*id, d.first(), d.last(), d.flagged(), d.message()});
  }
  for (const v1::WorstMoment& w : s.worst_moments()) {
    out.worst_moments.push_back({w.t_us(), w.overall_score(), from_wire(w.worst_metric())});
  }
  out.drill_ids.assign(s.drill_ids().begin(), s.drill_ids().end());
  out.interrupted = s.interrupted();
  for (const v1::FaultVerdict& v : s.fault_verdicts()) {
    const auto id = from_wire(v.metric());
    if (!id) continue;
    CoachFaultVerdict verdict{*id, basis_of(v.basis()), v.share(), v.developed_late(), spans_of(v.spans())};
    out.fault_verdicts.push_back(std::move(verdict));
  }
  out.holding_rails_spans = spans_of(s.holding_rails_spans());
  out.walking_s = s.walking_s();
  return out;
}

void start_into(const v1::SessionStart& s, CoachSession& out) {
  out.session_id = s.session_id();
  out.kiosk_id = s.kiosk_id();
  out.station_id = s.station_id();
  out.athlete_id = s.athlete_id();
  out.athlete_name = s.athlete_name();
  out.view = view_of(s.view());
  out.started_unix_ms = s.started_unix_ms();
  out.image_width_px = static_cast<int>(s.image_width_px());
  out.image_height_px = static_cast<int>(s.image_height_px());
  out.fps = static_cast<int>(s.fps());
}

CoachSession session_of(const v1::SessionInfo& info) {
  CoachSession out;
  start_into(info.start(), out);
  out.stored_seq = info.stored_seq();
  out.closed = info.closed();
  out.ended_unix_ms = info.ended_unix_ms();
  out.duration_us = info.duration_us();
  if (info.has_summary()) out.summary = summary_of(info.summary());
  return out;
}

CoachCue cue_of(const v1::CueEvent& e) {
  CoachCue out;
  out.kind = e.kind() == v1::CueEvent::KIND_POSITIVE ? CoachCue::Kind::kPositive
             : e.kind() == v1::CueEvent::KIND_CLEAR  ? CoachCue::Kind::kClear
                                                     : CoachCue::Kind::kShow;
  out.cue_id = e.cue_id();
  out.text = e.text();
  return out;
}

CoachFrame frame_of(const v1::FrameRecord& r) {
  CoachFrame out;
  out.seq = r.seq();
  out.t_us = r.t_us();
  out.pose = decode_frame(r);
  out.metrics = metrics_of(r.metrics());
  if (r.has_scores()) out.scores = scores_of(r.scores());
  for (const v1::CueEvent& e : r.cues()) out.cues.push_back(cue_of(e));
  return out;
}

CoachAnnotation annotation_of(const v1::Annotation& a) {
  CoachAnnotation out;
  out.annotation_id = a.annotation_id();
  out.session_id = a.session_id();
  out.t_us = a.t_us();
  out.kind = a.kind() == v1::Annotation::KIND_BOOKMARK ? CoachAnnotation::Kind::kBookmark : CoachAnnotation::Kind::kNote;
  out.author = a.author();
  out.text = a.text();
  out.created_unix_ms = a.created_unix_ms();
  return out;
}

CoachLogin login_of(const v1::LoginResponse& r) {
  return {r.token(), r.expires_unix_ms(), r.user_name(), role_name(r.role())};
}

}  // namespace

std::string role_name(int wire_role) {
  switch (wire_role) {
    case v1::ROLE_COACH: return "coach";
    case v1::ROLE_STAFF: return "staff";
    case v1::ROLE_ADMIN: return "admin";
    default: return "unknown";
  }
}

struct CoachClient::Impl {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::CoachService::Stub> coach;
  std::unique_ptr<v1::AccessService::Stub> access;
  std::mutex watch_mutex;
  grpc::ClientContext* watch_context = nullptr;  // the running watch_live's, for cancel_watch
};

CoachClient::CoachClient(const CoachEndpoint& endpoint) : impl_(std::make_unique<Impl>()) {
  impl_->channel = make_hub_channel(endpoint.target, {endpoint.ca_file, endpoint.server_name, endpoint.token});
  impl_->coach = v1::CoachService::NewStub(impl_->channel);
  impl_->access = v1::AccessService::NewStub(impl_->channel);
}

CoachClient::~CoachClient() = default;

CoachLogin CoachClient::login(const std::string& user_name, const std::string& password) {
  grpc::ClientContext context;
  set_deadline(context);
  v1::LoginRequest request;
  request.set_user_name(user_name);
  request.set_password(password);
  v1::LoginResponse response;
  check(impl_->access->Login(&context, request, &response), "signing in");
  return login_of(response);
}

CoachLogin CoachClient::refresh_token() {
  grpc::ClientContext context;
  set_deadline(context);
  v1::LoginResponse response;
  check(impl_->access->RefreshToken(&context, v1::RefreshTokenRequest{}, &response), "refreshing the sign-in");
  return login_of(response);
}

std::vector<CoachAthlete> CoachClient::list_athletes() {
  std::vector<CoachAthlete> out;
  std::string token;
  do {
    grpc::ClientContext context;
    set_deadline(context);
    v1::ListAthletesRequest request;
    request.set_page_size(kListPageSize);
    request.set_page_token(token);
    v1::ListAthletesResponse response;
    check(impl_->coach->ListAthletes(&context, request, &response), "listing athletes");
    for (const v1::Athlete& a : response.athletes()) {
      out.push_back({a.athlete_id(), a.name(), a.session_count(), a.last_session_unix_ms()});
    }
    token = response.next_page_token();
  } while (!token.empty());
  return out;
}

std::vector<CoachSession> CoachClient::list_sessions(const std::string& athlete_id, std::size_t limit) {
  std::vector<CoachSession> out;
  std::string token;
  do {
    grpc::ClientContext context;
    set_deadline(context);
    v1::ListSessionsRequest request;
    request.set_athlete_id(athlete_id);
    request.set_page_size(kListPageSize);
    request.set_page_token(token);
    v1::ListSessionsResponse response;
    check(impl_->coach->ListSessions(&context, request, &response), "listing sessions");
    for (const v1::SessionInfo& s : response.sessions()) {
      if (out.size() >= limit) return out;
      out.push_back(session_of(s));
    }
    token = response.next_page_token();
  } while (!token.empty());
  return out;
}

CoachSession CoachClient::get_session(const std::string& session_id) {
  grpc::ClientContext context;
  set_deadline(context);
  v1::GetSessionRequest request;
  request.set_session_id(session_id);
  v1::SessionInfo response;
  check(impl_->coach->GetSession(&context, request, &response), "reading session " + session_id);
  return session_of(response);
}

std::vector<CoachFrame> CoachClient::read_frames(const std::string& session_id, std::int64_t from_t_us,
                                                 std::int64_t to_t_us, const FrameProgress& progress) {
  std::uint64_t total = 0;
  if (progress && from_t_us == 0 && to_t_us == 0) total = get_session(session_id).stored_seq;
  grpc::ClientContext context;
  v1::ReadFramesRequest request;
  request.set_session_id(session_id);
  request.set_from_t_us(from_t_us);
  request.set_to_t_us(to_t_us);
  auto reader = impl_->coach->ReadFrames(&context, request);
  std::vector<CoachFrame> out;
  v1::FrameBatch batch;
  bool cancelled = false;
  while (reader->Read(&batch)) {
    for (const v1::FrameRecord& r : batch.frames()) out.push_back(frame_of(r));
    if (progress && !progress(out.size(), total)) {
      cancelled = true;
      context.TryCancel();
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (cancelled) throw CoachError(CoachError::Kind::kCancelled, "reading session " + session_id + ": cancelled");
  check(status, "reading the frames of session " + session_id);
  return out;
}

CoachSeries CoachClient::metric_series(const std::string& session_id, form::MetricId metric, std::uint32_t max_points) {
  grpc::ClientContext context;
  set_deadline(context);
  v1::MetricSeriesRequest request;
  request.set_session_id(session_id);
  request.set_metric(to_wire(metric));
  request.set_max_points(max_points);
  v1::MetricSeries response;
  check(impl_->coach->GetMetricSeries(&context, request, &response), "reading a metric series");
  CoachSeries out;
  out.metric = metric;
  out.source_points = response.source_points();
  out.points.reserve(static_cast<std::size_t>(response.points_size()));
  for (const v1::SeriesPoint& p : response.points()) out.points.push_back({p.t_us(), p.value()});
  return out;
}

std::vector<CoachTrendPoint> CoachClient::metric_trend(const std::string& athlete_id, form::MetricId metric) {
  grpc::ClientContext context;
  set_deadline(context);
  v1::MetricTrendRequest request;
  request.set_athlete_id(athlete_id);
  request.set_metric(to_wire(metric));
  v1::MetricTrend response;
  check(impl_->coach->GetMetricTrend(&context, request, &response), "reading a trend");
  std::vector<CoachTrendPoint> out;
  for (const v1::TrendPoint& p : response.points()) out.push_back({p.session_id(), p.started_unix_ms(), p.value()});
  return out;
}

CoachAnnotation CoachClient::add_annotation(const CoachAnnotation& annotation) {
  grpc::ClientContext context;
  set_deadline(context);
  v1::AddAnnotationRequest request;
  v1::Annotation* a = request.mutable_annotation();
  a->set_session_id(annotation.session_id);
  a->set_t_us(annotation.t_us);
  a->set_kind(annotation.kind == CoachAnnotation::Kind::kBookmark ? v1::Annotation::KIND_BOOKMARK
                                                                  : v1::Annotation::KIND_NOTE);
  a->set_author(annotation.author);
  a->set_text(annotation.text);
  v1::Annotation response;
  check(impl_->coach->AddAnnotation(&context, request, &response), "saving the note");
  return annotation_of(response);
}

std::vector<CoachAnnotation> CoachClient::list_annotations(const std::string& session_id) {
  grpc::ClientContext context;
  set_deadline(context);
  v1::ListAnnotationsRequest request;
  request.set_session_id(session_id);
  v1::ListAnnotationsResponse response;
  check(impl_->coach->ListAnnotations(&context, request, &response), "reading notes");
  std::vector<CoachAnnotation> out;
  for (const v1::Annotation& a : response.annotations()) out.push_back(annotation_of(a));
  return out;
}

void CoachClient::watch_live(const std::function<void(CoachLiveUpdate&&)>& on_update, const std::atomic<bool>& stop) {
  grpc::ClientContext context;
  {
    std::lock_guard lock(impl_->watch_mutex);
    if (stop) throw CoachError(CoachError::Kind::kCancelled, "watching live: stopped");
    impl_->watch_context = &context;
  }
  auto reader = impl_->coach->WatchLive(&context, v1::WatchLiveRequest{});
  v1::LiveUpdate update;
  while (!stop && reader->Read(&update)) {
    CoachLiveUpdate out;
    for (const v1::SessionStart& s : update.new_sessions()) {
      CoachSession session;
      start_into(s, session);
      out.new_sessions.push_back(std::move(session));
    }
    for (const v1::LiveFrames& f : update.frames()) {
      CoachLiveFrames frames{f.session_id(), {}};
      for (const v1::FrameRecord& r : f.frames()) frames.frames.push_back(frame_of(r));
      out.frames.push_back(std::move(frames));
    }
    out.closed_session_ids.assign(update.closed_session_ids().begin(), update.closed_session_ids().end());
    out.dropped_frames = update.dropped_frames();
    on_update(std::move(out));
  }
  if (stop) context.TryCancel();
  const grpc::Status status = reader->Finish();
  {
    std::lock_guard lock(impl_->watch_mutex);
    impl_->watch_context = nullptr;
  }
  if (stop) throw CoachError(CoachError::Kind::kCancelled, "watching live: stopped");
  check(status, "watching live");
  throw CoachError(CoachError::Kind::kUnavailable, "watching live: the hub ended the stream");
}

void CoachClient::cancel_watch() {
  std::lock_guard lock(impl_->watch_mutex);
  if (impl_->watch_context != nullptr) impl_->watch_context->TryCancel();
}

bool CoachClient::channel_ready() const { return impl_->channel->GetState(false) == GRPC_CHANNEL_READY; }

}  // namespace runform::services
