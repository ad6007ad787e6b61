// The dashboard's hands-off way to the hub: calls run on the worker's own threads and hand their
// results over as Pending values the render loop polls (never waits on); a live watcher thread
// keeps WatchLive open and reconnects; the connection state is there for a banner.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "services/client/coach_client.h"

namespace runform::services {

/// A result that arrives later. Polled from the render loop: ready() never blocks.
template <class T>
class Pending {
 public:
  Pending() = default;
  explicit Pending(std::shared_future<T> future) : future_(std::move(future)) {}
  /// True when something was asked for.
  [[nodiscard]] bool started() const { return future_.valid(); }
  /// True when the answer (or its error) is in.
  [[nodiscard]] bool ready() const {
    return future_.valid() && future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }
  /// The value; call only when ready(). Throws the call's CoachError.
  [[nodiscard]] const T& value() const { return future_.get(); }
  /// The error message when ready() and failed; empty otherwise.
  [[nodiscard]] std::string error() const {
    if (!ready()) return {};
    try {
      (void)future_.get();
      return {};
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  /// True when ready() and succeeded.
  [[nodiscard]] bool ok() const { return ready() && error().empty(); }

 private:
  std::shared_future<T> future_;
};

/// How the hub connection is, for the banner.
struct ConnectionState {
  bool connected = true;       ///< false after a call or the live stream found the hub unreachable
  bool signed_out = false;     ///< the hub refused the token (expired or revoked): sign in again
  std::string message;         ///< the last failure, in the hub's words
  std::uint64_t failures = 0;  ///< unreachable results so far
};

/// Live updates waiting for the render loop, and the watcher's own state.
struct CoachLiveBatch {
  std::vector<CoachLiveUpdate> updates;
  bool watching = false;  ///< the stream is open now
};

class CoachWorker {
 public:
  /// Calls run on `threads` threads. The client is made from `endpoint` (may throw
  /// std::invalid_argument for an endpoint that cannot be reached as given).
  explicit CoachWorker(CoachEndpoint endpoint, int threads = 2);
  ~CoachWorker();
  CoachWorker(const CoachWorker&) = delete;
  CoachWorker& operator=(const CoachWorker&) = delete;

  /// Set to drop calls that have not started yet (a panel that moved on to other data).
  using CancelToken = std::shared_ptr<std::atomic<bool>>;

  /// Runs `call` on a worker thread with the current client. A call whose `cancel` token is set
  /// before it starts is not made: its Pending fails with CoachError kCancelled.
  template <class F>
  auto submit(F call, CancelToken cancel = nullptr) -> Pending<std::invoke_result_t<F, CoachClient&>> {
    using T = std::invoke_result_t<F, CoachClient&>;
    auto task = std::make_shared<std::packaged_task<T()>>([this, call = std::move(call), cancel]() -> T {
      if (cancel && cancel->load()) throw CoachError(CoachError::Kind::kCancelled, "no longer needed");
      std::shared_ptr<CoachClient> client = current_client();
      try {
        if constexpr (std::is_void_v<T>) {
          call(*client);
          note_success();
        } else {
          T result = call(*client);
          note_success();
          return result;
        }
      } catch (const CoachError& e) {
        note_failure(e);
        throw;
      }
    });
    Pending<T> pending(task->get_future().share());
    enqueue([task] { (*task)(); });
    return pending;
  }

  /// Replaces the token (after sign-in or a refresh): later calls use it, and the live stream
  /// reconnects with it at once (without waiting out its retry delay).
  void set_token(const std::string& token);
  /// The endpoint in use (with its token).
  [[nodiscard]] CoachEndpoint endpoint() const;
  /// The connection as last seen.
  [[nodiscard]] ConnectionState state() const;

  /// Starts watching every station live (idempotent); reconnects after `retry_s` when it fails.
  void start_live(double retry_s = 1.0);
  /// Stops watching.
  void stop_live();
  /// Takes the updates that arrived since the last call.
  CoachLiveBatch take_live();

 private:
  std::shared_ptr<CoachClient> current_client() const;
  void enqueue(std::function<void()> job);
  void note_success();
  void note_failure(const CoachError& e);
  void run_jobs();
  void run_live(double retry_s);
  bool token_replaced_since(std::uint64_t generation);

  mutable std::mutex mutex_;
  CoachEndpoint endpoint_;
  std::shared_ptr<CoachClient> client_;
  ConnectionState state_;
  std::deque<std::function<void()>> jobs_;
  std::condition_variable jobs_changed_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;

  std::mutex live_mutex_;
  std::condition_variable live_wake_;
  std::vector<CoachLiveUpdate> live_updates_;
  bool live_watching_ = false;
  std::uint64_t live_token_generation_ = 0;  ///< bumped by set_token: a retry wait ends early
  std::atomic<bool> live_stop_{false};
  std::shared_ptr<CoachClient> live_client_;
  std::thread live_thread_;
};

}  // namespace runform::services
