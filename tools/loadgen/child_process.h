// ChildProcess: a server binary started by the load generator or a test, found ready through
// the port file it writes, measured (peak memory) and stopped.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace runform::loadgen {

class ChildProcess {
 public:
  /// Starts program with args (stderr to log_path) and waits up to 20 s for it to write a port
  /// number to port_file. Throws std::runtime_error (naming the log) if it exits or never does.
  ChildProcess(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& port_file,
               const std::filesystem::path& log_path);
  /// Kills the process if it still runs.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  /// Peak resident memory so far (VmHWM), in KiB; 0 if unknown.
  [[nodiscard]] long peak_rss_kib() const;
  /// SIGKILL and reap.
  void kill_hard();
  /// SIGTERM and reap; the exit code (128 + signal if killed by one).
  int terminate();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace runform::loadgen
