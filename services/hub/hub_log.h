// Structured logs for the hub: one JSON object per line on stderr,
// {"ts":…,"level":…,"event":…, fields…}, so operators can filter and count them.
#pragma once

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <string>
#include <string_view>

namespace runform::services {

/// Installs the JSON-lines logger at a level ("trace" … "error"); false for an unknown level.
bool set_up_hub_logging(const std::string& level_name);
/// Logs one event with its fields.
void log_event(spdlog::level::level_enum level, std::string_view event,
               nlohmann::json fields = nlohmann::json::object());

}  // namespace runform::services
