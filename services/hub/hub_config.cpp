#include "services/hub/hub_config.h"

#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace runform::services {

namespace {

// Reads an optional positive integer key, rejecting wrong types and out-of-range values.
template <typename T>
void read_count(const toml::table& table, std::string_view key, T& target, std::int64_t min, const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const auto value = node->value<std::int64_t>();
  if (!node->is_integer() || !value || *value < min) {
    throw ConfigError(where + ": '" + std::string(key) + "' must be an integer ≥ " + std::to_string(min) + " (line " +
                      std::to_string(node->source().begin.line) + ")");
  }
  target = static_cast<T>(*value);
}

void read_text(const toml::table& table, std::string_view key, std::string& target, const std::string& where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  if (!node->is_string()) {
    throw ConfigError(where + ": '" + std::string(key) + "' must be a string (line " +
                      std::to_string(node->source().begin.line) + ")");
  }
  target = *node->value<std::string>();
}

// Unknown keys are almost always typos; say so instead of silently ignoring them.
void reject_unknown(const toml::table& table, const std::set<std::string_view>& known, const std::string& where) {
  for (const auto& [key, node] : table) {
    if (!known.contains(key.str())) {
      throw ConfigError(where + ": unknown setting '" + std::string(key.str()) + "' (line " +
                        std::to_string(node.source().begin.line) + ")");
    }
  }
}

const toml::table* section(const toml::table& root, std::string_view name, const std::string& where) {
  const toml::node* node = root.get(name);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) throw ConfigError(where + ": '" + std::string(name) + "' must be a [section]");
  return node->as_table();
}

}  // namespace

HubConfig parse_hub_config(std::string_view toml_text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    throw ConfigError(origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  HubConfig config;
  reject_unknown(root, {"address", "store", "log_level", "stats_interval_s", "commit", "limits", "keepalive", "tls", "retention"}, origin);
  read_text(root, "address", config.hub.address, origin);
  read_text(root, "store", config.hub.store, origin);
  read_text(root, "log_level", config.log_level, origin);
  read_count(root, "stats_interval_s", config.stats_interval_s, 0, origin);
  if (const auto* commit = section(root, "commit", origin)) {
    const std::string where = origin + " [commit]";
    reject_unknown(*commit, {"interval_ms", "max_batch_frames", "max_pending_frames"}, where);
    std::int64_t interval_ms = config.hub.commit.interval.count();
    read_count(*commit, "interval_ms", interval_ms, 0, where);
    config.hub.commit.interval = std::chrono::milliseconds(interval_ms);
    read_count(*commit, "max_batch_frames", config.hub.commit.max_batch_frames, 1, where);
    read_count(*commit, "max_pending_frames", config.hub.commit.max_pending_frames, 1, where);
  }
  if (const auto* limits = section(root, "limits", origin)) {
    const std::string where = origin + " [limits]";
    reject_unknown(*limits,
                   {"max_message_bytes", "max_chunk_frames", "max_open_sessions_per_kiosk", "max_watchers",
                    "watcher_queue_frames", "max_page_size", "live_linger_ms", "stream_idle_timeout_s"},
                   where);
    read_count(*limits, "max_message_bytes", config.hub.limits.max_message_bytes, 1024, where);
    read_count(*limits, "max_chunk_frames", config.hub.limits.max_chunk_frames, 1, where);
    read_count(*limits, "max_open_sessions_per_kiosk", config.hub.limits.max_open_sessions_per_kiosk, 1, where);
    read_count(*limits, "max_watchers", config.hub.limits.max_watchers, 0, where);
    read_count(*limits, "watcher_queue_frames", config.hub.limits.watcher_queue_frames, 1, where);
    read_count(*limits, "max_page_size", config.hub.limits.max_page_size, 1, where);
    std::int64_t linger_ms = config.hub.limits.live_linger.count();
    read_count(*limits, "live_linger_ms", linger_ms, 1, where);
    config.hub.limits.live_linger = std::chrono::milliseconds(linger_ms);
    std::int64_t idle_s = config.hub.limits.stream_idle_timeout.count() / 1000;
    read_count(*limits, "stream_idle_timeout_s", idle_s, 5, where);
    config.hub.limits.stream_idle_timeout = std::chrono::seconds(idle_s);
  }
  if (const auto* keepalive = section(root, "keepalive", origin)) {
    const std::string where = origin + " [keepalive]";
    reject_unknown(*keepalive, {"time_ms", "timeout_ms"}, where);
    std::int64_t time_ms = config.hub.keepalive_time.count();
    std::int64_t timeout_ms = config.hub.keepalive_timeout.count();
    read_count(*keepalive, "time_ms", time_ms, 1000, where);
    read_count(*keepalive, "timeout_ms", timeout_ms, 100, where);
    config.hub.keepalive_time = std::chrono::milliseconds(time_ms);
    config.hub.keepalive_timeout = std::chrono::milliseconds(timeout_ms);
  }
  if (const auto* tls = section(root, "tls", origin)) {
    const std::string where = origin + " [tls]";
    reject_unknown(*tls, {"cert_file", "key_file"}, where);
    read_text(*tls, "cert_file", config.hub.tls.cert_file, where);
    read_text(*tls, "key_file", config.hub.tls.key_file, where);
  }
  if (const auto* retention = section(root, "retention", origin)) {
    const std::string where = origin + " [retention]";
    reject_unknown(*retention, {"frame_days", "run_every_minutes"}, where);
    read_count(*retention, "frame_days", config.hub.retention.frame_days, 0, where);
    std::int64_t every_min = config.hub.retention.run_every.count();
    read_count(*retention, "run_every_minutes", every_min, 1, where);
    config.hub.retention.run_every = std::chrono::minutes(every_min);
  }
  static const std::set<std::string, std::less<>> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.contains(config.log_level)) {
    throw ConfigError(origin + ": log_level must be one of trace, debug, info, warn, error");
  }
  return config;
}

HubConfig load_hub_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read config file '" + path.string() + "'");
  std::stringstream text;
  text << in.rdbuf();
  return parse_hub_config(text.str(), path.string());
}

}  // namespace runform::services
