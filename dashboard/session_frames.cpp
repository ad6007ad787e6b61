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

void SessionFrames::update(services::CoachWorker& hub, std::int64_t cursor_us) {
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
  pending_ = hub.submit([id, from, to](services::CoachClient& c) { return c.read_frames(id, from, to); });
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

void SessionFrames::rebuild_spans() {
  cue_spans_.clear();
  arms_off_spans_.clear();
  std::optional<SessionSpan> open_cue;
  bool arms_off = false;  // a plain flag and time: GCC 12 misreads optional<int64_t> here
  std::int64_t arms_off_since = 0;
  std::int64_t last_t = 0;
  auto metric_of = [&](const std::string& cue_id) -> std::optional<form::MetricId> {
    for (const form::CueDef& c : cues_) {
      if (c.id == cue_id) return c.metric;
    }
    return std::nullopt;
  };
  // Chunks are in time order (std::map by index); a gap of unloaded chunks closes what is open.
  std::optional<std::size_t> previous;
  for (const auto& [index, frames] : chunks_) {
    if (previous && index != *previous + 1) {
      if (open_cue) cue_spans_.push_back(*open_cue), open_cue.reset();
      if (arms_off) arms_off_spans_.push_back({arms_off_since, last_t, "arms not measurable", {}, false});
      arms_off = false;
    }
    previous = index;
    for (const services::CoachFrame& f : frames) {
      last_t = f.t_us;
      for (const services::CoachCue& cue : f.cues) {
        if (open_cue) {
          open_cue->end_us = f.t_us;
          cue_spans_.push_back(*open_cue);
          open_cue.reset();
        }
        if (cue.kind != services::CoachCue::Kind::kClear) {
          open_cue = SessionSpan{f.t_us, f.t_us, cue.text, metric_of(cue.cue_id),
                                 cue.kind == services::CoachCue::Kind::kPositive};
        }
      }
      if (open_cue) open_cue->end_us = f.t_us;
      if (f.scores) {
        const bool off_now = !f.scores->arms && (f.scores->head || f.scores->shoulders);
        if (off_now && !arms_off) {
          arms_off = true;
          arms_off_since = f.t_us;
        }
        if (!off_now && arms_off) {
          arms_off_spans_.push_back({arms_off_since, f.t_us, "arms not measurable", {}, false});
          arms_off = false;
        }
      }
    }
  }
  if (open_cue) cue_spans_.push_back(*open_cue);
  if (arms_off) arms_off_spans_.push_back({arms_off_since, last_t, "arms not measurable", {}, false});
}

}  // namespace runform::dashboard
