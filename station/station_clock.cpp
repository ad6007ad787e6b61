#include <chrono>

#include "station/station.h"

namespace runform::station {

std::int64_t system_now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace runform::station
