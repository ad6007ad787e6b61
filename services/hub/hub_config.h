// The hub's TOML configuration file; command-line flags override it (see hub_main.cpp).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "services/hub/hub_server.h"

namespace runform::services {

/// A configuration mistake; the message names the file, line and key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Hub options plus the settings that are not the server's own.
struct HubConfig {
  HubOptions hub;
  std::string log_level = "info";     ///< trace, debug, info, warn, error
  int stats_interval_s = 30;          ///< how often the hub logs its figures (0: never)
};

/// Reads a TOML file over the defaults. Throws ConfigError.
HubConfig load_hub_config(const std::filesystem::path& path);
/// Parses TOML text over the defaults (origin names it in errors). Throws ConfigError.
HubConfig parse_hub_config(std::string_view toml_text, const std::string& origin);

}  // namespace runform::services
