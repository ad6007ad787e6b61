#include "support/hub_process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace runform::testing {

HubProcess::HubProcess(const std::string& store_spec, int port, const std::filesystem::path& work_dir) {
  const auto port_file = work_dir / "hub.port";
  std::filesystem::remove(port_file);
  const std::string log_file = (work_dir / "hub.log").string();
  std::vector<std::string> args = {RUNFORM_HUB_BIN,      "--address",   "127.0.0.1:" + std::to_string(port),
                                   "--store",            store_spec,    "--port-file",
                                   port_file.string(),   "--log-level", "warn",
                                   "--commit-interval-ms", "20"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int rc = posix_spawn(&pid_, RUNFORM_HUB_BIN, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + std::string(RUNFORM_HUB_BIN));
  // A child process gives no callback when it is ready: poll for its port file.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("runform-hub exited at start; see " + log_file);
    }
    std::ifstream in(port_file);
    if (in >> port_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill_hard();
  throw std::runtime_error("runform-hub did not start listening within 20 s; see " + log_file);
}

HubProcess::~HubProcess() { kill_hard(); }

void HubProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int HubProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace runform::testing
