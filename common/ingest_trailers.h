// The KioskIngest stream's trailing metadata: the part of the ingest contract that a proto
// message cannot carry, shared by the hub (which sends it) and the kiosk (which reads it).
#pragma once

#include <string_view>

namespace runform {

/// Names the session whose message the hub refused when it ends an Ingest stream with an error
/// about that one session (its start, a frame, its close). Binary ("-bin"): a session id may be
/// any string. Absent when the refusal is not about one session (the credential, the stream).
inline constexpr std::string_view kRefusedSessionTrailer = "runform-refused-session-bin";

}  // namespace runform
