// TcpProxy: a loopback TCP forwarder a test can cut, like a pulled network cable: cut() resets
// every connection through it, and while blocked new connections are refused at once.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace runform::testing {

class TcpProxy {
 public:
  /// Listens on 127.0.0.1 (any free port) and forwards to 127.0.0.1:target_port.
  explicit TcpProxy(int target_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  [[nodiscard]] int port() const { return port_; }
  /// Resets every open connection; with block, refuses new ones until restore().
  void cut(bool block);
  void restore();
  /// Connections accepted so far.
  [[nodiscard]] int connections() const { return connections_.load(); }

 private:
  void accept_loop();
  void pump(int client_fd, int server_fd);

  int target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> blocked_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<int> open_fds_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

}  // namespace runform::testing
