// A moment as people read it in logs and listings: "2026-06-28 14:03:07 UTC".
#pragma once

#include <cstdint>
#include <string>

namespace runform::common {

/// The UTC date and time of a Unix time in milliseconds, to the second.
std::string utc_text(std::int64_t unix_ms);

}  // namespace runform::common
