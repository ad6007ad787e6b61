#include "services/store/pg_live_connection.h"

#include <algorithm>

namespace runform::services::pg {

LiveConnection::LiveConnection(std::string uri, ReconnectBackoff backoff, Clock now)
    : uri_(std::move(uri)), backoff_(backoff), now_(std::move(now)) {}

Connection& LiveConnection::get() {
  if (connection_ != nullptr && (connection_->in_transaction() || connection_->healthy())) return *connection_;
  connection_.reset();  // lost with its server: what it held (locks, LISTENs) went with it
  const auto now = now_();
  if (delay_.count() > 0 && now < next_try_) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_try_ - now);
    throw StoreError(last_error_ + " (retrying in " + std::to_string(wait.count()) + " ms)");
  }
  try {
    connection_ = std::make_unique<Connection>(uri_);
  } catch (const StoreError& e) {
    delay_ = delay_.count() == 0 ? backoff_.initial : std::min(delay_ * 2, backoff_.max);
    next_try_ = now + delay_;
    last_error_ = e.what();
    while (!last_error_.empty() && (last_error_.back() == '\n' || last_error_.back() == ' ')) last_error_.pop_back();
    throw;
  }
  delay_ = std::chrono::milliseconds{0};
  ++connects_;
  return *connection_;
}

}  // namespace runform::services::pg
