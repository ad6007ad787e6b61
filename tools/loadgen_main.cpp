// runform-loadgen: simulated kiosks streaming simulated sessions into a hub, plus live
// watchers. By default it starts its own hub (and a storage-free sink to compare against),
// runs three phases and prints a report:
//   sink  — flat out against a plain gRPC stream with no storage;
//   flat  — flat out against the hub: durable ingest throughput and ack latency;
//   live  — kiosks at camera rate with watchers: fan-out latency, ack latency, drops.
// With --hubs 2 (a PostgreSQL store) it starts two hubs of one club on that store and spreads
// kiosks and watchers over both: the live phase then also measures cross-hub fan-out.
// Exit codes (common/cli_conventions.h): 0 with a report, 2 for a usage error, 1 when a phase
// could not move frames (no hub at --target, a hub that failed) or the hub did not start.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "common/cli_conventions.h"
#include "sim/track_simulator.h"
#include "tools/cli_support.h"
#include "services/client/session_recording.h"
#include "services/hub/auth_gate.h"
#include "services/hub/auth_secrets.h"
#include "services/store/access_store.h"
#include "runform/v1/access.pb.h"
#include "tools/loadgen/child_process.h"
#include "tools/loadgen/load_phases.h"
#include "tools/loadgen/sink_server.h"

namespace {

using runform::loadgen::ChildProcess;
using runform::loadgen::PhaseResult;
using runform::loadgen::PhaseSettings;

runform::services::RecordedSession template_session() {
  runform::sim::SimulationSpec spec;
  spec.runner.duration_s = 40.0;
  const auto sim = runform::sim::simulate(spec);
  const auto catalog = runform::form::load_coaching_catalog(RUNFORM_ASSETS_DIR);
  runform::services::SessionIdentity identity{"template", "loadgen", "loadgen", "athlete-loadgen", "Load Generator",
                                              1'780'000'000'000};
  return runform::services::record_session(sim.header, sim.frames, {}, catalog, identity);
}

std::string self_path() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

nlohmann::json to_json(const PhaseResult& r, bool several_hubs) {
  nlohmann::json j = {{"frames_per_s", r.frames_per_s}, {"frames", r.frames},          {"ack_p50_ms", r.ack_p50_ms},
          {"ack_p99_ms", r.ack_p99_ms},     {"fanout_p50_ms", r.fanout_p50_ms}, {"fanout_p99_ms", r.fanout_p99_ms},
          {"watcher_frames", r.watcher_frames}, {"watcher_dropped", r.watcher_dropped}};
  if (several_hubs) {
    j.update({{"durable_p50_ms", r.durable_p50_ms},
              {"durable_p99_ms", r.durable_p99_ms},
              {"cross_fanout_p50_ms", r.cross_fanout_p50_ms},
              {"cross_fanout_p99_ms", r.cross_fanout_p99_ms},
              {"cross_after_ack_p50_ms", r.cross_after_ack_p50_ms},
              {"cross_after_ack_p99_ms", r.cross_after_ack_p99_ms},
              {"cross_watcher_frames", r.cross_watcher_frames}});
  }
  return j;
}

void print_phase(const char* name, const PhaseResult& r) {
  std::printf("  %-6s %10.0f frames/s   ack p50 %7.1f ms  p99 %7.1f ms", name, r.frames_per_s, r.ack_p50_ms,
              r.ack_p99_ms);
  if (r.watcher_frames > 0 || r.fanout_p99_ms > 0) {
    std::printf("   fan-out p50 %6.1f ms  p99 %6.1f ms  (%llu frames to watchers, %llu dropped)", r.fanout_p50_ms,
                r.fanout_p99_ms, static_cast<unsigned long long>(r.watcher_frames),
                static_cast<unsigned long long>(r.watcher_dropped));
  }
  std::printf("\n");
  if (r.cross_watcher_frames > 0) {
    std::printf("         cross-hub fan-out p50 %6.1f ms  p99 %6.1f ms  (%llu frames through the other hub); "
                "frame → durable ack p50 %6.1f ms  p99 %6.1f ms; cross-hub arrives after the ack by p50 %6.1f ms  "
                "p99 %6.1f ms\n",
                r.cross_fanout_p50_ms, r.cross_fanout_p99_ms, static_cast<unsigned long long>(r.cross_watcher_frames),
                r.durable_p50_ms, r.durable_p99_ms, r.cross_after_ack_p50_ms, r.cross_after_ack_p99_ms);
  }
}

constexpr const char* kProgram = "runform-loadgen";
const std::vector<std::string> kPhases{"sink", "flat", "live"};

// "sink,flat" → the phases; an unknown name is a usage error naming it and the choices.
std::vector<std::string> parse_phases(const std::string& text) {
  std::vector<std::string> phases;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (std::find(kPhases.begin(), kPhases.end(), item) == kPhases.end()) {
      throw std::invalid_argument("--phases: unknown phase '" + item + "' (choose from sink, flat, live)." +
                                  runform::common::did_you_mean(item, kPhases));
    }
    phases.push_back(item);
  }
  if (phases.empty()) throw std::invalid_argument("--phases: name at least one of sink, flat, live");
  return phases;
}

// A phase that acknowledged nothing measured nothing: that is a failure, not a report.
void require_frames(const char* phase, const PhaseResult& r, const std::string& target) {
  if (r.frames > 0) return;
  throw std::runtime_error(std::string("phase ") + phase + ": no frames were acknowledged by " + target +
                           ": is a RunForm hub listening there? (see its log)");
}

// Enrols kiosk k as "loadgen-kiosk-<k>" of "loadgen-station-<k>" and makes one staff account per
// AuthOptions::max_watchers_per_account watchers, straight in the store of the hub this tool
// starts (before it starts). Tokens are made the hub's way: random, stored only as hashes.
void provision(const std::string& store, int kiosks, int watchers, std::vector<std::string>& kiosk_tokens,
               std::vector<std::string>& watcher_tokens) {
  namespace svc = runform::services;
  const auto access = svc::open_access_store(store);
  const auto now = std::chrono::system_clock::now();
  const auto unix_ms = [](std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  };
  for (int k = 0; k < kiosks; ++k) {
    const std::string code = svc::new_enrolment_code();
    access->add_enrolment_code({svc::secret_hash(code), "loadgen-station-" + std::to_string(k),
                                unix_ms(now + std::chrono::minutes(5))});
    const std::string token = svc::new_bearer_token(svc::kKioskTokenPrefix);
    svc::KioskRow kiosk{"loadgen-kiosk-" + std::to_string(k), "", svc::secret_hash(token), 0, 0};
    if (access->enrol_kiosk(svc::secret_hash(code), unix_ms(now), kiosk) != svc::EnrolOutcome::kEnrolled) {
      throw std::runtime_error("cannot enrol loadgen kiosk " + std::to_string(k));
    }
    kiosk_tokens.push_back(token);
  }
  const std::size_t per_account = svc::AuthOptions{}.max_watchers_per_account;
  std::string token;
  for (int w = 0; w < watchers; ++w) {
    if (static_cast<std::size_t>(w) % per_account == 0) {
      const std::string name = "loadgen-watcher-" + std::to_string(static_cast<std::size_t>(w) / per_account);
      // Nobody signs in with a password here: the account gets a random one nobody knows.
      access->create_account({name, runform::v1::ROLE_STAFF,
                              svc::hash_password(svc::new_bearer_token(""), svc::PasswordCost::fastest_for_tests()),
                              unix_ms(now)});
      token = svc::new_bearer_token(svc::kPersonTokenPrefix);
      access->add_person_token({svc::secret_hash(token), name, unix_ms(now + std::chrono::hours(12))});
    }
    watcher_tokens.push_back(token);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"runform-loadgen: simulated kiosks and live watchers against a RunForm hub.\n"
               "Exit codes: 0 with a report, 2 usage error, 1 a phase moved no frames or the hub did not start."};
  app.name(kProgram);
  std::vector<std::string> targets;
  int hubs = 1;
  int commit_interval_ms = 100;
  std::string store;
  std::string hub_bin = RUNFORM_HUB_BIN;
  std::string json_out;
  std::string phases = "sink,flat,live";
  int flat_kiosks = 8;
  int live_kiosks = 200;
  int watchers = 20;
  double seconds = 10.0;
  double fps = 30.0;
  std::size_t chunk_frames = 64;
  std::string serve_sink;
  std::string port_file;
  std::string tls_dir;
  app.add_option("--target", targets,
                 "already running hubs (host:port, repeat or separate with commas: hubs of one club); default: start them")
      ->delimiter(',');
  app.add_option("--store", store, "store for the hub this tool starts (default: a temporary SQLite file)");
  app.add_option("--hub-bin", hub_bin, "runform-hub binary to start");
  namespace cli = runform::tools::cli;
  app.option_defaults()->always_capture_default();
  app.add_option("--phases", phases, "comma-separated: sink, flat, live");
  app.add_option("--hubs", hubs,
                 "hubs to start on the store, as one club: 2 or more need a PostgreSQL store (--store postgresql://…); "
                 "kiosks and watchers are spread over them")
      ->check(cli::whole_in(1, 8));
  app.add_option("--commit-interval-ms", commit_interval_ms, "the started hubs' commit interval")
      ->check(cli::whole_in(1, 10'000));
  app.add_option("--kiosks", flat_kiosks, "kiosks in the flat-out phases")->check(cli::whole_in(1, 2000));
  app.add_option("--live-kiosks", live_kiosks, "kiosks at camera rate in the live phase")->check(cli::whole_in(1, 5000));
  app.add_option("--watchers", watchers, "live watchers in the live phase")->check(cli::whole_in(0, 1000));
  app.add_option("--seconds", seconds, "measured seconds per phase (after 1 s of warm-up)")->check(cli::number_in(1.0, 3600.0, "s"));
  app.add_option("--fps", fps, "camera rate of the live phase")->check(cli::number_in(1.0, 240.0, "fps"));
  app.add_option("--chunk-frames", chunk_frames, "frames per chunk when flat out")->check(cli::whole_in(1, 1024));
  app.add_option("--tls-dir", tls_dir,
                 "serve and connect over TLS with the certificates deploy/make-club-certs.sh made in this folder "
                 "(hub.crt, hub.key, ca.crt; for localhost)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--json", json_out, "also write the figures as JSON here");
  app.add_option("--serve-sink", serve_sink, "(internal) run the storage-free sink on this address")->group("");
  app.add_option("--port-file", port_file, "(internal) where the sink writes its port")->group("");
  cli::collect_extras(app);
  if (const auto code = cli::parse(app, argc, argv, kProgram, RUNFORM_VERSION)) return *code;
  if (!serve_sink.empty()) return runform::loadgen::run_sink_server(serve_sink, port_file);
  std::vector<std::string> wanted;
  try {
    wanted = parse_phases(phases);
  } catch (const std::invalid_argument& e) {
    std::cerr << kProgram << ": " << e.what() << "\n";
    return runform::common::kExitBadInput;
  }

  if (!targets.empty() && app.count("--hubs") > 0) {
    std::cerr << kProgram << ": --hubs starts hubs, --target uses running ones: give one of them\n";
    return runform::common::kExitBadInput;
  }
  if (hubs > 1 && !store.starts_with("postgresql:")) {
    std::cerr << kProgram << ": --hubs " << hubs
              << " needs a store the hubs share: give --store postgresql://… (SQLite serves one hub)\n";
    return runform::common::kExitBadInput;
  }
  const auto work = std::filesystem::temp_directory_path() / ("runform-loadgen-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work);
  if (store.empty()) store = "sqlite:" + (work / "hub.db").string();
  const auto wants = [&](std::string_view phase) { return std::find(wanted.begin(), wanted.end(), phase) != wanted.end(); };

  std::printf("runform-loadgen: recording a template session…\n");
  const auto recording = template_session();
  const std::size_t hub_count = targets.empty() ? static_cast<std::size_t>(hubs) : targets.size();
  const bool several_hubs = hub_count > 1;
  nlohmann::json report = {{"flat_kiosks", flat_kiosks}, {"live_kiosks", live_kiosks}, {"watchers", watchers}, {"hubs", hub_count},
                           {"seconds", seconds}, {"chunk_frames", chunk_frames},
                           {"transport", tls_dir.empty() ? "plaintext-loopback" : "tls"}, {"cores", std::thread::hardware_concurrency()}};
  std::optional<PhaseResult> sink_result;
  std::optional<PhaseResult> flat_result;
  std::optional<PhaseResult> live_result;
  try {
    if (wants("sink")) {
      std::printf("phase sink: %d kiosks flat out against a storage-free gRPC sink for %.0f s…\n", flat_kiosks, seconds);
      ChildProcess sink(self_path(), {"--serve-sink", "127.0.0.1:0", "--port-file", (work / "sink.port").string()},
                        work / "sink.port", work / "sink.log");
      PhaseSettings s{{"127.0.0.1:" + std::to_string(sink.port())}, flat_kiosks, 0, 1.0, seconds, fps, chunk_frames, "sink", {}, {}, {}};  // the sink is plaintext
      sink_result = runform::loadgen::run_flat_out(s, recording);
      require_frames("sink", *sink_result, s.targets.front());
      report["sink"] = to_json(*sink_result, false);
    }
    std::vector<std::unique_ptr<ChildProcess>> started;
    std::vector<std::string> hub_targets = targets;
    runform::services::HubChannelOptions channel;
    if (!tls_dir.empty()) channel.ca_file = (std::filesystem::path(tls_dir) / "ca.crt").string();
    std::vector<std::string> kiosk_tokens;
    std::vector<std::string> watcher_tokens;
    if (targets.empty() && (wants("flat") || wants("live"))) {
      // The hubs this tool starts know its kiosks and watchers from the start, as a club's would
      // (one shared database: a kiosk enrolled once is known to every hub of the club).
      const int kiosks = std::max(wants("flat") ? flat_kiosks : 0, wants("live") ? live_kiosks : 0);
      const int signed_watchers = wants("live") ? watchers : 0;
      std::printf("enrolling %d kiosks and signing up %d watchers…\n", kiosks, signed_watchers);
      provision(store, kiosks, signed_watchers, kiosk_tokens, watcher_tokens);
    }
    for (int h = 0; targets.empty() && h < hubs && (wants("flat") || wants("live")); ++h) {
      const auto hub_port_file = work / ("hub" + std::to_string(h) + ".port");
      std::vector<std::string> args{"--address", "127.0.0.1:0", "--store", store, "--port-file", hub_port_file.string(),
                                    "--log-level", "warn", "--commit-interval-ms", std::to_string(commit_interval_ms)};
      if (tls_dir.empty()) {
        args.emplace_back("--insecure-loopback");
      } else {
        for (const auto& [flag, file] : {std::pair{"--tls-cert", "hub.crt"}, std::pair{"--tls-key", "hub.key"}}) {
          args.emplace_back(flag);
          args.push_back((std::filesystem::path(tls_dir) / file).string());
        }
      }
      started.push_back(std::make_unique<ChildProcess>(hub_bin, args, hub_port_file, work / ("hub" + std::to_string(h) + ".log")));
      // By name over TLS: the certificate names localhost.
      hub_targets.push_back((tls_dir.empty() ? "127.0.0.1:" : "localhost:") + std::to_string(started.back()->port()));
      std::printf("started runform-hub on %s with store %s\n", hub_targets.back().c_str(), store.c_str());
    }
    if (!started.empty()) report["commit_interval_ms"] = commit_interval_ms;
    std::string all_targets;
    for (const auto& t : hub_targets) all_targets += (all_targets.empty() ? "" : ",") + t;
    if (wants("flat")) {
      std::printf("phase flat: %d kiosks flat out against %zu hub(s) for %.0f s…\n", flat_kiosks, hub_count, seconds);
      PhaseSettings s{hub_targets, flat_kiosks, 0, 1.0, seconds, fps, chunk_frames, "flat", channel, kiosk_tokens, {}};
      flat_result = runform::loadgen::run_flat_out(s, recording);
      require_frames("flat", *flat_result, all_targets);
      report["flat"] = to_json(*flat_result, false);
    }
    if (wants("live")) {
      std::printf("phase live: %d kiosks at %.0f fps with %d watchers over %zu hub(s) for %.0f s…\n", live_kiosks, fps,
                  watchers, hub_count, seconds);
      PhaseSettings s{hub_targets, live_kiosks, watchers, 1.0, seconds, fps, 64, "live", channel, kiosk_tokens,
                      watcher_tokens};
      live_result = runform::loadgen::run_real_time(s, recording);
      require_frames("live", *live_result, all_targets);
      report["live"] = to_json(*live_result, several_hubs);
    }
    if (!started.empty()) {
      long peak_kib = 0;
      for (const auto& hub : started) peak_kib = std::max(peak_kib, hub->peak_rss_kib());
      report["hub_peak_rss_mib"] = static_cast<double>(peak_kib) / 1024.0;  // the larger hub's
      for (const auto& hub : started) hub->terminate();
    }
  } catch (const std::exception& e) {
    std::cerr << kProgram << ": " << e.what() << "\n";
    std::filesystem::remove_all(work);
    return runform::common::kExitRunFailure;
  }

  std::printf("\nRunForm hub load report (%u cores, %zu hub(s)%s)\n", std::thread::hardware_concurrency(), hub_count,
              several_hubs ? " of one club" : "");
  if (sink_result) print_phase("sink", *sink_result);
  if (flat_result) print_phase("flat", *flat_result);
  if (live_result) print_phase("live", *live_result);
  if (sink_result && flat_result && sink_result->frames_per_s > 0) {
    const double ratio = flat_result->frames_per_s / sink_result->frames_per_s;
    report["durable_to_plain_ratio"] = ratio;
    std::printf("  durable ingest runs at %.0f%% of the plain gRPC stream\n", 100.0 * ratio);
  }
  if (report.contains("hub_peak_rss_mib")) {
    std::printf("  hub peak memory %.1f MiB\n", report["hub_peak_rss_mib"].get<double>());
  }
  if (!json_out.empty()) std::ofstream(json_out) << report.dump(2) << "\n";
  std::filesystem::remove_all(work);
  return 0;
}
