#include "camera/reconnecting_source.h"

#include <algorithm>

namespace runform::camera {

ReconnectingSource::ReconnectingSource(std::string name, SourceOpener opener, ReconnectPolicy policy, ClockFn clock)
    : name_(std::move(name)), opener_(std::move(opener)), policy_(policy), clock_(std::move(clock)) {
  status_.detail = name_;
  description_ = name_;
}

std::string ReconnectingSource::describe() const {
  const std::lock_guard lock(status_mutex_);
  return description_;
}

double ReconnectingSource::fps() const {
  const std::lock_guard lock(status_mutex_);
  return fps_;
}

std::optional<SourceStatus> ReconnectingSource::status() const {
  const std::lock_guard lock(status_mutex_);
  return status_;
}

void ReconnectingSource::lose(const std::string& why, double now_s) {
  source_.reset();
  backoff_s_ = backoff_s_ == 0.0 ? policy_.first_retry_s : std::min(policy_.max_retry_s, backoff_s_ * policy_.multiplier);
  next_attempt_s_ = now_s + backoff_s_;
  const std::lock_guard lock(status_mutex_);
  status_.state = SourceStatus::State::kLost;
  status_.detail = name_ + ": " + why;
  status_.retry_in_s = backoff_s_;
}

ReadStatus ReconnectingSource::read(CapturedFrame& out) {
  if (ended_) return ReadStatus::kEnd;
  const double now_s = clock_();
  if (!source_) {
    if (now_s < next_attempt_s_) {
      const std::lock_guard lock(status_mutex_);
      status_.retry_in_s = next_attempt_s_ - now_s;
      return ReadStatus::kLost;
    }
    try {
      source_ = opener_();
      if (!source_) throw SourceError("no source");
    } catch (const SourceError& e) {
      {
        const std::lock_guard lock(status_mutex_);
        ++status_.failed_attempts;
      }
      lose(e.what(), now_s);
      return ReadStatus::kLost;
    }
    backoff_s_ = 0.0;
    const std::lock_guard lock(status_mutex_);
    status_.state = SourceStatus::State::kStreaming;
    description_ = source_->describe();
    fps_ = source_->fps();
    status_.detail = description_;
    status_.failed_attempts = 0;
    status_.retry_in_s = 0.0;
  }
  const ReadStatus got = source_->read(out);
  if (got == ReadStatus::kFrame) {
    out.index = next_index_++;  // continuous across reconnects
    const std::lock_guard lock(status_mutex_);
    ++status_.frames;
    return got;
  }
  if (got == ReadStatus::kEnd) {
    source_.reset();
    ended_ = true;
    const std::lock_guard lock(status_mutex_);
    status_.state = SourceStatus::State::kEnded;
    return got;
  }
  lose("stopped delivering frames (unplugged or stream dropped); reconnecting", clock_());
  return ReadStatus::kLost;
}

}  // namespace runform::camera
