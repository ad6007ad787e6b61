#include "services/hub/open_file_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace runform::services {

OpenFileLimit raise_open_file_limit(std::uint64_t max_wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  const OpenFileLimit unchanged{limit.rlim_cur, limit.rlim_cur};
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, max_wanted);
  if (wanted <= limit.rlim_cur) return unchanged;
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return unchanged;
  return {unchanged.before, wanted};
}

}  // namespace runform::services
