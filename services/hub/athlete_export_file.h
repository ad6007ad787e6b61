// An athlete's export as a file: JSON lines, one ExportChunk per line in protobuf's JSON mapping
// (field names as in athlete_data.proto, bytes in base64): the header, every session with its
// frames and notes, and the totals last. The same chunks ExportAthlete streams, so a file and a
// stream of the same moment hold the same data, and either reads back with read_athlete_export.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "runform/v1/athlete_data.pb.h"
#include "services/store/session_store.h"

namespace runform::services {

/// After each session: sessions written, sessions in all, frames written.
using ExportProgress = std::function<void(std::uint32_t sessions_done, std::uint32_t sessions_total, std::uint64_t frames)>;

/// Writes one athlete's export to `out`. nullopt when the store holds nothing about the athlete
/// (nothing written); else the totals. Throws StoreError, or std::runtime_error when `out`
/// fails (a full disk).
std::optional<v1::ExportEnd> write_athlete_export(SessionStore& store, const std::string& athlete_id,
                                                  std::int64_t exported_unix_ms, std::ostream& out,
                                                  const ExportProgress& progress = {});

/// Reads an export back, calling `chunk` for each line in order. Throws std::runtime_error
/// naming the line for one that is not an export chunk, and for a file without its header
/// first or its end last (cut short).
void read_athlete_export(std::istream& in, const std::function<void(const v1::ExportChunk&)>& chunk);

}  // namespace runform::services
