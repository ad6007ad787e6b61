#include "support/faulty_store.h"

namespace runform::testing {

FaultyStore::FaultyStore(std::unique_ptr<services::SessionStore> real, StoreHooks hooks)
    : real_(std::move(real)), hooks_(std::move(hooks)) {}

void FaultyStore::write(const std::vector<services::WriteOp>& ops) {
  if (hooks_.before_write) hooks_.before_write(ops);
  real_->write(ops);
  if (hooks_.after_write) hooks_.after_write();
}

std::optional<services::StoredSession> FaultyStore::session(std::string_view session_id) {
  if (hooks_.before_session) hooks_.before_session(session_id);
  return real_->session(session_id);
}

bool touches(const std::vector<services::WriteOp>& ops, const std::string& session_id) {
  for (const auto& op : ops) {
    const std::string& id = std::visit(
        [](const auto& o) -> const std::string& {
          if constexpr (std::is_same_v<std::decay_t<decltype(o)>, services::OpenOp>) {
            return o.session.session_id;
          } else {
            return o.session_id;
          }
        },
        op);
    if (id == session_id) return true;
  }
  return false;
}

void CommitGate::hold() {
  std::unique_lock lock(mutex_);
  held_ = true;
  changed_.notify_all();
  changed_.wait(lock, [this] { return open_; });
}

void CommitGate::wait_until_held() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return held_; });
}

void CommitGate::open() {
  const std::lock_guard lock(mutex_);
  open_ = true;
  changed_.notify_all();
}

}  // namespace runform::testing
