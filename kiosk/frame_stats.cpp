#include "kiosk/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace runform::kiosk {

void Samples::add(double ms) {
  values_.push_back(ms);
  if (values_.size() > capacity_) values_.pop_front();
}

double Samples::percentile(double p) const {
  if (values_.empty()) return 0.0;
  std::vector<double> sorted(values_.begin(), values_.end());
  std::sort(sorted.begin(), sorted.end());
  const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size()));
  const auto i = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

double Samples::max() const { return values_.empty() ? 0.0 : *std::max_element(values_.begin(), values_.end()); }

std::string Samples::describe() const {
  if (values_.empty()) return "no samples";
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n = %zu)", percentile(50),
                percentile(95), percentile(99), max(), values_.size());
  return buffer;
}

std::string KioskStats::report(double seconds) const {
  char head[128];
  std::snprintf(head, sizeof head, "kiosk stats: %zu frames in %.1f s (%.1f fps)\n", frames, seconds,
                seconds > 0 ? static_cast<double>(frames) / seconds : 0.0);
  std::string out = head;
  out += "  frame work:      " + frame_work_ms.describe() + "\n";
  out += "  frame render:    " + frame_render_ms.describe() + "\n";
  out += "  frame interval:  " + frame_interval_ms.describe() + "\n";
  out += "  cue latency:     " + cue_latency_ms.describe() + " (capture → first frame drawing the cue)\n";
  out += "  image latency:   " + image_latency_ms.describe() + " (capture → first frame drawing the image)\n";
  if (cue_clock_mismatches > 0) {
    out += "  cues not timed:  " + std::to_string(cue_clock_mismatches) + " (capture time not on the kiosk's clock)\n";
  }
  return out;
}

}  // namespace runform::kiosk
