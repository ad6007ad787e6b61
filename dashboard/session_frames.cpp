#include "dashboard/session_frames.h"

#include <algorithm>

namespace runform::dashboard {

SessionFrames::SessionFrames(services::CoachSession session, std::vector<form::CueDef> cues)
    : session_(std::move(session)), cues_(std::move(cues)) {
  chunk_count_ = static_cast<std::size_t>(std::max<std::int64_t>(session_.duration_us, 0) / kChunkUs) + 1;
}

std::size_t SessionFrames::chunk_of(std::int64_t t_us) const {
  return std::min(static_cast<std::size_t>(std::max<std::int64_t>(t_us, 0) / kChunkUs), chunk_count_ - 1);
}

void SessionFrames::update(services::CoachWorker& hub, std::int64_t cursor_us, services::CoachWorker::CancelToken cancel) {
  if (pending_.ready()) {
    if (pending_.ok()) {
      add_chunk(*requested_, pending_.value());
      error_.clear();
    } else {
      error_ = pending_.error();
    }
    pending_ = {};
    requested_.reset();
  }
  if (pending_.started() || !error_.empty()) return;
  std::optional<std::size_t> next;
  const std::size_t at = chunk_of(cursor_us);
  if (!chunks_.count(at)) {
    next = at;
  } else {
    for (std::size_t i = 0; i < chunk_count_; ++i) {
      const std::size_t c = (at + i) % chunk_count_;  // onwards from the cursor, then wrap
      if (!chunks_.count(c)) {
        next = c;
        break;
      }
    }
  }
  if (!next) return;
  requested_ = next;
  const std::string id = session_.session_id;
  const auto from = static_cast<std::int64_t>(*next) * kChunkUs;
  const std::int64_t to = *next + 1 == chunk_count_ ? 0 : from + kChunkUs;
  pending_ = hub.submit([id, from, to](services::CoachClient& c) { return c.read_frames(id, from, to); }, std::move(cancel));
}

void SessionFrames::add_chunk(std::size_t chunk, std::vector<services::CoachFrame> frames) {
  chunks_[chunk] = std::move(frames);
  rebuild_spans();
}

const services::CoachFrame* SessionFrames::frame_at(std::int64_t t_us) const {
  const auto it = chunks_.find(chunk_of(t_us));
  if (it == chunks_.end() || it->second.empty()) return nullptr;
  const auto& frames = it->second;
  auto f = std::upper_bound(frames.begin(), frames.end(), t_us,
                            [](std::int64_t t, const services::CoachFrame& frame) { return t < frame.t_us; });
  if (f == frames.begin()) return &frames.front();
  return &*std::prev(f);
}

bool SessionFrames::loaded(std::int64_t begin_us, std::int64_t end_us) const {
  for (std::size_t c = chunk_of(begin_us); c <= chunk_of(std::max(begin_us, end_us - 1)); ++c) {
    if (!chunks_.count(c)) return false;
  }
  return true;
}

double SessionFrames::progress() const {
  return static_cast<double>(chunks_.size()) / static_cast<double>(chunk_count_);
}

std::vector<std::pair<std::int64_t, double>> SessionFrames::metric_points(form::MetricId metric, std::int64_t begin_us,
                                                                          std::int64_t end_us) const {
  std::vector<std::pair<std::int64_t, double>> out;
  for (std::size_t c = chunk_of(begin_us); c <= chunk_of(std::max(begin_us, end_us - 1)); ++c) {
    const auto it = chunks_.find(c);
    if (it == chunks_.end()) continue;
    for (const services::CoachFrame& f : it->second) {
      if (f.t_us < begin_us || f.t_us >= end_us) continue;
      for (const services::CoachMetricValue& m : f.metrics) {
        if (m.metric == metric) out.emplace_back(f.t_us, m.value);
      }
    }
  }
  return out;
}

std::optional<std::pair<std::int64_t, std::int64_t>> SessionFrames::stride_around(std::int64_t t_us) const {
  std::optional<std::int64_t> before;
  std::optional<std::int64_t> after;
  // The stride's ends lie in this chunk or its neighbours (a stride is about a second).
  const std::size_t c = chunk_of(t_us);
  for (std::size_t i = c == 0 ? 0 : c - 1; i <= std::min(c + 1, chunk_count_ - 1); ++i) {
    const auto it = chunks_.find(i);
    if (it == chunks_.end()) continue;
    for (const services::CoachFrame& f : it->second) {
      if (f.metrics.empty()) continue;
      if (f.t_us <= t_us && (!before || f.t_us > *before)) before = f.t_us;
      if (f.t_us > t_us && (!after || f.t_us < *after)) after = f.t_us;
    }
  }
  if (!before || !after) return std::nullopt;
  return std::make_pair(*before, *after);
}

std::optional<double> SessionFrames::stride_phase(std::int64_t t_us) const {
  const auto stride = stride_around(t_us);
  if (!stride || stride->second <= stride->first) return std::nullopt;
  return static_cast<double>(t_us - stride->first) / static_cast<double>(stride->second - stride->first);
}

std::optional<std::int64_t> SessionFrames::time_at_phase(std::int64_t near_us, double phase) const {
  const auto stride = stride_around(near_us);
  if (!stride) return std::nullopt;
  return stride->first + static_cast<std::int64_t>(phase * static_cast<double>(stride->second - stride->first));
}

void SessionFrames::rebuild_spans() {
  report::SpanBuilder builder(cues_);
  // Chunks are in time order (std::map by index); a gap of unloaded chunks closes what is open.
  std::optional<std::size_t> previous;
  for (const auto& [index, frames] : chunks_) {
    if (previous && index != *previous + 1) builder.gap();
    previous = index;
    for (const services::CoachFrame& f : frames) builder.add(f);
  }
  cue_spans_ = builder.cue_spans();
  arms_off_spans_ = builder.arms_off_spans();
}

}  // namespace runform::dashboard
