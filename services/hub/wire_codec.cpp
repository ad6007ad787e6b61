#include "services/hub/wire_codec.h"

#include "services/hub/wire_limits.h"

#include <cmath>
#include <string>

#include "common/track_rules.h"

namespace runform::services {

namespace {

grpc::Status invalid(const std::string& message) { return {grpc::StatusCode::INVALID_ARGUMENT, message}; }

bool printable_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (const char c : id) {
    if (c <= ' ' || c == 0x7F) return false;
  }
  return true;
}

grpc::Status check_metrics(const google::protobuf::RepeatedPtrField<v1::MetricSample>& metrics, const std::string& where) {
  for (const auto& m : metrics) {
    if (m.metric() == v1::METRIC_UNSPECIFIED || !v1::MetricId_IsValid(m.metric())) {
      return invalid(where + ": unknown metric id " + std::to_string(m.metric()));
    }
    if (!std::isfinite(m.value())) {
      return invalid(where + ": metric " + v1::MetricId_Name(m.metric()) + " is not a finite number");
    }
  }
  return grpc::Status::OK;
}

grpc::Status check_scores(const v1::Scores& s, const std::string& where) {
  for (const float v : {s.head(), s.shoulders(), s.arms(), s.overall()}) {
    if (!std::isfinite(v) || v > 100.0F || v < -1.0F) return invalid(where + ": a score lies outside -1…100");
  }
  return grpc::Status::OK;
}

}  // namespace

grpc::Status validate_start(const v1::SessionStart& start) {
  if (auto s = check_wire_limits(start); !s.ok()) return s;
  if (!printable_id(start.session_id())) {
    return invalid("session_id must be 1–64 printable characters without spaces");
  }
  if (!printable_id(start.kiosk_id())) return invalid("kiosk_id must be 1–64 printable characters without spaces");
  if (!printable_id(start.station_id())) return invalid("station_id must be 1–64 printable characters without spaces");
  if (!start.athlete_id().empty() && !printable_id(start.athlete_id())) {
    return invalid("athlete_id must be empty (a guest) or 1–64 printable characters without spaces");
  }
  if (start.athlete_name().size() > 200) return invalid("athlete_name is longer than 200 bytes");
  if (start.view() != v1::VIEW_FRONT && start.view() != v1::VIEW_SIDE) return invalid("view must be FRONT or SIDE");
  // The same rules as the track reader's (common/track_rules.h).
  if (const auto problem = common::image_size_problem(start.image_width_px(), start.image_height_px())) {
    return invalid(*problem);
  }
  if (const auto problem = common::fps_problem(start.fps())) return invalid(*problem);
  if (start.started_unix_ms() <= 0) return invalid("started_unix_ms must be a positive Unix time in milliseconds");
  const auto& b = start.baseline();
  for (const auto& [has, value] : {std::pair{b.has_ear_shoulder_gap(), b.ear_shoulder_gap()},
                                   std::pair{b.has_forward_head_deg(), b.forward_head_deg()},
                                   std::pair{b.has_rounding(), b.rounding()}}) {
    if (has && !std::isfinite(value)) return invalid("baseline values must be finite");
  }
  return grpc::Status::OK;
}

grpc::Status validate_frame(const v1::FrameRecord& frame, const v1::SessionStart& start) {
  const std::string where = "frame " + std::to_string(frame.seq());
  if (auto s = check_wire_limits(frame); !s.ok()) return invalid(where + ": " + s.error_message());
  if (frame.seq() == 0) return invalid(where + ": sequence numbers start at 1");
  if (const auto problem = common::frame_time_problem(static_cast<double>(frame.t_us()) * 1e-6)) {
    return invalid(where + ": " + *problem);
  }
  if (frame.xy_decipx_size() != 2 * kLandmarkCount) {
    return invalid(where + ": expected " + std::to_string(2 * kLandmarkCount) + " packed landmark values, got " +
                   std::to_string(frame.xy_decipx_size()));
  }
  if (frame.confidence_q8().size() != static_cast<std::size_t>(kLandmarkCount)) {
    return invalid(where + ": expected 17 confidence bytes, got " + std::to_string(frame.confidence_q8().size()));
  }
  for (int i = 0; i < kLandmarkCount; ++i) {
    const double x_px = frame.xy_decipx(2 * i) / 10.0;
    const double y_px = frame.xy_decipx(2 * i + 1) / 10.0;
    const double confidence = static_cast<unsigned char>(frame.confidence_q8()[static_cast<std::size_t>(i)]) / 255.0;
    if (const auto problem = common::landmark_problem(i, x_px, y_px, confidence, start.image_width_px(),
                                                      start.image_height_px(), common::kWireLandmarkMarginFraction)) {
      return invalid(where + ": " + *problem);
    }
  }
  if (auto s = check_metrics(frame.metrics(), where); !s.ok()) return s;
  if (frame.has_scores()) {
    if (auto s = check_scores(frame.scores(), where); !s.ok()) return s;
  }
  for (const auto& cue : frame.cues()) {
    if (cue.kind() == v1::CueEvent::KIND_UNSPECIFIED || !v1::CueEvent::Kind_IsValid(cue.kind())) {
      return invalid(where + ": unknown cue event kind");
    }
    if (cue.text().size() > 200 || cue.cue_id().size() > kMaxIdLength) return invalid(where + ": cue text too long");
  }
  return grpc::Status::OK;
}

grpc::Status validate_summary(const v1::SessionSummary& summary) {
  if (auto s = check_wire_limits(summary); !s.ok()) return invalid("summary: " + s.error_message());
  if (auto s = check_metrics(summary.metrics(), "summary"); !s.ok()) return s;
  if (summary.has_scores()) {
    if (auto s = check_scores(summary.scores(), "summary"); !s.ok()) return s;
  }
  if (!std::isfinite(summary.running_s()) || summary.running_s() < 0 || !std::isfinite(summary.holding_rails_s())) {
    return invalid("summary: durations must be finite and not negative");
  }
  for (const auto& d : summary.drift()) {
    if (!std::isfinite(d.first()) || !std::isfinite(d.last())) return invalid("summary: drift values must be finite");
  }
  if (!std::isfinite(summary.walking_s()) || summary.walking_s() < 0) {
    return invalid("summary: walking_s must be finite and not negative");
  }
  auto check_spans = [](const auto& spans, const std::string& where) {
    for (const v1::TimeSpan& span : spans) {
      if (span.start_us() < 0 || span.end_us() < span.start_us()) {
        return invalid(where + ": a span must start at or after 0 and end at or after its start");
      }
    }
    return grpc::Status::OK;
  };
  if (auto s = check_spans(summary.holding_rails_spans(), "summary holding_rails_spans"); !s.ok()) return s;
  for (const auto& v : summary.fault_verdicts()) {
    if (v.metric() == v1::METRIC_UNSPECIFIED || !v1::MetricId_IsValid(v.metric())) {
      return invalid("summary: fault verdict with an unknown metric id");
    }
    if (!v1::FaultVerdict::Basis_IsValid(v.basis())) return invalid("summary: fault verdict with an unknown basis");
    if (!std::isfinite(v.share()) || v.share() < 0.0F || v.share() > 1.0F) {
      return invalid("summary: fault verdict share must be within 0–1");
    }
    if (auto s = check_spans(v.spans(), "summary fault verdict"); !s.ok()) return s;
  }
  return grpc::Status::OK;
}

StoredSession to_stored(const v1::SessionStart& start) {
  StoredSession s;
  s.session_id = start.session_id();
  s.kiosk_id = start.kiosk_id();
  s.station_id = start.station_id();
  s.athlete_id = start.athlete_id();
  s.athlete_name = start.athlete_name();
  s.started_unix_ms = start.started_unix_ms();
  s.start_payload = start.SerializeAsString();
  return s;
}

StoredFrame to_stored(const v1::FrameRecord& frame) {
  return {frame.seq(), frame.t_us(), frame.SerializeAsString()};
}

v1::SessionInfo to_wire(const StoredSession& session) {
  v1::SessionInfo info;
  if (!info.mutable_start()->ParseFromString(session.start_payload)) {
    throw StoreError("stored start of session '" + session.session_id + "' does not decode");
  }
  info.set_stored_seq(session.stored_seq);
  info.set_closed(session.closed);
  info.set_ended_unix_ms(session.ended_unix_ms);
  info.set_duration_us(session.last_t_us);
  info.set_frames_purged_unix_ms(session.frames_purged_unix_ms);
  if (session.closed && !info.mutable_summary()->ParseFromString(session.summary_payload)) {
    throw StoreError("stored summary of session '" + session.session_id + "' does not decode");
  }
  return info;
}

v1::FrameRecord to_wire(const StoredFrame& frame) {
  v1::FrameRecord record;
  if (!record.ParseFromString(frame.payload)) {
    throw StoreError("stored frame " + std::to_string(frame.seq) + " does not decode");
  }
  return record;
}

v1::Annotation to_wire(const AnnotationRow& row) {
  v1::Annotation a;
  a.set_annotation_id(row.annotation_id);
  a.set_session_id(row.session_id);
  a.set_t_us(row.t_us);
  a.set_kind(static_cast<v1::Annotation::Kind>(row.kind));
  a.set_author(row.author);
  a.set_text(row.text);
  a.set_created_unix_ms(row.created_unix_ms);
  return a;
}

v1::ExportChunk to_wire(const ExportPiece& piece) {
  v1::ExportChunk chunk;
  switch (piece.kind) {
    case ExportPiece::Kind::kSession:
      *chunk.mutable_session() = to_wire(piece.session);
      break;
    case ExportPiece::Kind::kFrames: {
      auto* out = chunk.mutable_frames();
      out->set_session_id(piece.session_id);
      for (const auto& f : piece.frames) *out->add_frames() = to_wire(f);
      break;
    }
    case ExportPiece::Kind::kAnnotations: {
      auto* out = chunk.mutable_annotations();
      out->set_session_id(piece.session_id);
      for (const auto& a : piece.annotations) *out->add_annotations() = to_wire(a);
      break;
    }
  }
  return chunk;
}

}  // namespace runform::services
