#include "support/hub_process.h"

namespace runform::testing {

namespace {

std::vector<std::string> hub_args(const std::string& store_spec, int port, const std::filesystem::path& work_dir,
                                  const std::filesystem::path& tls_dir) {
  std::vector<std::string> args{"--address",   "127.0.0.1:" + std::to_string(port),
                                "--store",     store_spec,
                                "--port-file", (work_dir / "hub.port").string(),
                                "--log-level", "warn",
                                "--commit-interval-ms", "20"};
  if (tls_dir.empty()) {
    args.emplace_back("--insecure-loopback");
  } else {
    args.insert(args.end(), {"--tls-cert", (tls_dir / "hub.crt").string(), "--tls-key", (tls_dir / "hub.key").string()});
  }
  return args;
}

}  // namespace

HubProcess::HubProcess(const std::string& store_spec, int port, const std::filesystem::path& work_dir,
                       const std::filesystem::path& tls_dir)
    : process_(std::make_unique<loadgen::ChildProcess>(RUNFORM_HUB_BIN, hub_args(store_spec, port, work_dir, tls_dir),
                                                       work_dir / "hub.port", work_dir / "hub.log")) {}

}  // namespace runform::testing
