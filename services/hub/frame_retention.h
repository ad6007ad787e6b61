// FrameRetention: frames older than the club's retention period are deleted; the sessions stay
// listed with their starts, summaries and notes, marked with when their frames were purged, so
// trends and summaries keep working and reads of the frames say what happened. Configured by
// `[retention] frame_days` (0 keeps frames forever); the hub runs it at start and then every
// `run_every` on its maintenance thread. The time is a parameter, so tests choose it.
#pragma once

#include <chrono>
#include <cstdint>

#include "services/store/session_store.h"

namespace runform::services {

/// The retention policy.
struct RetentionOptions {
  int frame_days = 0;                        ///< frames of sessions started longer ago go; 0: never
  std::chrono::minutes run_every{60};        ///< how often the hub purges (after once at start)
};

class FrameRetention {
 public:
  /// Sessions per purge transaction: a pass never holds the store's writer for long, so ingest
  /// commits go on between transactions.
  static constexpr std::size_t kSessionsPerTransaction = 20;
  static constexpr std::int64_t kDayMs = 86'400'000;

  FrameRetention(SessionStore& store, RetentionOptions options) : store_(store), options_(options) {}

  [[nodiscard]] bool enabled() const { return options_.frame_days > 0; }
  [[nodiscard]] const RetentionOptions& options() const { return options_; }
  /// Purges the frames of every session started more than frame_days before now_unix_ms, a
  /// few sessions per transaction, until none is left. Throws StoreError.
  PurgeCounts run(std::int64_t now_unix_ms);

 private:
  SessionStore& store_;
  const RetentionOptions options_;
};

}  // namespace runform::services
