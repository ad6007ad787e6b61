// The hub's open-file limit. Every connection costs a file descriptor, and once accept() fails
// for want of one, gRPC 1.51 stops accepting on that port for good (the process lives on, so
// systemd never restarts it). The hub therefore lifts its soft limit to the hard limit at start;
// the systemd unit sets a high hard limit (LimitNOFILE in deploy/runform-hub.service).
#pragma once

#include <cstdint>

namespace runform::services {

/// The soft open-file limit before and after raising it.
struct OpenFileLimit {
  std::uint64_t before = 0;
  std::uint64_t after = 0;
};

/// Raises the soft RLIMIT_NOFILE to the hard limit (capped at max_wanted). Never lowers it.
OpenFileLimit raise_open_file_limit(std::uint64_t max_wanted = 1'048'576);

}  // namespace runform::services
