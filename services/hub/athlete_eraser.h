// AthleteEraser: erases everything the hub holds about one athlete, in the store and in memory.
//
// Order matters, so that nothing of the athlete survives and nothing comes back:
//  1. the session registry refuses new claims of the athlete's sessions and marks the ones it
//     holds erased; the streams carrying them are ended with ABORTED;
//  2. the committer is flushed, so every frame already queued is in the store before it goes;
//  3. with hubs sharing the store, this hub takes club-wide ownership of every session of the
//     athlete: a session streaming through another hub refuses the erasure (FAILED_PRECONDITION,
//     retry when it ends) instead of being cut from under that hub;
//  4. one store transaction deletes sessions, frames, notes and coach assignments, and records
//     the athlete's opaque reference with the time, so a kiosk that reconnects with a session
//     begun before the erasure is told it is closed and drops it (never stored again);
//  5. the registry lets go, and live watchers drop what they still hold of those sessions.
#pragma once

#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>

#include "services/hub/hub_core.h"

namespace runform::services {

class IngestService;

/// What one erasure did.
struct ErasureResult {
  ErasureCounts counts;
  std::uint32_t streams_ended = 0;
  std::string erasure_ref;  ///< a fresh random reference for this erasure (logs, audit, answer)
  std::int64_t erased_unix_ms = 0;
};

class AthleteEraser {
 public:
  AthleteEraser(HubCore& core, IngestService& ingest, const AthleteReferences& refs)
      : core_(core), ingest_(ingest), refs_(refs) {}

  /// Erases the athlete as of erased_unix_ms. OK with the result; NOT_FOUND when the hub holds
  /// nothing of the athlete; FAILED_PRECONDITION when another hub is streaming one of their
  /// sessions; UNAVAILABLE when storage fails (nothing was erased then). Throws nothing but
  /// what the store throws unexpectedly.
  grpc::Status erase(const std::string& athlete_id, std::int64_t erased_unix_ms, ErasureResult& result);

 private:
  HubCore& core_;
  IngestService& ingest_;
  const AthleteReferences& refs_;
};

}  // namespace runform::services
