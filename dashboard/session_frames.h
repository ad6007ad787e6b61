// A session's stored frames, fetched in one-minute chunks off the render thread — the chunk
// under the cursor first, then the rest in order — and what the review derives from them: the
// pose at a time, the cue timeline, fault spans (a corrective cue on screen, by its metric),
// spans where the arms were not measurable (hands on the rails), and exact metric points for a
// zoomed window. UI-free.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "form/cue_catalog.h"
#include "report/session_spans.h"
#include "services/client/coach_worker.h"

namespace runform::dashboard {

/// Frames per request: one minute of a 30 fps kiosk.
inline constexpr std::int64_t kChunkUs = 60'000'000;

/// A span of session time (report/session_spans.h).
using report::SessionSpan;

class SessionFrames {
 public:
  /// Frames of `session` (its duration_us decides the chunks); cues map cue ids to metrics.
  SessionFrames(services::CoachSession session, std::vector<form::CueDef> cues);

  /// Per frame: takes an arrived chunk and asks for the next (the one under `cursor_us` first).
  void update(services::CoachWorker& hub, std::int64_t cursor_us, services::CoachWorker::CancelToken cancel = nullptr);
  /// Adds a chunk's frames directly (tests; update() does this with what the hub sent).
  void add_chunk(std::size_t chunk, std::vector<services::CoachFrame> frames);

  /// The newest frame at or before t_us, if its chunk is loaded.
  [[nodiscard]] const services::CoachFrame* frame_at(std::int64_t t_us) const;
  /// True when every chunk of [begin_us, end_us) is loaded.
  [[nodiscard]] bool loaded(std::int64_t begin_us, std::int64_t end_us) const;
  /// Loaded chunks / all chunks.
  [[nodiscard]] double progress() const;
  /// The last chunk request's error ("" when none).
  [[nodiscard]] const std::string& error() const { return error_; }
  /// Cue timeline over the loaded frames (a cue runs until it is cleared or replaced).
  [[nodiscard]] const std::vector<SessionSpan>& cue_spans() const { return cue_spans_; }
  /// Spans where the arms' score was not measurable while the rest was (hands on the rails, arms hidden).
  [[nodiscard]] const std::vector<SessionSpan>& arms_off_spans() const { return arms_off_spans_; }
  /// Exact metric snapshots within [begin_us, end_us) from the loaded frames: (t_us, value).
  [[nodiscard]] std::vector<std::pair<std::int64_t, double>> metric_points(form::MetricId metric, std::int64_t begin_us,
                                                                           std::int64_t end_us) const;
  /// The stride around t_us: the stride ends (frames carrying a metrics snapshot) before and
  /// after it, if loaded.
  [[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> stride_around(std::int64_t t_us) const;
  /// Where t_us lies in its stride, 0–1 (nullopt when the stride is not loaded).
  [[nodiscard]] std::optional<double> stride_phase(std::int64_t t_us) const;
  /// The time at `phase` (0–1) of the stride around near_us (nullopt when not loaded).
  [[nodiscard]] std::optional<std::int64_t> time_at_phase(std::int64_t near_us, double phase) const;
  /// Number of chunks.
  [[nodiscard]] std::size_t chunk_count() const { return chunk_count_; }

 private:
  void rebuild_spans();
  [[nodiscard]] std::size_t chunk_of(std::int64_t t_us) const;

  services::CoachSession session_;
  std::vector<form::CueDef> cues_;
  std::size_t chunk_count_ = 1;
  std::map<std::size_t, std::vector<services::CoachFrame>> chunks_;
  std::optional<std::size_t> requested_;
  services::Pending<std::vector<services::CoachFrame>> pending_;
  std::string error_;
  std::vector<SessionSpan> cue_spans_;
  std::vector<SessionSpan> arms_off_spans_;
};

}  // namespace runform::dashboard
