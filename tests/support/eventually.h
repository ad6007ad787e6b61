// Waiting on another thread's or process's progress in a test: polls a condition until it holds
// or a generous bound passes. For outcomes that can only be observed (a hub's commits, a
// station's threads), never for a fixed time.
#pragma once

#include <chrono>
#include <thread>

namespace runform::testing {

template <typename Condition>
bool eventually(Condition condition, std::chrono::seconds bound = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace runform::testing
