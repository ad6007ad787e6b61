#include "services/hub/group_committer.h"

#include "services/hub/hub_log.h"

namespace runform::services {

namespace {

std::size_t frames_in(const WriteOp& op) {
  if (const auto* append = std::get_if<AppendOp>(&op)) return append->frames.size();
  return 1;  // opens and closes count as one unit so they also trigger commits
}

}  // namespace

GroupCommitter::GroupCommitter(SessionStore& store, CommitterOptions options)
    : store_(store), options_(options), thread_([this] { run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool GroupCommitter::submit(WriteOp op, CommitCallback done) {
  const std::size_t frames = frames_in(op);
  bool below_limit = false;
  bool wake = false;
  {
    const std::lock_guard lock(mutex_);
    // The committer only needs waking when its wait changes: a first op starts the interval,
    // a full batch ends it. Other submits (most of them, under load) just join the batch.
    wake = queue_.empty();
    queue_.push_back({std::move(op), std::move(done), frames, std::chrono::steady_clock::now()});
    queued_frames_ += frames;
    below_limit = queued_frames_ < options_.max_pending_frames;
    wake = wake || queued_frames_ >= options_.max_batch_frames;
  }
  if (wake) wake_.notify_all();
  return below_limit;
}

void GroupCommitter::when_space(std::function<void()> fn) {
  {
    const std::lock_guard lock(mutex_);
    if (queued_frames_ >= options_.max_pending_frames) {
      space_waiters_.push_back(std::move(fn));
      return;
    }
  }
  fn();
}

void GroupCommitter::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = ++flush_requested_;
  wake_.notify_all();
  flushed_.wait(lock, [&] { return flush_done_ >= ticket; });
}

CommitterStats GroupCommitter::stats() const {
  const std::lock_guard lock(mutex_);
  CommitterStats s = stats_;
  s.pending_frames = queued_frames_;
  return s;
}

void GroupCommitter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    // Wait for a reason to commit: the batch is old enough, big enough, a flush, or shutdown.
    while (true) {
      const bool flush_wanted = flush_requested_ > flush_done_;
      if (stopping_ || flush_wanted || queued_frames_ >= options_.max_batch_frames) break;
      if (queue_.empty()) {
        wake_.wait(lock);
        continue;
      }
      const auto due = queue_.front().queued_at + options_.interval;
      if (std::chrono::steady_clock::now() >= due) break;
      wake_.wait_until(lock, due);
    }
    const std::uint64_t flush_target = flush_requested_;
    std::vector<Pending> batch;
    std::size_t batch_frames = 0;
    // One batch stays within max_batch_frames (plus one op) so a commit never grows unbounded.
    while (!queue_.empty() && (batch.empty() || batch_frames < options_.max_batch_frames)) {
      batch_frames += queue_.front().frames;
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    queued_frames_ -= batch_frames;
    std::vector<std::function<void()>> waiters;
    if (queued_frames_ < options_.max_pending_frames) waiters.swap(space_waiters_);
    lock.unlock();

    if (!batch.empty()) commit(batch);
    for (auto& fn : waiters) run_guarded("space_waiter", fn);

    lock.lock();
    if (queue_.empty()) {
      flush_done_ = flush_target;
      flushed_.notify_all();
      if (stopping_) return;
    }
  }
}

void GroupCommitter::commit(std::vector<Pending>& batch) {
  std::vector<WriteOp> ops;
  ops.reserve(batch.size());
  std::uint64_t appended = 0;
  for (auto& p : batch) {
    if (const auto* append = std::get_if<AppendOp>(&p.op)) appended += append->frames.size();
    ops.push_back(std::move(p.op));
  }
  // This thread is the edge for the store's errors: each is caught here once and handed to
  // every operation of the batch, and the thread goes on serving the other streams.
  std::optional<CommitFailure> error;
  const auto start = std::chrono::steady_clock::now();
  try {
    store_.write(ops);
  } catch (const StoreError& e) {
    error = CommitFailure{false, e.what()};
  } catch (const std::exception& e) {
    error = CommitFailure{true, e.what()};
  } catch (...) {
    error = CommitFailure{true, "unknown exception from the store"};
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  {
    const std::lock_guard lock(mutex_);
    ++stats_.batches;
    if (error) {
      ++stats_.failures;
      if (error->unexpected) ++stats_.unexpected_failures;
    } else {
      stats_.frames += appended;
    }
    stats_.last_commit_ms = ms;
    stats_.max_commit_ms = std::max(stats_.max_commit_ms, ms);
  }
  for (auto& p : batch) run_guarded("commit_callback", [&] { p.done(error); });
}

void GroupCommitter::run_guarded(const char* what, const std::function<void()>& fn) {
  // A callback belongs to one stream; if it throws, that stream is the one to suffer, not the
  // committer thread (whose death would end the hub) nor the other callbacks of the batch.
  std::string message;
  try {
    fn();
    return;
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown exception";
  }
  {
    const std::lock_guard lock(mutex_);
    ++stats_.callback_failures;
  }
  log_event(spdlog::level::err, "committer_callback_failed", {{"in", what}, {"error", message}});
}

}  // namespace runform::services
