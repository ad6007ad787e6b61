#include "services/client/coach_worker.h"

namespace runform::services {
namespace {

// Live updates kept for a render loop that has not taken them (a minimised window): older ones
// are dropped first, the watcher's own count of drops still tells the wall.
constexpr std::size_t kMaxQueuedLiveUpdates = 512;

}  // namespace

CoachWorker::CoachWorker(CoachEndpoint endpoint, int threads)
    : endpoint_(std::move(endpoint)), client_(std::make_shared<CoachClient>(endpoint_)) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { run_jobs(); });
}

CoachWorker::~CoachWorker() {
  stop_live();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  jobs_changed_.notify_all();
  for (std::thread& t : threads_) t.join();
}

std::shared_ptr<CoachClient> CoachWorker::current_client() const {
  std::lock_guard lock(mutex_);
  return client_;
}

void CoachWorker::enqueue(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  jobs_changed_.notify_one();
}

void CoachWorker::run_jobs() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      jobs_changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      // Calls still queued at shutdown are dropped (nobody waits for them): closing the
      // dashboard must not wait for a dead hub's deadlines one call after another.
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

void CoachWorker::note_success() {
  std::lock_guard lock(mutex_);
  state_.connected = true;
  state_.signed_out = false;
}

void CoachWorker::note_failure(const CoachError& e) {
  std::lock_guard lock(mutex_);
  if (e.kind() == CoachError::Kind::kUnavailable) {
    state_.connected = false;
    ++state_.failures;
    state_.message = e.what();
  } else if (e.kind() == CoachError::Kind::kUnauthenticated) {
    state_.signed_out = true;
    state_.message = e.what();
  }
}

void CoachWorker::set_token(const std::string& token) {
  {
    std::lock_guard lock(mutex_);
    endpoint_.token = token;
    client_ = std::make_shared<CoachClient>(endpoint_);
    state_.signed_out = false;
  }
  // The live stream reconnects with the new token at once: a watch open with the old token is
  // cancelled, and a watcher waiting to retry (its last try was refused without a token) stops
  // waiting. Frames streamed in the meantime would never reach the wall.
  {
    std::lock_guard lock(live_mutex_);
    ++live_token_generation_;
    if (live_client_) live_client_->cancel_watch();
  }
  live_wake_.notify_all();
}

CoachEndpoint CoachWorker::endpoint() const {
  std::lock_guard lock(mutex_);
  return endpoint_;
}

ConnectionState CoachWorker::state() const {
  std::lock_guard lock(mutex_);
  ConnectionState state = state_;
  // An idle hub answers nothing, so a reconnection shows in the channel before any call.
  if (!state.connected && client_->channel_ready()) state.connected = true;
  return state;
}

void CoachWorker::start_live(double retry_s) {
  if (live_thread_.joinable()) return;
  live_stop_ = false;
  live_thread_ = std::thread([this, retry_s] { run_live(retry_s); });
}

void CoachWorker::stop_live() {
  if (!live_thread_.joinable()) return;
  {
    std::lock_guard lock(live_mutex_);
    live_stop_ = true;
    if (live_client_) live_client_->cancel_watch();
  }
  live_wake_.notify_all();
  live_thread_.join();
}

CoachLiveBatch CoachWorker::take_live() {
  std::lock_guard lock(live_mutex_);
  CoachLiveBatch batch;
  batch.updates.swap(live_updates_);
  batch.watching = live_watching_;
  return batch;
}

bool CoachWorker::token_replaced_since(std::uint64_t generation) {
  std::lock_guard lock(live_mutex_);
  return live_token_generation_ != generation;
}

void CoachWorker::run_live(double retry_s) {
  while (!live_stop_) {
    std::uint64_t generation = 0;
    std::shared_ptr<CoachClient> client;
    {
      // Read under live_mutex_ so a set_token() after this either cancels this client's watch or
      // bumps the generation the retry wait below checks.
      std::lock_guard lock(live_mutex_);
      client = current_client();
      generation = live_token_generation_;
      live_client_ = client;
    }
    try {
      client->watch_live(
          [this](CoachLiveUpdate&& update) {
            note_success();
            std::lock_guard lock(live_mutex_);
            live_watching_ = true;
            if (live_updates_.size() >= kMaxQueuedLiveUpdates) live_updates_.erase(live_updates_.begin());
            live_updates_.push_back(std::move(update));
          },
          live_stop_);
    } catch (const CoachError& e) {
      // A refusal of a token already replaced says nothing about the new one (signed_out would
      // send a coach who just signed in back to the sign-in screen).
      if (e.kind() != CoachError::Kind::kCancelled && !token_replaced_since(generation)) note_failure(e);
    }
    std::unique_lock lock(live_mutex_);
    live_watching_ = false;
    live_client_.reset();
    // Wait before reconnecting (a stop or a new token wakes it early).
    live_wake_.wait_for(lock, std::chrono::duration<double>(retry_s),
                        [&] { return live_stop_.load() || live_token_generation_ != generation; });
  }
}

}  // namespace runform::services
