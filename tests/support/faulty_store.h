// A SessionStore that passes every call to a real store, after hooks that let a test make a
// call fail (throw anything) or wait (block a commit until the test releases it).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "services/store/session_store.h"

namespace runform::testing {

/// Hooks run on the caller's thread before the real call; throwing from one fails the call.
/// Unset hooks do nothing. They are fixed at construction (no locking needed to read them).
struct StoreHooks {
  std::function<void(const std::vector<services::WriteOp>&)> before_write;
  std::function<void()> after_write;  ///< after the real write returned (the batch is durable)
  std::function<void(std::string_view session_id)> before_session;
};

class FaultyStore final : public services::SessionStore {
 public:
  FaultyStore(std::unique_ptr<services::SessionStore> real, StoreHooks hooks);

  [[nodiscard]] std::string_view backend() const override { return real_->backend(); }
  int schema_version() override { return real_->schema_version(); }
  void write(const std::vector<services::WriteOp>& ops) override;
  std::optional<services::StoredSession> session(std::string_view session_id) override;
  std::vector<services::StoredSession> list_sessions(const services::SessionFilter& filter,
                                                     const std::optional<services::SessionCursor>& after,
                                                     std::size_t limit) override {
    return real_->list_sessions(filter, after, limit);
  }
  std::vector<services::StoredSession> athlete_sessions(std::string_view athlete_id) override {
    return real_->athlete_sessions(athlete_id);
  }
  std::vector<services::AthleteRow> list_athletes(std::string_view after, std::size_t limit) override {
    return real_->list_athletes(after, limit);
  }
  std::vector<services::StoredFrame> read_frames(std::string_view session_id, std::uint64_t after_seq,
                                                 std::int64_t from_t_us, std::int64_t to_t_us,
                                                 std::size_t limit) override {
    return real_->read_frames(session_id, after_seq, from_t_us, to_t_us, limit);
  }
  std::uint64_t count_frames(std::string_view session_id) override { return real_->count_frames(session_id); }
  services::AnnotationRow add_annotation(services::AnnotationRow row) override {
    return real_->add_annotation(std::move(row));
  }
  std::vector<services::AnnotationRow> list_annotations(std::string_view session_id) override {
    return real_->list_annotations(session_id);
  }
  services::ErasureCounts erase_athlete(std::string_view athlete_id, std::string_view ref, std::int64_t at_ms) override {
    return real_->erase_athlete(athlete_id, ref, at_ms);
  }
  std::int64_t athlete_erased_unix_ms(std::string_view ref) override { return real_->athlete_erased_unix_ms(ref); }
  services::PurgeCounts purge_frames(std::int64_t before_ms, std::int64_t at_ms, std::size_t max_sessions) override {
    return real_->purge_frames(before_ms, at_ms, max_sessions);
  }
  std::string database_secret(std::string_view name, std::string_view candidate) override {
    return real_->database_secret(name, candidate);
  }
  [[nodiscard]] bool shared_by_hubs() const override { return real_->shared_by_hubs(); }
  bool acquire_ownership(std::string_view session_id) override { return real_->acquire_ownership(session_id); }
  void release_ownership(std::string_view session_id) override { real_->release_ownership(session_id); }

 private:
  std::unique_ptr<services::SessionStore> real_;
  StoreHooks hooks_;
};

/// True if any operation of the batch concerns the session.
bool touches(const std::vector<services::WriteOp>& ops, const std::string& session_id);

/// A one-shot gate a commit can be held at: the committer thread calls hold(), the test waits
/// for it to arrive, checks what it wants while the commit is stuck, then opens the gate.
class CommitGate {
 public:
  /// Blocks the caller until open(); wakes wait_until_held() first.
  void hold();
  /// Blocks until a caller is held at the gate.
  void wait_until_held();
  void open();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  bool open_ = false;
};

}  // namespace runform::testing
