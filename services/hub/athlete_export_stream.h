// The chunks of one athlete's export, in the order ExportAthlete sends them and an export file
// holds them: a header, then each store piece converted to the wire (wire_codec), then the
// totals. One piece is in memory at a time. The gRPC stream and `runform-hub admin
// export-athlete` both walk it, so both carry exactly the same data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runform/v1/athlete_data.pb.h"
#include "services/store/athlete_export.h"

namespace runform::services {

inline constexpr std::string_view kAthleteExportFormat = "runform-athlete-export";
inline constexpr std::uint32_t kAthleteExportFormatVersion = 1;

class AthleteExportStream {
 public:
  AthleteExportStream(SessionStore& store, std::string athlete_id, std::int64_t exported_unix_ms);

  /// False when the store holds nothing about the athlete (then next() gives nothing). Reads the
  /// first piece. Throws StoreError.
  bool found();
  /// The next chunk, or nullopt after the end chunk. Throws StoreError.
  std::optional<v1::ExportChunk> next();

  /// Totals so far.
  [[nodiscard]] const v1::ExportEnd& totals() const { return totals_; }

 private:
  AthleteExportCursor cursor_;
  const std::string athlete_id_;
  const std::int64_t exported_unix_ms_;
  std::optional<ExportPiece> pending_;  ///< read but not yet converted
  bool started_ = false;
  bool header_sent_ = false;
  bool ended_ = false;
  v1::ExportEnd totals_;
};

}  // namespace runform::services
