// runform-hub: the hub service. Reads a TOML config (optional), applies flag overrides, logs
// JSON lines to stderr, and shuts down gracefully on SIGINT or SIGTERM.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "services/hub/hub_config.h"
#include "services/hub/hub_log.h"
#include "services/store/session_store.h"

namespace {

using runform::services::HubConfig;
using runform::services::log_event;

nlohmann::json stats_fields(const runform::services::HubStats& s) {
  return {{"frames_committed", s.commits.frames}, {"batches", s.commits.batches},
          {"commit_failures", s.commits.failures}, {"pending_frames", s.commits.pending_frames},
          {"last_commit_ms", s.commits.last_commit_ms}, {"max_commit_ms", s.commits.max_commit_ms},
          {"ingest_streams", s.ingest_streams}, {"watchers", s.watchers}, {"active_sessions", s.active_sessions},
          {"club_frames_forwarded", s.club_frames_forwarded}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"runform-hub: stores kiosk sessions and serves coaches (gRPC)"};
  std::string config_path;
  std::optional<std::string> address;
  std::optional<std::string> store;
  std::optional<std::string> log_level;
  std::optional<int> commit_interval_ms;
  std::string port_file;
  app.add_option("-c,--config", config_path, "TOML config file")->check(CLI::ExistingFile);
  app.add_option("--address", address, "listen address host:port (port 0 picks one)");
  app.add_option("--store", store, "sqlite:PATH or a postgresql:// URI");
  app.add_option("--log-level", log_level, "trace, debug, info, warn or error");
  app.add_option("--commit-interval-ms", commit_interval_ms, "how long a commit batch gathers frames");
  app.add_option("--port-file", port_file, "write the bound port here once listening");
  CLI11_PARSE(app, argc, argv);

  HubConfig config;
  try {
    if (!config_path.empty()) config = runform::services::load_hub_config(config_path);
  } catch (const runform::services::ConfigError& e) {
    std::cerr << "runform-hub: " << e.what() << "\n";
    return 2;
  }
  if (address) config.hub.address = *address;
  if (store) config.hub.store = *store;
  if (log_level) config.log_level = *log_level;
  if (commit_interval_ms) config.hub.commit.interval = std::chrono::milliseconds(*commit_interval_ms);
  if (!runform::services::set_up_hub_logging(config.log_level)) {
    std::cerr << "runform-hub: --log-level must be one of trace, debug, info, warn, error\n";
    return 2;
  }

  // Signals are taken synchronously by the main thread; every other thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<runform::services::HubServer> hub;
  try {
    hub = std::make_unique<runform::services::HubServer>(config.hub);
  } catch (const std::exception& e) {
    std::cerr << "runform-hub: " << e.what() << "\n";
    return 1;
  }
  log_event(spdlog::level::info, "listening",
            {{"address", config.hub.address}, {"port", hub->port()}, {"store", hub->store().backend()},
             {"schema_version", hub->store().schema_version()},
             {"commit_interval_ms", config.hub.commit.interval.count()}});
  if (!port_file.empty()) {
    // Written to a temporary name and renamed, so a reader never sees half a number.
    const std::string temp = port_file + ".tmp";
    std::ofstream(temp) << hub->port() << "\n";
    std::rename(temp.c_str(), port_file.c_str());
  }

  auto next_stats = std::chrono::steady_clock::now() + std::chrono::seconds(config.stats_interval_s);
  while (true) {
    const timespec tick{1, 0};
    const int signal_number = sigtimedwait(&signals, nullptr, &tick);
    if (signal_number == SIGINT || signal_number == SIGTERM) {
      log_event(spdlog::level::info, "shutting_down", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
      break;
    }
    if (config.stats_interval_s > 0 && std::chrono::steady_clock::now() >= next_stats) {
      log_event(spdlog::level::info, "stats", stats_fields(hub->stats()));
      next_stats += std::chrono::seconds(config.stats_interval_s);
    }
  }
  hub->shutdown();
  log_event(spdlog::level::info, "stopped", stats_fields(hub->stats()));
  return 0;
}
