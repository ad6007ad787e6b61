// PostgreSQL's LISTEN/NOTIFY as a CommitListener: every hub's store announces its commits on one
// channel; each hub listens on its own connection and reconnects when it is lost.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "services/store/session_store.h"

namespace runform::services::pg {

/// The channel every hub of a club notifies its commits on.
inline constexpr std::string_view kCommitChannel = "runform_commits";

/// The notification payload: "<origin> <first_seq> <last_seq> <closed 0|1> <session_id>".
/// origin names the store object that committed, so a hub knows its own commits.
std::string encode_commit_notice(std::string_view origin, std::string_view session_id, std::uint64_t first_seq,
                                 std::uint64_t last_seq, bool closed);
/// The notice in a payload, or nothing if it is not one of ours.
std::optional<CommitNotice> decode_commit_notice(std::string_view payload, std::string_view own_origin);

/// Listens on kCommitChannel. Throws StoreError if the first connection fails.
std::unique_ptr<CommitListener> open_commit_listener(const std::string& uri, const std::string& own_origin);

}  // namespace runform::services::pg
