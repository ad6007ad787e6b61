#include "services/client/assessment_client.h"

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include "runform/v1/assessment.grpc.pb.h"
#include "services/client/form_encoding.h"
#include "services/client/hub_channel.h"

namespace runform::services {

namespace {

AssessmentCallError call_error(const grpc::Status& status) {
  using Kind = AssessmentCallError::Kind;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {Kind::kUnavailable, "the hub cannot be reached: " + status.error_message()};
    case grpc::StatusCode::NOT_FOUND:
      return {Kind::kNotFound, status.error_message()};
    case grpc::StatusCode::FAILED_PRECONDITION:
      return {Kind::kRefused, status.error_message()};
    case grpc::StatusCode::INVALID_ARGUMENT:
      return {Kind::kInvalid, status.error_message()};
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      return {Kind::kDenied, status.error_message()};
    default:
      return {Kind::kOther, status.error_message()};
  }
}

form::View view_of(v1::View view) { return view == v1::VIEW_SIDE ? form::View::kSide : form::View::kFront; }
v1::View wire_view(form::View view) { return view == form::View::kSide ? v1::VIEW_SIDE : v1::VIEW_FRONT; }

ProtocolStepSpec step_of(const v1::ProtocolStep& s) {
  ProtocolStepSpec step;
  step.label = s.label();
  step.kind = s.kind() == v1::STEP_KIND_CALIBRATION ? StepKind::kCalibration : StepKind::kRun;
  step.duration_s = static_cast<int>(s.duration_s());
  step.view = view_of(s.view());
  if (s.has_speed_kmh()) step.speed_kmh = s.speed_kmh();
  if (s.has_incline_pct()) step.incline_pct = s.incline_pct();
  step.instructions = s.instructions();
  return step;
}

v1::ProtocolStep wire_step(const ProtocolStepSpec& step) {
  v1::ProtocolStep s;
  s.set_label(step.label);
  s.set_kind(step.kind == StepKind::kCalibration ? v1::STEP_KIND_CALIBRATION : v1::STEP_KIND_RUN);
  s.set_duration_s(static_cast<std::uint32_t>(std::max(0, step.duration_s)));
  s.set_view(wire_view(step.view));
  if (step.speed_kmh) s.set_speed_kmh(static_cast<float>(*step.speed_kmh));
  if (step.incline_pct) s.set_incline_pct(static_cast<float>(*step.incline_pct));
  s.set_instructions(step.instructions);
  return s;
}

ProtocolSpec protocol_of(const v1::Protocol& p) {
  ProtocolSpec protocol{p.protocol_id(), p.name(), {}};
  for (const auto& s : p.steps()) protocol.steps.push_back(step_of(s));
  return protocol;
}

AssessmentInfo assessment_of(const v1::Assessment& a) {
  return {a.assessment_id(), a.name(), a.date(), {a.station_ids().begin(), a.station_ids().end()},
          protocol_of(a.protocol()), static_cast<int>(a.roster_size())};
}

RosterAthlete athlete_of(const v1::RosterEntry& e) { return {e.athlete_code(), e.name(), e.squad(), e.coach()}; }

// Below zero is "not measurable" on the wire (form_encoding's encode_scores).
std::optional<double> score(float value) { return value < 0.0F ? std::nullopt : std::optional<double>(value); }

AreaScores scores_of(const v1::Scores& s) {
  return {score(s.head()), score(s.shoulders()), score(s.arms()), score(s.overall())};
}

void add_metrics(const google::protobuf::RepeatedPtrField<v1::MetricSample>& samples,
                 std::map<form::MetricId, double>& out) {
  for (const auto& m : samples) {
    if (const auto id = from_wire(m.metric())) out[*id] = m.value();
  }
}

void add_faults(const google::protobuf::RepeatedField<int>& faults, std::vector<form::MetricId>& out) {
  for (const int f : faults) {
    if (const auto id = from_wire(static_cast<v1::MetricId>(f))) out.push_back(*id);
  }
}

SummaryDigest digest_of(const v1::SessionSummary& s) {
  SummaryDigest d;
  d.scores = scores_of(s.scores());
  add_metrics(s.metrics(), d.metrics);
  add_faults(s.faults(), d.faults);
  d.drill_ids.assign(s.drill_ids().begin(), s.drill_ids().end());
  d.running_s = s.running_s();
  d.strides = static_cast<int>(s.strides());
  d.interrupted = s.interrupted();
  return d;
}

}  // namespace

struct AssessmentClient::Impl {
  std::unique_ptr<v1::AssessmentService::Stub> stub;
  std::chrono::milliseconds deadline;
  mutable std::mutex pending_mutex;
  std::deque<StepRecord> pending;

  /// One call. With wait_for_ready a hub that is being reconnected to gets the whole deadline
  /// to answer; without, a hub that is away fails the call at once.
  template <typename Request, typename Response, typename Method>
  Response call(Method method, const Request& request, bool wait_for_ready = true) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    context.set_wait_for_ready(wait_for_ready);
    Response response;
    const grpc::Status status = ((*stub).*method)(&context, request, &response);
    if (!status.ok()) throw call_error(status);
    return response;
  }

  /// Sends one record; false when the hub cannot be reached.
  bool send(const StepRecord& record, bool wait_for_ready) {
    v1::RecordStepRequest request;
    request.set_check_in_id(record.check_in_id);
    request.set_outcome(record.completed ? v1::STEP_OUTCOME_COMPLETED : v1::STEP_OUTCOME_INTERRUPTED);
    request.set_session_id(record.session_id);
    request.set_ended_unix_ms(record.ended_unix_ms);
    try {
      call<v1::RecordStepRequest, v1::RecordStepResponse>(&v1::AssessmentService::Stub::RecordStep, request,
                                                          wait_for_ready);
      return true;
    } catch (const AssessmentCallError& error) {
      if (error.kind() == AssessmentCallError::Kind::kUnavailable) return false;
      throw;
    }
  }
};

AssessmentClient::AssessmentClient(std::shared_ptr<grpc::Channel> channel, std::chrono::milliseconds deadline)
    : impl_(std::make_unique<Impl>()) {
  impl_->stub = v1::AssessmentService::NewStub(std::move(channel));
  impl_->deadline = deadline;
}

AssessmentClient::AssessmentClient(const std::string& target, const std::string& ca_file, const std::string& server_name,
                                   const std::string& token, std::chrono::milliseconds deadline)
    : AssessmentClient(make_hub_channel(target, {ca_file, server_name, token}), deadline) {}

AssessmentClient::~AssessmentClient() = default;

ProtocolSpec AssessmentClient::save_protocol(const ProtocolSpec& protocol) {
  v1::Protocol request;
  request.set_protocol_id(protocol.protocol_id);
  request.set_name(protocol.name);
  for (const auto& step : protocol.steps) *request.add_steps() = wire_step(step);
  return protocol_of(impl_->call<v1::Protocol, v1::Protocol>(&v1::AssessmentService::Stub::SaveProtocol, request));
}

std::vector<ProtocolSpec> AssessmentClient::list_protocols() {
  const auto response = impl_->call<v1::ListProtocolsRequest, v1::ListProtocolsResponse>(
      &v1::AssessmentService::Stub::ListProtocols, v1::ListProtocolsRequest());
  std::vector<ProtocolSpec> out;
  for (const auto& p : response.protocols()) out.push_back(protocol_of(p));
  return out;
}

AssessmentInfo AssessmentClient::create_assessment(const std::string& name, const std::string& date,
                                                   const std::vector<std::string>& station_ids,
                                                   const std::string& protocol_id) {
  v1::CreateAssessmentRequest request;
  request.set_name(name);
  request.set_date(date);
  for (const auto& station : station_ids) request.add_station_ids(station);
  request.set_protocol_id(protocol_id);
  return assessment_of(impl_->call<v1::CreateAssessmentRequest, v1::Assessment>(
      &v1::AssessmentService::Stub::CreateAssessment, request));
}

std::vector<AssessmentInfo> AssessmentClient::list_assessments() {
  const auto response = impl_->call<v1::ListAssessmentsRequest, v1::ListAssessmentsResponse>(
      &v1::AssessmentService::Stub::ListAssessments, v1::ListAssessmentsRequest());
  std::vector<AssessmentInfo> out;
  for (const auto& a : response.assessments()) out.push_back(assessment_of(a));
  return out;
}

AssessmentInfo AssessmentClient::assessment(const std::string& assessment_id) {
  v1::GetAssessmentRequest request;
  request.set_assessment_id(assessment_id);
  return assessment_of(
      impl_->call<v1::GetAssessmentRequest, v1::Assessment>(&v1::AssessmentService::Stub::GetAssessment, request));
}

int AssessmentClient::import_roster(const std::string& assessment_id, const std::string& csv,
                                    const std::vector<RosterAthlete>& entries) {
  v1::ImportRosterRequest request;
  request.set_assessment_id(assessment_id);
  request.set_csv(csv);
  for (const auto& athlete : entries) {
    auto* e = request.add_entries();
    e->set_athlete_code(athlete.athlete_code);
    e->set_name(athlete.name);
    e->set_squad(athlete.squad);
    e->set_coach(athlete.coach);
  }
  return static_cast<int>(impl_->call<v1::ImportRosterRequest, v1::ImportRosterResponse>(
                                   &v1::AssessmentService::Stub::ImportRoster, request)
                              .roster_size());
}

std::vector<RosterAthlete> AssessmentClient::roster(const std::string& assessment_id) {
  v1::ListRosterRequest request;
  request.set_assessment_id(assessment_id);
  const auto response =
      impl_->call<v1::ListRosterRequest, v1::ListRosterResponse>(&v1::AssessmentService::Stub::ListRoster, request);
  std::vector<RosterAthlete> out;
  for (const auto& e : response.entries()) out.push_back(athlete_of(e));
  return out;
}

AssessmentBoard AssessmentClient::board(const std::string& assessment_id) {
  v1::GetBoardRequest request;
  request.set_assessment_id(assessment_id);
  const auto response = impl_->call<v1::GetBoardRequest, v1::Board>(&v1::AssessmentService::Stub::GetBoard, request);
  AssessmentBoard board;
  board.step_count = static_cast<int>(response.step_count());
  for (const auto& a : response.athletes()) {
    BoardAthleteRow row;
    row.athlete = athlete_of(a.athlete());
    row.state = a.state() == v1::ATHLETE_STATE_ON_STATION ? BoardState::kOnStation
                : a.state() == v1::ATHLETE_STATE_DONE     ? BoardState::kDone
                                                          : BoardState::kWaiting;
    row.station_id = a.station_id();
    row.step_index = static_cast<int>(a.step_index());
    row.steps_completed = static_cast<int>(a.steps_completed());
    row.interrupted_steps = static_cast<int>(a.interrupted_steps());
    board.athletes.push_back(std::move(row));
  }
  for (const auto& s : response.stations()) {
    board.stations.push_back({s.station_id(), s.athlete_code(), static_cast<int>(s.step_index()), s.last_heard_unix_ms()});
  }
  return board;
}

AssessmentResults AssessmentClient::results(const std::string& assessment_id, const std::string& coach) {
  v1::GetResultsRequest request;
  request.set_assessment_id(assessment_id);
  request.set_coach(coach);
  const auto response = impl_->call<v1::GetResultsRequest, v1::Results>(&v1::AssessmentService::Stub::GetResults, request);
  AssessmentResults results;
  results.assessment = assessment_of(response.assessment());
  for (const auto& a : response.athletes()) {
    AthleteResultRow row;
    row.athlete = athlete_of(a.athlete());
    row.complete = a.complete();
    row.steps_completed = static_cast<int>(a.steps_completed());
    for (const auto& s : a.steps()) {
      StepResultRow step;
      step.step_index = static_cast<int>(s.step_index());
      step.completed = s.completed();
      step.session_id = s.session_id();
      step.session_closed = s.session_closed();
      if (s.has_summary()) step.summary = digest_of(s.summary());
      step.attempts = static_cast<int>(s.attempts());
      row.steps.push_back(std::move(step));
    }
    if (a.has_scores()) row.scores = scores_of(a.scores());
    add_metrics(a.metrics(), row.metrics);
    add_faults(a.faults(), row.faults);
    results.athletes.push_back(std::move(row));
  }
  return results;
}

CheckInTicket AssessmentClient::check_in(const std::string& assessment_id, const std::string& station_id,
                                         const std::string& badge) {
  v1::CheckInRequest request;
  request.set_assessment_id(assessment_id);
  request.set_station_id(station_id);
  request.set_badge(badge);
  const auto r = impl_->call<v1::CheckInRequest, v1::CheckInResponse>(&v1::AssessmentService::Stub::CheckIn, request);
  return {r.check_in_id(), athlete_of(r.athlete()), static_cast<int>(r.step_index()), step_of(r.step()),
          static_cast<int>(r.step_count()), r.redo()};
}

bool AssessmentClient::record_step(const StepRecord& record) {
  const std::lock_guard lock(impl_->pending_mutex);
  impl_->pending.push_back(record);
  // Older kept records go first, so the hub sees a station's records in order.
  while (!impl_->pending.empty()) {
    bool sent = false;
    try {
      // A station that knows the hub is away does not wait for it: the record is kept.
      sent = impl_->send(impl_->pending.front(), /*wait_for_ready=*/false);
    } catch (const AssessmentCallError&) {
      impl_->pending.pop_front();  // refused: sending it again would be refused again
      throw;
    }
    if (!sent) return false;
    impl_->pending.pop_front();
  }
  return true;
}

std::size_t AssessmentClient::flush_pending() {
  const std::lock_guard lock(impl_->pending_mutex);
  while (!impl_->pending.empty()) {
    try {
      if (!impl_->send(impl_->pending.front(), /*wait_for_ready=*/true)) break;
    } catch (const AssessmentCallError&) {
      // Refused now (the check-in was redone elsewhere meanwhile, say): the hub's state stands.
    }
    impl_->pending.pop_front();
  }
  return impl_->pending.size();
}

std::size_t AssessmentClient::pending() const {
  const std::lock_guard lock(impl_->pending_mutex);
  return impl_->pending.size();
}

}  // namespace runform::services
