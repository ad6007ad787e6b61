// Figures the kiosk measures about itself: frame work and interval times, and latencies from a
// frame's capture to the frame where it (or its cue) is drawn. Bounded: the newest samples only.
#pragma once

#include <cstddef>
#include <deque>
#include <string>

namespace runform::kiosk {

/// A bounded set of samples in milliseconds with percentiles.
class Samples {
 public:
  /// Keeps at most `capacity` newest samples.
  explicit Samples(std::size_t capacity = 100'000) : capacity_(capacity) {}
  /// Adds one sample.
  void add(double ms);
  /// The p-th percentile (0–100) by nearest rank; 0 with no samples.
  [[nodiscard]] double percentile(double p) const;
  /// The largest sample.
  [[nodiscard]] double max() const;
  /// Number of samples kept.
  [[nodiscard]] std::size_t count() const { return values_.size(); }
  /// "p50 1.2 ms, p95 …, p99 …, max … (n = …)" or "no samples".
  [[nodiscard]] std::string describe() const;

 private:
  std::size_t capacity_;
  std::deque<double> values_;
};

/// Everything the kiosk reports with --stats.
struct KioskStats {
  Samples frame_work_ms;       ///< building and rendering one frame (no waiting for the display)
  Samples frame_render_ms;     ///< handing the frame to OpenGL and presenting it (software GL under Xvfb)
  Samples frame_interval_ms;   ///< start of one frame to the start of the next
  Samples cue_latency_ms;      ///< capture of the frame that raised a cue → first frame drawing it
  Samples image_latency_ms;    ///< capture of a camera frame → first frame drawing it
  std::size_t frames = 0;
  std::size_t cue_clock_mismatches = 0;  ///< cues whose capture time was not on the kiosk's clock
  /// A multi-line report.
  [[nodiscard]] std::string report(double seconds) const;
};

}  // namespace runform::kiosk
