#include "services/hub/frame_retention.h"

namespace runform::services {

PurgeCounts FrameRetention::run(std::int64_t now_unix_ms) {
  PurgeCounts total;
  if (!enabled()) return total;
  const std::int64_t cutoff = now_unix_ms - std::int64_t{options_.frame_days} * kDayMs;
  while (true) {
    const PurgeCounts pass = store_.purge_frames(cutoff, now_unix_ms, kSessionsPerTransaction);
    total.sessions += pass.sessions;
    total.frames += pass.frames;
    if (pass.sessions < kSessionsPerTransaction) return total;
  }
}

}  // namespace runform::services
