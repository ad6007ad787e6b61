// PasswordWorkers: the few threads that run argon2id hashes. A hash is memory-hard by design
// (64 MiB for libsodium's INTERACTIVE cost), so concurrent hashing is bounded by the number of
// workers, and the queue in front of them by a length: a burst of logins waits or is told the
// hub is busy, and never takes the hub's memory or gRPC's callback threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace runform::services {

class PasswordWorkers {
 public:
  PasswordWorkers(std::size_t workers, std::size_t max_queued);
  ~PasswordWorkers();
  PasswordWorkers(const PasswordWorkers&) = delete;
  PasswordWorkers& operator=(const PasswordWorkers&) = delete;

  /// Queues a job; false (and the job is dropped) when max_queued jobs already wait.
  bool submit(std::function<void()> job);

 private:
  void run();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace runform::services
