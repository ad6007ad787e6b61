#include "services/hub/call_status.h"
#include "services/hub/assessment_service.h"

#include <algorithm>
#include <random>

#include "common/assessment_badge.h"
#include "services/hub/assessment_codec.h"
#include "services/hub/assessment_results.h"
#include "services/hub/roster_csv.h"
#include "services/hub/wire_limits.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

/// A refusal that ends a call with its status (thrown inside handlers, caught once at the edge).
struct CallRefused {
  grpc::Status status;
};

[[noreturn]] void refuse(grpc::StatusCode code, const std::string& message) { throw CallRefused{{code, message}}; }

// Storage failures are UNAVAILABLE (try again); refusals carry their own status; anything else
// is the hub's fault. Call only inside a catch block.
grpc::Status status_of_assessment_exception() {
  try {
    throw;
  } catch (const CallRefused& refused) {
    return refused.status;
  } catch (const AssessmentRefusal& refusal) {
    return {refusal.kind() == AssessmentRefusal::Kind::kNotFound ? grpc::StatusCode::NOT_FOUND
                                                                 : grpc::StatusCode::FAILED_PRECONDITION,
            refusal.what()};
  } catch (...) {
    return status_of_current_exception();  // storage or the hub's own fault, as every service
  }
}

constexpr std::string_view kService = "/runform.v1.AssessmentService/";

std::string method(std::string_view name) { return std::string(kService) + std::string(name); }

// Runs a unary handler: admits the caller by the method's row of the authorization table
// (services/hub/access_rules.cpp), checks the wire limits, runs the body with the caller, turns
// exceptions into a status and finishes the call exactly once.
template <typename Fn>
grpc::ServerUnaryReactor* respond(HubCore& core, grpc::CallbackServerContext* context,
                                  const google::protobuf::Message& request, std::string_view name, Fn&& fn) {
  auto* reactor = context->DefaultReactor();
  grpc::Status status;
  try {
    Caller caller;
    status = core.gate.admit(*context, method(name), caller);
    if (status.ok()) status = check_wire_limits(request);
    if (status.ok()) {
      fn(caller);
      status = grpc::Status::OK;
    }
  } catch (...) {
    status = status_of_assessment_exception();
  }
  reactor->Finish(status);
  return reactor;
}

/// Whether a kiosk's station takes part in the assessment (people see every assessment).
bool takes_part(const Caller& caller, const AssessmentRow& assessment) {
  if (!caller.is_kiosk()) return true;
  return std::find(assessment.station_ids.begin(), assessment.station_ids.end(), caller.station_id) !=
         assessment.station_ids.end();
}

/// A fresh id: 16 random hex digits (no colon, so it fits a badge's text).
std::string new_id(std::string_view prefix) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  std::uint64_t bits = random();
  for (int i = 0; i < 16; ++i, bits >>= 4) id += kHex[bits & 0xF];
  return id;
}

}  // namespace

AssessmentRow AssessmentService::existing_assessment(const std::string& assessment_id) {
  auto row = store_.assessment(assessment_id);
  if (!row) refuse(grpc::StatusCode::NOT_FOUND, "no assessment '" + assessment_id + "'");
  return *row;
}

grpc::ServerUnaryReactor* AssessmentService::SaveProtocol(grpc::CallbackServerContext* context,
                                                          const v1::Protocol* request, v1::Protocol* response) {
  return respond(core_, context, *request, "SaveProtocol", [&](const Caller&) {
    if (const std::string problem = protocol_problem(*request); !problem.empty()) {
      refuse(grpc::StatusCode::INVALID_ARGUMENT, problem);
    }
    std::string id = request->protocol_id();
    if (id.empty()) {
      id = new_id("p-");
    } else if (!store_.protocol(id)) {
      refuse(grpc::StatusCode::NOT_FOUND, "no protocol '" + id + "' to replace; leave protocol_id empty for a new one");
    }
    const ProtocolRow row = protocol_row(*request, id, now_unix_ms());
    store_.save_protocol(row);
    *response = protocol_of(row);
  });
}

grpc::ServerUnaryReactor* AssessmentService::ListProtocols(grpc::CallbackServerContext* context,
                                                           const v1::ListProtocolsRequest* request,
                                                           v1::ListProtocolsResponse* response) {
  return respond(core_, context, *request, "ListProtocols", [&](const Caller&) {
    for (const ProtocolRow& row : store_.list_protocols()) *response->add_protocols() = protocol_of(row);
  });
}

grpc::ServerUnaryReactor* AssessmentService::CreateAssessment(grpc::CallbackServerContext* context,
                                                              const v1::CreateAssessmentRequest* request,
                                                              v1::Assessment* response) {
  return respond(core_, context, *request, "CreateAssessment", [&](const Caller&) {
    if (const std::string problem = assessment_request_problem(*request); !problem.empty()) {
      refuse(grpc::StatusCode::INVALID_ARGUMENT, problem);
    }
    const auto protocol = store_.protocol(request->protocol_id());
    if (!protocol) refuse(grpc::StatusCode::NOT_FOUND, "no protocol '" + request->protocol_id() + "'");
    AssessmentRow row;
    row.assessment_id = new_id("a-");
    row.name = request->name();
    row.date = request->date();
    row.station_ids.assign(request->station_ids().begin(), request->station_ids().end());
    row.protocol_id = protocol->protocol_id;
    row.protocol_payload = protocol_of(*protocol).SerializeAsString();
    row.step_count = protocol->step_count;
    row.created_unix_ms = now_unix_ms();
    store_.create_assessment(row);
    *response = assessment_of(row);
  });
}

grpc::ServerUnaryReactor* AssessmentService::ListAssessments(grpc::CallbackServerContext* context,
                                                             const v1::ListAssessmentsRequest* request,
                                                             v1::ListAssessmentsResponse* response) {
  return respond(core_, context, *request, "ListAssessments", [&](const Caller& caller) {
    for (const AssessmentRow& row : store_.list_assessments()) {
      if (takes_part(caller, row)) *response->add_assessments() = assessment_of(row);  // a kiosk: its station's
    }
  });
}

grpc::ServerUnaryReactor* AssessmentService::GetAssessment(grpc::CallbackServerContext* context,
                                                           const v1::GetAssessmentRequest* request,
                                                           v1::Assessment* response) {
  return respond(core_, context, *request, "GetAssessment", [&](const Caller& caller) {
    const AssessmentRow assessment = existing_assessment(request->assessment_id());
    if (!takes_part(caller, assessment)) {
      throw CallRefused{core_.gate.deny(caller, method("GetAssessment"),
                                        "station '" + caller.station_id + "' does not take part in this assessment")};
    }
    *response = assessment_of(assessment);
  });
}

grpc::ServerUnaryReactor* AssessmentService::ImportRoster(grpc::CallbackServerContext* context,
                                                          const v1::ImportRosterRequest* request,
                                                          v1::ImportRosterResponse* response) {
  return respond(core_, context, *request, "ImportRoster", [&](const Caller&) {
    const AssessmentRow assessment = existing_assessment(request->assessment_id());
    std::vector<RosterRow> rows;
    if (!request->csv().empty() || request->entries().empty()) {  // an empty file is named as such
      auto parsed = parse_roster_csv(request->csv());
      if (const auto* error = std::get_if<RosterCsvError>(&parsed)) refuse(grpc::StatusCode::INVALID_ARGUMENT, error->message);
      rows = std::get<std::vector<RosterRow>>(std::move(parsed));
    }
    for (int i = 0; i < request->entries_size(); ++i) {
      RosterRow row = roster_row(request->entries(i));
      if (const std::string problem = roster_entry_problem(row); !problem.empty()) {
        refuse(grpc::StatusCode::INVALID_ARGUMENT, "entry " + std::to_string(i + 1) + ": " + problem);
      }
      rows.push_back(std::move(row));
    }
    if (rows.empty()) refuse(grpc::StatusCode::INVALID_ARGUMENT, "nothing to import: send a CSV or entries");
    if (static_cast<std::size_t>(assessment.roster_size) + rows.size() > kMaxRosterAthletes) {
      refuse(grpc::StatusCode::INVALID_ARGUMENT,
             "a roster holds at most " + std::to_string(kMaxRosterAthletes) + " athletes; this would make " +
                 std::to_string(static_cast<std::size_t>(assessment.roster_size) + rows.size()));
    }
    try {
      response->set_roster_size(static_cast<std::uint32_t>(store_.add_roster(assessment.assessment_id, rows)));
    } catch (const AssessmentRefusal& refusal) {
      // A repeated or taken code is a problem of the file, named by its line.
      if (refusal.kind() == AssessmentRefusal::Kind::kConflict) refuse(grpc::StatusCode::INVALID_ARGUMENT, refusal.what());
      throw;
    }
    response->set_added(static_cast<std::uint32_t>(rows.size()));
  });
}

grpc::ServerUnaryReactor* AssessmentService::ListRoster(grpc::CallbackServerContext* context,
                                                        const v1::ListRosterRequest* request,
                                                        v1::ListRosterResponse* response) {
  return respond(core_, context, *request, "ListRoster", [&](const Caller&) {
    const AssessmentRow assessment = existing_assessment(request->assessment_id());
    for (const RosterRow& row : store_.roster(assessment.assessment_id)) *response->add_entries() = roster_entry(row);
  });
}

grpc::ServerUnaryReactor* AssessmentService::CheckIn(grpc::CallbackServerContext* context,
                                                     const v1::CheckInRequest* request, v1::CheckInResponse* response) {
  return respond(core_, context, *request, "CheckIn", [&](const Caller& caller) {
    // The station is the kiosk credential's: a request may leave it empty or repeat it, never
    // name another station (as the ingest path does for sessions).
    if (!request->station_id().empty() && request->station_id() != caller.station_id) {
      throw CallRefused{core_.gate.deny(caller, method("CheckIn"),
                                        "this kiosk is enrolled for station '" + caller.station_id +
                                            "' and may check athletes in only there, not at '" + request->station_id() + "'")};
    }
    const AssessmentRow assessment = existing_assessment(request->assessment_id());
    const auto badge = common::read_assessment_badge(request->badge());
    if (!badge || badge->athlete_code.empty()) {
      refuse(grpc::StatusCode::INVALID_ARGUMENT, "this is not an assessment badge or athlete code: scan the badge again, or type the code");
    }
    if (!badge->assessment_id.empty() && badge->assessment_id != assessment.assessment_id) {
      const auto other = store_.assessment(badge->assessment_id);
      refuse(grpc::StatusCode::FAILED_PRECONDITION,
             "this badge is for another assessment" + (other ? " ('" + other->name + "', " + other->date + ")" : std::string()) +
                 ", not '" + assessment.name + "': use the badge printed for today, or type your code");
    }
    const CheckInRow row = store_.check_in(
        {new_id("c-"), assessment.assessment_id, caller.station_id, badge->athlete_code, now_unix_ms()});
    const v1::Protocol protocol = protocol_of(assessment);
    response->set_check_in_id(row.check_in_id);
    for (const RosterRow& athlete : store_.roster(assessment.assessment_id)) {
      if (athlete.athlete_code == row.athlete_code) *response->mutable_athlete() = roster_entry(athlete);
    }
    response->set_step_index(static_cast<std::uint32_t>(row.step_index));
    if (row.step_index < protocol.steps_size()) *response->mutable_step() = protocol.steps(row.step_index);
    response->set_step_count(static_cast<std::uint32_t>(protocol.steps_size()));
    response->set_redo(row.redo);
  });
}

grpc::ServerUnaryReactor* AssessmentService::RecordStep(grpc::CallbackServerContext* context,
                                                        const v1::RecordStepRequest* request,
                                                        v1::RecordStepResponse* response) {
  return respond(core_, context, *request, "RecordStep", [&](const Caller& caller) {
    CheckInState outcome = CheckInState::kInterrupted;
    if (request->outcome() == v1::STEP_OUTCOME_COMPLETED) {
      if (request->session_id().empty()) refuse(grpc::StatusCode::INVALID_ARGUMENT, "a completed step needs its session_id");
      outcome = CheckInState::kCompleted;
    } else if (request->outcome() != v1::STEP_OUTCOME_INTERRUPTED) {
      refuse(grpc::StatusCode::INVALID_ARGUMENT, "outcome must be completed or interrupted");
    }
    // Only the station that checked the athlete in records how the step ended.
    const auto existing = store_.check_in_row(request->check_in_id());
    if (!existing) refuse(grpc::StatusCode::NOT_FOUND, "no check-in '" + request->check_in_id() + "'");
    if (existing->station_id != caller.station_id) {
      throw CallRefused{core_.gate.deny(caller, method("RecordStep"),
                                        "this check-in belongs to station '" + existing->station_id +
                                            "'; this kiosk is enrolled for station '" + caller.station_id + "'")};
    }
    const CheckInRow row = store_.record_step(request->check_in_id(), outcome, request->session_id(),
                                              request->ended_unix_ms() > 0 ? request->ended_unix_ms() : now_unix_ms());
    const AssessmentRow assessment = existing_assessment(row.assessment_id);
    std::set<int> completed;
    for (const CheckInRow& c : store_.check_ins(row.assessment_id)) {
      if (c.athlete_code == row.athlete_code && c.state == CheckInState::kCompleted) completed.insert(c.step_index);
    }
    response->set_steps_completed(static_cast<std::uint32_t>(completed.size()));
    response->set_step_count(static_cast<std::uint32_t>(assessment.step_count));
  });
}

grpc::ServerUnaryReactor* AssessmentService::GetBoard(grpc::CallbackServerContext* context,
                                                      const v1::GetBoardRequest* request, v1::Board* response) {
  return respond(core_, context, *request, "GetBoard", [&](const Caller&) {
    const AssessmentRow assessment = existing_assessment(request->assessment_id());
    *response = assessment_board(assessment, store_.roster(assessment.assessment_id),
                                 store_.check_ins(assessment.assessment_id));
  });
}

grpc::ServerUnaryReactor* AssessmentService::GetResults(grpc::CallbackServerContext* context,
                                                        const v1::GetResultsRequest* request, v1::Results* response) {
  return respond(core_, context, *request, "GetResults", [&](const Caller& caller) {
    const AssessmentRow assessment = existing_assessment(request->assessment_id());
    std::vector<RosterRow> roster = store_.roster(assessment.assessment_id);
    if (caller.is_coach()) {
      // A coach reads only their own athletes, decided from the signed-in account (the roster's
      // coach column, or an athlete assigned to them on the hub), whatever the request names.
      const auto assigned = core_.gate.athlete_scope(caller);
      std::erase_if(roster, [&](const RosterRow& row) {
        return row.coach != caller.user_name && !(assigned && assigned->contains(row.athlete_code));
      });
    } else if (!request->coach().empty()) {
      std::erase_if(roster, [&](const RosterRow& row) { return row.coach != request->coach(); });
    }
    *response = assessment_results(assessment, roster, store_.check_ins(assessment.assessment_id),
                                   [this](std::string_view id) { return core_.store.session(id); });
  });
}

}  // namespace runform::services
