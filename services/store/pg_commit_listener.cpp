#include "services/store/pg_commit_listener.h"

#include <poll.h>

#include <charconv>
#include <thread>

#include "services/store/pg_db.h"

namespace runform::services::pg {

namespace {

/// Splits off the text up to the next space.
std::string_view next_token(std::string_view& rest) {
  const auto space = rest.find(' ');
  const std::string_view token = rest.substr(0, space);
  rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  return token;
}

bool parse_u64(std::string_view text, std::uint64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

class PgCommitListener final : public CommitListener {
 public:
  PgCommitListener(std::string uri, std::string own_origin) : uri_(std::move(uri)), origin_(std::move(own_origin)) {
    connect();
  }

  std::vector<CommitNotice> wait(std::chrono::milliseconds timeout, bool& reconnected) override {
    reconnected = false;
    if (connection_ == nullptr) {
      try {
        connect();
        reconnected = true;
      } catch (const StoreError&) {
        std::this_thread::sleep_for(timeout);  // the database is still away; try again next wait
        return {};
      }
    }
    pollfd socket{connection_->socket(), POLLIN, 0};
    const int ready = ::poll(&socket, 1, static_cast<int>(timeout.count()));
    if (ready != 0 && !connection_->consume_input()) {
      connection_.reset();  // lost: the next wait reconnects and reports it
      return {};
    }
    std::vector<CommitNotice> notices;
    while (const auto payload = connection_->next_notification()) {
      if (auto notice = decode_commit_notice(*payload, origin_)) notices.push_back(std::move(*notice));
    }
    return notices;
  }

 private:
  void connect() {
    auto connection = std::make_unique<Connection>(uri_);
    connection->exec("LISTEN " + std::string(kCommitChannel));
    connection_ = std::move(connection);
  }

  const std::string uri_;
  const std::string origin_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace

std::string encode_commit_notice(std::string_view origin, std::string_view session_id, std::uint64_t first_seq,
                                 std::uint64_t last_seq, bool closed) {
  return std::string(origin) + ' ' + std::to_string(first_seq) + ' ' + std::to_string(last_seq) + ' ' +
         (closed ? '1' : '0') + ' ' + std::string(session_id);
}

std::optional<CommitNotice> decode_commit_notice(std::string_view payload, std::string_view own_origin) {
  CommitNotice notice;
  const std::string_view origin = next_token(payload);
  const std::string_view first = next_token(payload);
  const std::string_view last = next_token(payload);
  const std::string_view closed = next_token(payload);
  if (origin.empty() || payload.empty() || !parse_u64(first, notice.first_seq) || !parse_u64(last, notice.last_seq) ||
      (closed != "0" && closed != "1")) {
    return std::nullopt;
  }
  notice.closed = closed == "1";
  notice.session_id = std::string(payload);
  notice.from_this_store = origin == own_origin;
  return notice;
}

std::unique_ptr<CommitListener> open_commit_listener(const std::string& uri, const std::string& own_origin) {
  return std::make_unique<PgCommitListener>(uri, own_origin);
}

}  // namespace runform::services::pg
