// runform-hub: the hub service. Reads a TOML config (optional), applies flag overrides, logs
// JSON lines to stderr, and shuts down gracefully on SIGINT or SIGTERM. Exit codes follow
// common/cli_conventions.h: 0 after a clean stop, 2 for a usage or configuration error, 1 when
// the hub cannot run (store unreachable, address in use).
#include <signal.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/cli_conventions.h"
#include "services/hub/hub_admin.h"
#include "services/hub/hub_config.h"
#include "services/hub/hub_log.h"
#include "services/hub/open_file_limit.h"
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

constexpr const char* kProgram = "runform-hub";

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames()) names.push_back("--" + n);
  }
  return names;
}

// Parses the flags by the conventions every RunForm program follows; nullopt: go on.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  using namespace runform::common;
  if (argc >= 2 && (std::string(argv[1]) == "--version" || std::string(argv[1]) == "version")) {
    std::cout << kProgram << " " << RUNFORM_VERSION << "\n";
    return kExitOk;
  }
  if (argc >= 2 && std::string(argv[1]) == "help") {
    std::cout << app.help();
    return kExitOk;
  }
  app.allow_extras();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << kProgram << ": " << e.what() << "\nRun '" << kProgram << " --help' for its options.\n";
    return kExitBadInput;
  }
  if (const auto extras = app.remaining(); !extras.empty()) {
    const std::string& word = extras.front();
    std::cerr << kProgram << ": "
              << (word.starts_with("-") ? "unknown option " + word.substr(0, word.find('=')) + "." +
                                              did_you_mean(word.substr(0, word.find('=')), option_names(app))
                                        : "unexpected argument '" + word + "'." + did_you_mean(word, {"help", "version"}))
              << "\nRun '" << kProgram << " --help' for its options.\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

// A store that is neither form open_store() knows is a usage error, found before connecting.
bool known_store_form(const std::string& store) {
  return (store.starts_with("sqlite:") && store.size() > 7) || store.starts_with("postgresql://") ||
         store.starts_with("postgres://");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "admin") {
    return runform::services::run_hub_admin(argc - 1, argv + 1, std::cin, std::cout, std::cerr);
  }
  CLI::App app{"runform-hub: stores kiosk sessions and serves coaches (gRPC).\n"
               "'runform-hub admin --help': accounts, kiosk enrolment codes, revocation, the audit log.\n"
               "Exit codes: 0 clean stop, 2 usage or configuration error, 1 the hub could not run."};
  app.name(kProgram);
  std::string config_path;
  std::optional<std::string> address;
  std::optional<std::string> store;
  std::optional<std::string> log_level;
  std::optional<int> commit_interval_ms;
  std::string port_file;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
  bool insecure_loopback = false;
  app.add_option("-c,--config", config_path, "TOML config file")->check(CLI::ExistingFile);
  app.add_option("--address", address, "listen address host:port (port 0 picks one)");
  app.add_option("--store", store, "sqlite:PATH or a postgresql:// URI");
  app.add_option("--log-level", log_level, "trace, debug, info, warn or error");
  app.add_option("--commit-interval-ms", commit_interval_ms, "how long a commit batch gathers frames")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              std::size_t used = 0;
              const long v = std::stol(text, &used);
              if (used == text.size() && v >= 1 && v <= 10000) return {};
            } catch (const std::exception&) {
            }
            return "must be a whole number of milliseconds, 1–10000, got '" + text + "'";
          },
          "1–10000"));
  app.add_option("--port-file", port_file, "write the bound port here once listening");
  app.add_option("--tls-cert", tls_cert, "the hub's TLS certificate (PEM, from deploy/make-club-certs.sh)");
  app.add_option("--tls-key", tls_key, "the hub's TLS private key (PEM)");
  app.add_flag("--insecure-loopback", insecure_loopback,
               "serve plaintext instead of TLS; refused unless the address is loopback (tests, demos)");
  if (const auto code = parse_command_line(app, argc, argv)) return *code;

  HubConfig config;
  try {
    if (!config_path.empty()) config = runform::services::load_hub_config(config_path);
  } catch (const runform::services::ConfigError& e) {
    std::cerr << "runform-hub: " << e.what() << "\n";
    return runform::common::kExitBadInput;
  }
  if (address) config.hub.address = *address;
  if (store) config.hub.store = *store;
  if (log_level) config.log_level = *log_level;
  if (tls_cert) config.hub.tls.cert_file = *tls_cert;
  if (tls_key) config.hub.tls.key_file = *tls_key;
  config.hub.insecure_loopback = insecure_loopback;
  if (commit_interval_ms) config.hub.commit.interval = std::chrono::milliseconds(*commit_interval_ms);
  if (!runform::services::set_up_hub_logging(config.log_level)) {
    std::cerr << "runform-hub: --log-level must be one of trace, debug, info, warn, error\n";
    return runform::common::kExitBadInput;
  }
  if (!known_store_form(config.hub.store)) {
    std::cerr << "runform-hub: --store must be sqlite:PATH (e.g. sqlite:hub.db) or a postgresql:// URI, got '"
              << config.hub.store << "'\n";
    return runform::common::kExitBadInput;
  }

  // Signals are taken synchronously by the main thread; every other thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Before listening: an accept() that fails for want of a descriptor stops the port for good.
  const auto files = runform::services::raise_open_file_limit();
  std::unique_ptr<runform::services::HubServer> hub;
  try {
    hub = std::make_unique<runform::services::HubServer>(config.hub);
  } catch (const std::exception& e) {
    std::cerr << "runform-hub: " << e.what() << "\n";
    return runform::common::kExitRunFailure;
  }
  log_event(spdlog::level::info, "listening",
            {{"address", config.hub.address}, {"port", hub->port()},
             {"transport", config.hub.insecure_loopback ? "plaintext-loopback" : "tls"}, {"store", hub->store().backend()},
             {"schema_version", hub->store().schema_version()},
             {"commit_interval_ms", config.hub.commit.interval.count()},
             {"open_file_limit", files.after}, {"open_file_limit_at_start", files.before}});
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
  return runform::common::kExitOk;
}
