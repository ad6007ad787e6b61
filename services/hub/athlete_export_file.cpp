#include "services/hub/athlete_export_file.h"

#include <google/protobuf/util/json_util.h>

#include <stdexcept>

#include "services/hub/athlete_export_stream.h"

namespace runform::services {

namespace {

std::uint32_t count_sessions(SessionStore& store, const std::string& athlete_id) {
  constexpr std::size_t kPage = 500;
  SessionFilter filter;
  filter.athlete_id = athlete_id;
  std::optional<SessionCursor> after;
  std::uint32_t total = 0;
  while (true) {
    const auto page = store.list_sessions(filter, after, kPage);
    total += static_cast<std::uint32_t>(page.size());
    if (page.size() < kPage) return total;
    after = SessionCursor{page.back().started_unix_ms, page.back().session_id};
  }
}

}  // namespace

std::optional<v1::ExportEnd> write_athlete_export(SessionStore& store, const std::string& athlete_id,
                                                  std::int64_t exported_unix_ms, std::ostream& out,
                                                  const ExportProgress& progress) {
  AthleteExportStream stream(store, athlete_id, exported_unix_ms);
  if (!stream.found()) return std::nullopt;
  const std::uint32_t total = progress ? count_sessions(store, athlete_id) : 0;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  std::uint32_t sessions_done = 0;
  while (const auto chunk = stream.next()) {
    line.clear();
    if (!google::protobuf::util::MessageToJsonString(*chunk, &line, options).ok()) {
      throw std::runtime_error("an export chunk could not be written as JSON");
    }
    out << line << '\n';
    if (!out) throw std::runtime_error("writing the export failed (is the disk full?)");
    // A session is done when the next one starts, and the last at the end.
    if (progress && (chunk->has_session() || chunk->has_end())) {
      if (chunk->has_session() && stream.totals().sessions() > 1) progress(++sessions_done, total, stream.totals().frames());
      if (chunk->has_end()) progress(++sessions_done, total, stream.totals().frames());
    }
  }
  out.flush();
  if (!out) throw std::runtime_error("writing the export failed (is the disk full?)");
  return stream.totals();
}

void read_athlete_export(std::istream& in, const std::function<void(const v1::ExportChunk&)>& chunk) {
  std::string line;
  std::size_t number = 0;
  bool ended = false;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    if (ended) throw std::runtime_error("line " + std::to_string(number) + ": data after the export's end");
    v1::ExportChunk parsed;
    if (!google::protobuf::util::JsonStringToMessage(line, &parsed, options).ok()) {
      throw std::runtime_error("line " + std::to_string(number) + ": not a RunForm athlete export chunk");
    }
    if (number == 1 && (!parsed.has_header() || parsed.header().format() != kAthleteExportFormat)) {
      throw std::runtime_error("line 1: not a RunForm athlete export (no runform-athlete-export header)");
    }
    ended = parsed.has_end();
    chunk(parsed);
  }
  if (number == 0) throw std::runtime_error("the export is empty");
  if (!ended) throw std::runtime_error("the export ends early at line " + std::to_string(number) + ": it has no end record");
}

}  // namespace runform::services
