// LoginThrottle: failed logins slow an attacker down, per user name (guessing one password) and
// per peer address (trying many names). Time is passed in, so tests need no sleeps. Memory is
// bounded: the oldest tracked names and addresses are forgotten first.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace runform::services {

/// How many failures within the window lock a name or an address until the oldest leaves it.
struct ThrottleLimits {
  /// OWASP's authentication cheat sheet suggests a handful of tries per account before a delay.
  std::size_t failures_per_name = 5;
  /// A club's front desk may share one address (NAT) among a few people mistyping.
  std::size_t failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
  std::size_t max_tracked = 10'000;  ///< names plus addresses remembered at once
};

class LoginThrottle {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  explicit LoginThrottle(ThrottleLimits limits) : limits_(limits) {}

  /// How long until this name and address may try again; nullopt if they may now.
  std::optional<std::chrono::seconds> wait_before_try(const std::string& user_name, const std::string& address,
                                                      TimePoint now);
  void record_failure(const std::string& user_name, const std::string& address, TimePoint now);
  /// A successful login clears the name's failures (not the address's).
  void record_success(const std::string& user_name);

 private:
  using Failures = std::deque<TimePoint>;
  std::optional<std::chrono::seconds> wait_for(std::unordered_map<std::string, Failures>& map, const std::string& key,
                                               std::size_t allowed, TimePoint now);
  void add(std::unordered_map<std::string, Failures>& map, const std::string& key, std::size_t allowed,
           TimePoint now);

  const ThrottleLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> by_name_;
  std::unordered_map<std::string, Failures> by_address_;
};

}  // namespace runform::services
