// The documented limit of every string, bytes and repeated field of the wire contract
// (protos/runform/v1), in one table, and a check that enforces it on any message. Without them a
// 4 MiB software_version or a frame with a million metric samples was stored and served back
// (issue 11). A field without a row is refused outright, and a test walks the descriptors so a
// field added to a .proto without a row here fails the build's tests.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace runform::services {

/// One field's bound: bytes for a string or bytes field, elements for a repeated field, and for a
/// repeated string both (each element at most max_bytes).
struct WireLimit {
  std::string_view field;       ///< full name, e.g. "runform.v1.SessionStart.software_version"
  std::size_t max_bytes = 0;    ///< strings and bytes (each element, if repeated)
  std::size_t max_count = 0;    ///< repeated fields
  std::string_view why;         ///< where the number comes from
};

/// Every row of the table.
std::span<const WireLimit> wire_limits();
/// The row for a field's full name, if the table has one.
std::optional<WireLimit> wire_limit(std::string_view full_field_name);

/// OK, or INVALID_ARGUMENT naming the first field (with its path) over its limit, or a string or
/// repeated field the table does not know. Walks nested messages.
grpc::Status check_wire_limits(const google::protobuf::Message& message);

/// Largest response the hub builds for one list call: pages end early when the next row would
/// pass it, so a page always fits a default client's 4 MiB receive limit with room to spare.
inline constexpr std::size_t kMaxResponseBytes = 1 << 20;

}  // namespace runform::services
