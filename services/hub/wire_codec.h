// The hub's one place where wire types meet storage types: validation of what kiosks send
// (with the gRPC status a bad value deserves) and conversion to and from StoredSession/Frame.
#pragma once

#include <grpcpp/support/status.h>

#include <optional>

#include "runform/v1/athlete_data.pb.h"
#include "runform/v1/coach.pb.h"
#include "runform/v1/ingest.pb.h"
#include "services/store/athlete_export.h"
#include "services/store/session_store.h"

namespace runform::services {

/// Landmarks per frame (COCO-17).
inline constexpr int kLandmarkCount = 17;
/// Longest accepted id (session, kiosk, station, athlete).
inline constexpr std::size_t kMaxIdLength = 64;

/// OK, or INVALID_ARGUMENT saying which field is wrong and why.
grpc::Status validate_start(const v1::SessionStart& start);
/// OK, or INVALID_ARGUMENT for a frame that does not fit the session (landmark count, positions
/// outside the image, non-finite metrics, unknown metric or cue kind).
grpc::Status validate_frame(const v1::FrameRecord& frame, const v1::SessionStart& start);
/// OK, or INVALID_ARGUMENT for a summary with non-finite or unknown values.
grpc::Status validate_summary(const v1::SessionSummary& summary);

/// The store row of a newly opened session.
StoredSession to_stored(const v1::SessionStart& start);
/// The stored form of a frame: its record encoded as-is, so it reads back byte for byte.
StoredFrame to_stored(const v1::FrameRecord& frame);
/// The wire form of a stored session (start, progress, summary). Throws StoreError if the
/// stored payloads do not decode.
v1::SessionInfo to_wire(const StoredSession& session);
/// The wire form of a stored frame. Throws StoreError if it does not decode.
v1::FrameRecord to_wire(const StoredFrame& frame);
/// The wire form of an annotation.
v1::Annotation to_wire(const AnnotationRow& row);
/// The wire form of one piece of an athlete's export. Throws StoreError if a payload does not
/// decode.
v1::ExportChunk to_wire(const ExportPiece& piece);

}  // namespace runform::services
