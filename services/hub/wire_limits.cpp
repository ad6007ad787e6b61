#include "services/hub/wire_limits.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <array>
#include <unordered_map>
#include <string>
#include <vector>

namespace runform::services {

namespace {

constexpr std::size_t kId = 64;           // ids: session, kiosk, station, athlete, cue (wire_codec's kMaxIdLength)
constexpr std::size_t kName = 200;        // display names and short texts shown on a screen
constexpr std::size_t kToken = 256;       // page tokens the hub issues (base64 of a cursor)
constexpr std::size_t kMetrics = 15;      // MetricId values in frames.proto: one sample each at most
constexpr std::size_t kPage = 500;        // HubLimits::max_page_size
constexpr std::size_t kFilterIds = 64;    // stations or athletes one live watch may name
constexpr std::size_t kProtocolSteps = 12;       // assessment_codec's step bound
constexpr std::size_t kAssessmentStations = 32;  // assessment_codec's station bound
constexpr std::size_t kRosterAthletes = 2000;    // assessment_codec's roster bound
constexpr std::size_t kRosterCsvBytes = 1 << 20; // ImportRosterRequest.csv

// One row per string, bytes and repeated field of runform.v1. Response-only fields are bounded by
// what the hub puts in them; the row documents that bound.
constexpr std::array kLimits = {
    // frames.proto
    WireLimit{"runform.v1.CueEvent.cue_id", kId, 0, "assets/cues.txt ids"},
    WireLimit{"runform.v1.CueEvent.text", kName, 0, "one line on the kiosk screen"},
    WireLimit{"runform.v1.FrameRecord.xy_decipx", 0, 34, "COCO-17 landmarks × (x, y)"},
    WireLimit{"runform.v1.FrameRecord.confidence_q8", 17, 0, "one byte per COCO-17 landmark"},
    WireLimit{"runform.v1.FrameRecord.metrics", 0, kMetrics, "one sample per metric id"},
    WireLimit{"runform.v1.FrameRecord.cues", 0, 8, "cue changes in one frame: a show, a clear, a positive, with room"},
    WireLimit{"runform.v1.SessionStart.session_id", kId, 0, "a UUID with room"},
    WireLimit{"runform.v1.SessionStart.kiosk_id", kId, 0, "ids"},
    WireLimit{"runform.v1.SessionStart.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.SessionStart.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.SessionStart.athlete_name", kName, 0, "a display name"},
    WireLimit{"runform.v1.SessionStart.software_version", kId, 0, "a version string such as 1.4.2+g1a2b3c"},
    WireLimit{"runform.v1.Drift.message", kName, 0, "one sentence of the summary"},
    WireLimit{"runform.v1.SessionSummary.metrics", 0, kMetrics, "one median per metric id"},
    WireLimit{"runform.v1.SessionSummary.faults", 0, kMetrics, "one per metric id"},
    WireLimit{"runform.v1.SessionSummary.drift", 0, kMetrics, "one per metric id"},
    WireLimit{"runform.v1.SessionSummary.worst_moments", 0, 16, "the form engine keeps the worst few"},
    WireLimit{"runform.v1.SessionSummary.drill_ids", kId, 16, "assets/drills ids, a few per fault"},
    WireLimit{"runform.v1.SessionSummary.fault_verdicts", 0, kMetrics, "one per metric id"},
    WireLimit{"runform.v1.SessionSummary.holding_rails_spans", 0, 64, "form_encoding merges to kMaxWireSpans"},
    WireLimit{"runform.v1.FaultVerdict.spans", 0, 64, "form_encoding merges to kMaxWireSpans"},
    // coach.proto
    WireLimit{"runform.v1.Athlete.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Athlete.name", kName, 0, "a display name"},
    WireLimit{"runform.v1.ListAthletesRequest.page_token", kToken, 0, "tokens the hub issues"},
    WireLimit{"runform.v1.ListAthletesResponse.athletes", 0, kPage, "max_page_size"},
    WireLimit{"runform.v1.ListAthletesResponse.next_page_token", kToken, 0, "tokens the hub issues"},
    WireLimit{"runform.v1.ListSessionsRequest.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListSessionsRequest.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListSessionsRequest.kiosk_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListSessionsRequest.page_token", kToken, 0, "tokens the hub issues"},
    WireLimit{"runform.v1.ListSessionsResponse.sessions", 0, kPage, "max_page_size, and kMaxResponseBytes"},
    WireLimit{"runform.v1.ListSessionsResponse.next_page_token", kToken, 0, "tokens the hub issues"},
    WireLimit{"runform.v1.GetSessionRequest.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ReadFramesRequest.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.FrameBatch.frames", 0, 1000, "the hub's read page"},
    WireLimit{"runform.v1.MetricSeriesRequest.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.MetricSeries.points", 0, 10'000, "max_points is at most 10,000"},
    WireLimit{"runform.v1.MetricTrendRequest.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.TrendPoint.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.MetricTrend.points", 0, 10'000, "the athlete's newest 10,000 sessions"},
    WireLimit{"runform.v1.Annotation.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Annotation.author", kId, 0, "an account name"},
    WireLimit{"runform.v1.Annotation.text", 4000, 0, "a coach's note (coach.proto)"},
    WireLimit{"runform.v1.ListAnnotationsRequest.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListAnnotationsResponse.annotations", 0, 1000, "notes kept per session"},
    WireLimit{"runform.v1.WatchLiveRequest.station_ids", kId, kFilterIds, "a club's stations"},
    WireLimit{"runform.v1.WatchLiveRequest.athlete_ids", kId, kFilterIds, "a coach's athletes on screen"},
    WireLimit{"runform.v1.LiveUpdate.new_sessions", 0, 512, "at most one per frame of an update"},
    WireLimit{"runform.v1.LiveUpdate.frames", 0, 512, "frames per update (kMaxFramesPerUpdate)"},
    WireLimit{"runform.v1.LiveUpdate.closed_session_ids", kId, 512, "at most one per batch of an update"},
    WireLimit{"runform.v1.LiveFrames.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.LiveFrames.frames", 0, 512, "frames per update"},
    // access.proto
    WireLimit{"runform.v1.LoginRequest.user_name", kId, 0, "account names (access.proto: up to 64)"},
    WireLimit{"runform.v1.LoginRequest.password", 256, 0, "access.proto: up to 256 bytes"},
    WireLimit{"runform.v1.LoginResponse.token", kToken, 0, "tokens the hub issues (47 characters)"},
    WireLimit{"runform.v1.LoginResponse.user_name", kId, 0, "account names"},
    WireLimit{"runform.v1.PersonIdentity.user_name", kId, 0, "account names"},
    WireLimit{"runform.v1.KioskIdentity.kiosk_id", kId, 0, "ids"},
    WireLimit{"runform.v1.KioskIdentity.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.EnrollKioskRequest.enrolment_code", kId, 0, "codes the hub issues (19 characters)"},
    WireLimit{"runform.v1.EnrollKioskRequest.kiosk_id", kId, 0, "ids"},
    WireLimit{"runform.v1.EnrollKioskResponse.kiosk_token", kToken, 0, "tokens the hub issues"},
    WireLimit{"runform.v1.EnrollKioskResponse.kiosk_id", kId, 0, "ids"},
    WireLimit{"runform.v1.EnrollKioskResponse.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.IssueEnrolmentCodeRequest.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.IssueEnrolmentCodeResponse.enrolment_code", kId, 0, "codes the hub issues"},
    WireLimit{"runform.v1.RevokeKioskRequest.kiosk_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListAuditEventsResponse.events", 0, kPage, "page size at most 500"},
    WireLimit{"runform.v1.AuditEvent.kind", kId, 0, "audit kind names"},
    WireLimit{"runform.v1.AuditEvent.actor", kId + 8, 0, "an account name or kiosk:<id>"},
    WireLimit{"runform.v1.AuditEvent.rpc", kName, 0, "a full method name or an admin command"},
    WireLimit{"runform.v1.AuditEvent.reference", kId, 0, "an opaque reference"},
    // athlete_data.proto
    WireLimit{"runform.v1.ExportAthleteRequest.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ExportHeader.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ExportHeader.name", kName, 0, "a display name"},
    WireLimit{"runform.v1.ExportHeader.format", kId, 0, "\"runform-athlete-export\""},
    WireLimit{"runform.v1.ExportFrames.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ExportFrames.frames", 0, 1000, "the export's frame page (AthleteExportCursor)"},
    WireLimit{"runform.v1.ExportAnnotations.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ExportAnnotations.annotations", 0, 1000, "notes kept per session"},
    WireLimit{"runform.v1.EraseAthleteRequest.athlete_id", kId, 0, "ids"},
    WireLimit{"runform.v1.EraseAthleteResponse.erasure_ref", kId, 0, "hex of a 16-byte keyed hash"},
    // ingest.proto
    WireLimit{"runform.v1.FrameChunk.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.FrameChunk.frames", 0, 1024, "HubLimits::max_chunk_frames"},
    WireLimit{"runform.v1.CloseSession.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Resume.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Ack.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Closed.session_id", kId, 0, "ids"},
    // assessment.proto (issue 14)
    WireLimit{"runform.v1.ProtocolStep.label", kId, 0, "a step's name on the kiosk"},
    WireLimit{"runform.v1.ProtocolStep.instructions", kName, 0, "one or two lines on the kiosk"},
    WireLimit{"runform.v1.Protocol.protocol_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Protocol.name", kName, 0, "a display name"},
    WireLimit{"runform.v1.Protocol.steps", 0, kProtocolSteps, "a morning's protocol"},
    WireLimit{"runform.v1.ListProtocolsResponse.protocols", 0, kPage, "a club's saved protocols"},
    WireLimit{"runform.v1.Assessment.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.Assessment.name", kName, 0, "a display name"},
    WireLimit{"runform.v1.Assessment.date", kId, 0, "YYYY-MM-DD"},
    WireLimit{"runform.v1.Assessment.station_ids", kId, kAssessmentStations, "a club's stations"},
    WireLimit{"runform.v1.CreateAssessmentRequest.name", kName, 0, "a display name"},
    WireLimit{"runform.v1.CreateAssessmentRequest.date", kId, 0, "YYYY-MM-DD"},
    WireLimit{"runform.v1.CreateAssessmentRequest.station_ids", kId, kAssessmentStations, "a club's stations"},
    WireLimit{"runform.v1.CreateAssessmentRequest.protocol_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListAssessmentsResponse.assessments", 0, kPage, "a club's assessment days"},
    WireLimit{"runform.v1.GetAssessmentRequest.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.RosterEntry.athlete_code", kId, 0, "ids (a badge's code)"},
    WireLimit{"runform.v1.RosterEntry.name", kName, 0, "a display name"},
    WireLimit{"runform.v1.RosterEntry.squad", kName, 0, "a group's name"},
    WireLimit{"runform.v1.RosterEntry.coach", kId, 0, "a coach's user name"},
    WireLimit{"runform.v1.ImportRosterRequest.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ImportRosterRequest.csv", kRosterCsvBytes, 0, "a roster file of a few thousand lines"},
    WireLimit{"runform.v1.ImportRosterRequest.entries", 0, kRosterAthletes, "a squad, a whole club at most"},
    WireLimit{"runform.v1.ListRosterRequest.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.ListRosterResponse.entries", 0, kRosterAthletes, "the roster bound"},
    WireLimit{"runform.v1.CheckInRequest.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.CheckInRequest.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.CheckInRequest.badge", kName, 0, "a badge's text: prefix, assessment id and code"},
    WireLimit{"runform.v1.CheckInResponse.check_in_id", kId, 0, "ids"},
    WireLimit{"runform.v1.RecordStepRequest.check_in_id", kId, 0, "ids"},
    WireLimit{"runform.v1.RecordStepRequest.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.GetBoardRequest.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.BoardAthlete.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.BoardStation.station_id", kId, 0, "ids"},
    WireLimit{"runform.v1.BoardStation.athlete_code", kId, 0, "ids"},
    WireLimit{"runform.v1.Board.athletes", 0, kRosterAthletes, "the roster bound"},
    WireLimit{"runform.v1.Board.stations", 0, kAssessmentStations, "the station bound"},
    WireLimit{"runform.v1.GetResultsRequest.assessment_id", kId, 0, "ids"},
    WireLimit{"runform.v1.GetResultsRequest.coach", kId, 0, "a coach's user name"},
    WireLimit{"runform.v1.StepResult.session_id", kId, 0, "ids"},
    WireLimit{"runform.v1.AthleteResult.steps", 0, kProtocolSteps, "one per protocol step"},
    WireLimit{"runform.v1.AthleteResult.metrics", 0, kMetrics, "one mean per metric id"},
    WireLimit{"runform.v1.AthleteResult.faults", 0, kMetrics, "one per metric id"},
    WireLimit{"runform.v1.Results.athletes", 0, kRosterAthletes, "the roster bound"},
};

grpc::Status too_big(const std::string& path, const std::string& what, std::size_t limit) {
  return {grpc::StatusCode::INVALID_ARGUMENT, path + " " + what + " (the limit is " + std::to_string(limit) +
                                                  "; see services/hub/wire_limits.cpp)"};
}

// The table keyed by field descriptor, built once (immutable after): the ingest path checks every
// frame, so the lookup must not compare names.
const std::unordered_map<const google::protobuf::FieldDescriptor*, WireLimit>& limits_by_field() {
  static const auto table = [] {
    std::unordered_map<const google::protobuf::FieldDescriptor*, WireLimit> out;
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    for (const auto& row : kLimits) {
      if (const auto* field = pool->FindFieldByName(std::string(row.field))) out.emplace(field, row);
    }
    return out;
  }();
  return table;
}

grpc::Status check(const google::protobuf::Message& message, const std::string& prefix, int depth) {
  if (depth > 8) return {grpc::StatusCode::INVALID_ARGUMENT, prefix + ": nested too deeply"};
  using google::protobuf::FieldDescriptor;
  const auto* reflection = message.GetReflection();
  const auto* descriptor = message.GetDescriptor();
  const auto& limits = limits_by_field();
  for (int f = 0; f < descriptor->field_count(); ++f) {
    const FieldDescriptor* field = descriptor->field(f);
    const bool is_string = field->type() == FieldDescriptor::TYPE_STRING || field->type() == FieldDescriptor::TYPE_BYTES;
    const bool is_message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!field->is_repeated() && !is_string && !is_message) continue;
    if (field->is_repeated() ? reflection->FieldSize(message, field) == 0 : !reflection->HasField(message, field)) {
      continue;  // unset: nothing to bound
    }
    const WireLimit* limit = nullptr;
    if (field->is_repeated() || is_string) {
      const auto row = limits.find(field);
      if (row == limits.end()) {
        return {grpc::StatusCode::INVALID_ARGUMENT, prefix + field->name() + " has no documented limit"};
      }
      limit = &row->second;
    }
    if (field->is_repeated()) {
      const int count = reflection->FieldSize(message, field);
      if (static_cast<std::size_t>(count) > limit->max_count) {
        return too_big(prefix + field->name(), "has " + std::to_string(count) + " elements", limit->max_count);
      }
      for (int i = 0; i < count; ++i) {
        if (is_string) {
          std::string scratch;
          const std::string& value = reflection->GetRepeatedStringReference(message, field, i, &scratch);
          if (value.size() > limit->max_bytes) {
            return too_big(prefix + field->name() + "[" + std::to_string(i) + "]",
                           "is " + std::to_string(value.size()) + " bytes", limit->max_bytes);
          }
        } else if (is_message) {
          const auto& element = reflection->GetRepeatedMessage(message, field, i);
          if (auto s = check(element, prefix + field->name() + "[" + std::to_string(i) + "].", depth + 1); !s.ok()) {
            return s;
          }
        }
      }
    } else if (is_string) {
      std::string scratch;
      const std::string& value = reflection->GetStringReference(message, field, &scratch);
      if (value.size() > limit->max_bytes) {
        return too_big(prefix + field->name(), "is " + std::to_string(value.size()) + " bytes", limit->max_bytes);
      }
    } else {
      if (auto s = check(reflection->GetMessage(message, field), prefix + field->name() + ".", depth + 1); !s.ok()) {
        return s;
      }
    }
  }
  return grpc::Status::OK;
}

}  // namespace

std::span<const WireLimit> wire_limits() { return kLimits; }

std::optional<WireLimit> wire_limit(std::string_view full_field_name) {
  for (const auto& row : kLimits) {
    if (row.field == full_field_name) return row;
  }
  return std::nullopt;
}

grpc::Status check_wire_limits(const google::protobuf::Message& message) { return check(message, "", 0); }

}  // namespace runform::services
