#include "station/background_desk.h"

#include <algorithm>

namespace runform::station {

BackgroundDesk::BackgroundDesk(std::unique_ptr<AssessmentDesk> inner)
    : inner_(std::move(inner)), thread_([this] { work(); }) {}

BackgroundDesk::~BackgroundDesk() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

services::CheckInTicket BackgroundDesk::check_in(const std::string& badge) {
  std::unique_lock lock(mutex_);
  if (answer_ && answer_->first == badge) {
    Answer answer = std::move(answer_->second);
    answer_.reset();
    if (auto* ticket = std::get_if<services::CheckInTicket>(&answer)) return *ticket;
    throw std::get<services::AssessmentCallError>(answer);
  }
  if (in_flight_badge_ != badge) {
    // A new badge: ask the hub (after any record still queued). An answer for another badge
    // that nobody collected is dropped: the person at the kiosk has moved on.
    answer_.reset();
    in_flight_badge_ = badge;
    jobs_.push_back({badge, std::nullopt});
    lock.unlock();
    wake_.notify_one();
  }
  throw CheckingIn();
}

bool BackgroundDesk::record_step(const services::StepRecord& record) {
  std::unique_lock lock(mutex_);
  const bool none_kept = kept_ == 0;
  jobs_.push_back({std::nullopt, record});
  lock.unlock();
  wake_.notify_one();
  return none_kept;
}

std::size_t BackgroundDesk::flush_pending() { return undelivered(); }

std::optional<std::string> BackgroundDesk::checking_in() const {
  const std::lock_guard lock(mutex_);
  return in_flight_badge_;
}

void BackgroundDesk::wait_until_idle() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return jobs_.empty() && !calling_; });
}

std::size_t BackgroundDesk::undelivered() const {
  const std::lock_guard lock(mutex_);
  std::size_t queued = 0;
  for (const Job& job : jobs_) queued += job.record ? 1 : 0;
  return queued + kept_;
}

void BackgroundDesk::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    // Kept records are offered again every kRetryEvery; otherwise sleep until asked.
    if (kept_ > 0) {
      wake_.wait_for(lock, kRetryEvery, [this] { return stopping_ || !jobs_.empty(); });
    } else {
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    }
    if (stopping_) return;
    if (jobs_.empty()) {  // the retry tick: kept records only
      lock.unlock();
      const std::size_t kept = inner_->flush_pending();
      lock.lock();
      kept_ = kept;
      continue;
    }
    const Job job = std::move(jobs_.front());
    jobs_.pop_front();
    calling_ = true;
    lock.unlock();
    if (job.record) {
      // Delivered: the inner desk sent every older kept record first. Not delivered: the inner
      // desk keeps it (the exact count comes with the next retry tick).
      const bool delivered = inner_->record_step(*job.record);
      lock.lock();
      kept_ = delivered ? 0 : std::max<std::size_t>(kept_, 1);
      calling_ = false;
      wake_.notify_all();
      continue;
    }
    std::optional<Answer> answer;
    std::optional<std::size_t> kept;
    try {
      answer.emplace(inner_->check_in(*job.badge));
      kept = inner_->flush_pending();  // the hub answered: kept records went first, count what is left
    } catch (const services::AssessmentCallError& error) {
      answer.emplace(error);
    }
    lock.lock();
    if (kept) kept_ = *kept;
    if (in_flight_badge_ == job.badge) {
      answer_.emplace(*job.badge, std::move(*answer));
      in_flight_badge_.reset();
    }
    calling_ = false;
    wake_.notify_all();
  }
}

}  // namespace runform::station
