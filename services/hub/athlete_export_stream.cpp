#include "services/hub/athlete_export_stream.h"

#include "services/hub/wire_codec.h"

namespace runform::services {

AthleteExportStream::AthleteExportStream(SessionStore& store, std::string athlete_id, std::int64_t exported_unix_ms)
    : cursor_(store, athlete_id), athlete_id_(std::move(athlete_id)), exported_unix_ms_(exported_unix_ms) {}

bool AthleteExportStream::found() {
  if (!started_) {
    started_ = true;
    pending_ = cursor_.next();
    if (!pending_) ended_ = true;
  }
  return header_sent_ || pending_.has_value();
}

std::optional<v1::ExportChunk> AthleteExportStream::next() {
  if (!found() && !header_sent_) return std::nullopt;
  v1::ExportChunk chunk;
  if (!header_sent_) {
    header_sent_ = true;
    auto* header = chunk.mutable_header();
    header->set_athlete_id(athlete_id_);
    header->set_name(pending_->session.athlete_name);  // the newest session comes first
    header->set_exported_unix_ms(exported_unix_ms_);
    header->set_format(std::string(kAthleteExportFormat));
    header->set_format_version(kAthleteExportFormatVersion);
    return chunk;
  }
  if (ended_) return std::nullopt;
  if (!pending_) pending_ = cursor_.next();
  if (!pending_) {
    ended_ = true;
    *chunk.mutable_end() = totals_;
    return chunk;
  }
  chunk = to_wire(*pending_);
  if (pending_->kind == ExportPiece::Kind::kSession) totals_.set_sessions(totals_.sessions() + 1);
  totals_.set_frames(totals_.frames() + pending_->frames.size());
  totals_.set_annotations(totals_.annotations() + static_cast<std::uint32_t>(pending_->annotations.size()));
  pending_.reset();
  return chunk;
}

}  // namespace runform::services
