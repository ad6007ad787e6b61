// The real runform-hub binary as a child process, for tests that kill it (SIGKILL) and restart it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tools/loadgen/child_process.h"

namespace runform::testing {

class HubProcess {
 public:
  /// Starts runform-hub on 127.0.0.1:port (0: any free port) with the given store and a 20 ms
  /// commit interval; returns once it listens. Throws std::runtime_error if it cannot start.
  /// Plaintext on loopback, or TLS with hub.crt and hub.key from tls_dir (make-club-certs.sh).
  HubProcess(const std::string& store_spec, int port, const std::filesystem::path& work_dir,
             const std::filesystem::path& tls_dir = {});

  [[nodiscard]] int port() const { return process_->port(); }
  /// SIGKILL and reap: no chance to flush or say goodbye.
  void kill_hard() { process_->kill_hard(); }
  /// SIGTERM and reap: the graceful path. Returns the exit code.
  int terminate() { return process_->terminate(); }

 private:
  std::unique_ptr<loadgen::ChildProcess> process_;
};

}  // namespace runform::testing
