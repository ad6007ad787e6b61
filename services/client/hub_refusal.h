// What a hub's refusal of an upload stream is about, so that the uploader answers each kind in
// one way: one session's data is set aside and the others go on; the kiosk's credential pauses
// every upload until the hub takes it again; an older hub is waited out; anything else is a
// passing failure, retried with the usual backoff.
#pragma once

#include <grpcpp/support/status_code_enum.h>

#include "common/ingest_trailers.h"

namespace runform::services {

/// What a stream's final status is about.
enum class RefusalKind {
  kTransient,   ///< the connection, the hub's storage, a race: retry with the usual backoff
  kSession,     ///< one session's data (the hub named it): set that session aside, go on
  kCredential,  ///< the kiosk's credential: pause every upload, retry slowly
  kHubTooOld,   ///< the hub lacks the ingest service (an older release): keep all, retry slowly
  kUnattributed,  ///< the hub judged our data but named no session: keep all, retry slowly
};

/// Classifies a stream's final status; `names_session` says whether the hub named a session
/// this kiosk holds (kRefusedSessionTrailer, common/ingest_trailers.h).
[[nodiscard]] RefusalKind classify_refusal(grpc::StatusCode code, bool names_session);

/// True for the kinds that wait the slow backoff (the hub will not change its mind soon).
[[nodiscard]] inline bool waits_slowly(RefusalKind kind) {
  return kind == RefusalKind::kCredential || kind == RefusalKind::kHubTooOld || kind == RefusalKind::kUnattributed;
}

}  // namespace runform::services
