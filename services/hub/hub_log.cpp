#include "services/hub/hub_log.h"

#include <spdlog/sinks/stdout_sinks.h>

namespace runform::services {

bool set_up_hub_logging(const std::string& level_name) {
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") return false;
  auto logger = spdlog::get("hub");
  if (!logger) logger = spdlog::stderr_logger_mt("hub");
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  return true;
}

void log_event(spdlog::level::level_enum level, std::string_view event, nlohmann::json fields) {
  if (!spdlog::should_log(level)) return;
  fields["event"] = event;
  const std::string body = fields.dump();
  spdlog::log(level, "{}", std::string_view(body).substr(1, body.size() - 2));
}

}  // namespace runform::services
