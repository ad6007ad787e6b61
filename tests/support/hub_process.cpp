#include "support/hub_process.h"

namespace runform::testing {

HubProcess::HubProcess(const std::string& store_spec, int port, const std::filesystem::path& work_dir)
    : process_(std::make_unique<loadgen::ChildProcess>(
          RUNFORM_HUB_BIN,
          std::vector<std::string>{"--address", "127.0.0.1:" + std::to_string(port), "--store", store_spec,
                                   "--port-file", (work_dir / "hub.port").string(), "--log-level", "warn",
                                   "--commit-interval-ms", "20", "--insecure-loopback"},
          work_dir / "hub.port", work_dir / "hub.log")) {}

}  // namespace runform::testing
