#include "services/hub/login_throttle.h"

#include <algorithm>

namespace runform::services {

std::optional<std::chrono::seconds> LoginThrottle::wait_for(std::unordered_map<std::string, Failures>& map,
                                                            const std::string& key, std::size_t allowed,
                                                            TimePoint now) {
  const auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  Failures& f = it->second;
  while (!f.empty() && f.front() + limits_.window <= now) f.pop_front();
  if (f.empty()) {
    map.erase(it);
    return std::nullopt;
  }
  if (f.size() < allowed) return std::nullopt;
  // Locked until the failure that completed the count leaves the window.
  const TimePoint free_at = f[f.size() - allowed] + limits_.window;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(free_at - now));
}

std::optional<std::chrono::seconds> LoginThrottle::wait_before_try(const std::string& user_name,
                                                                   const std::string& address, TimePoint now) {
  const std::lock_guard lock(mutex_);
  const auto by_name = wait_for(by_name_, user_name, limits_.failures_per_name, now);
  const auto by_address = wait_for(by_address_, address, limits_.failures_per_address, now);
  if (by_name && by_address) return std::max(*by_name, *by_address);
  return by_name ? by_name : by_address;
}

void LoginThrottle::add(std::unordered_map<std::string, Failures>& map, const std::string& key, std::size_t allowed,
                        TimePoint now) {
  if (!map.contains(key) && by_name_.size() + by_address_.size() >= limits_.max_tracked) {
    // Forget the entry whose newest failure is oldest: it is the least likely to be locked.
    auto oldest = map.begin();
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->second.back() < oldest->second.back()) oldest = it;
    }
    if (oldest != map.end()) map.erase(oldest);
  }
  Failures& f = map[key];
  f.push_back(now);
  while (f.size() > allowed) f.pop_front();  // only the newest `allowed` matter
}

void LoginThrottle::record_failure(const std::string& user_name, const std::string& address, TimePoint now) {
  const std::lock_guard lock(mutex_);
  add(by_name_, user_name, limits_.failures_per_name, now);
  add(by_address_, address, limits_.failures_per_address, now);
}

void LoginThrottle::record_success(const std::string& user_name) {
  const std::lock_guard lock(mutex_);
  by_name_.erase(user_name);
}

}  // namespace runform::services
