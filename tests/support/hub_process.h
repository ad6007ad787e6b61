// The real runform-hub binary as a child process, for tests that kill it (SIGKILL) and restart it.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace runform::testing {

class HubProcess {
 public:
  /// Starts runform-hub on 127.0.0.1:port (0: any free port) with the given store; waits until
  /// it listens. Throws std::runtime_error if it exits or does not listen within 20 s.
  HubProcess(const std::string& store_spec, int port, const std::filesystem::path& work_dir);
  /// Kills the process if it is still running.
  ~HubProcess();
  HubProcess(const HubProcess&) = delete;
  HubProcess& operator=(const HubProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  /// SIGKILL and reap: no chance to flush or say goodbye.
  void kill_hard();
  /// SIGTERM and reap: the graceful path. Returns the exit status.
  int terminate();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace runform::testing
