#include "services/store/athlete_export.h"

#include <limits>

namespace runform::services {

AthleteExportCursor::AthleteExportCursor(SessionStore& store, std::string athlete_id, std::size_t frames_per_piece)
    : store_(store), athlete_id_(std::move(athlete_id)), frames_per_piece_(frames_per_piece == 0 ? 1 : frames_per_piece) {
  if (athlete_id_.empty()) step_ = Step::kDone;  // guests have no id, and nothing to export
}

std::optional<ExportPiece> AthleteExportCursor::next() {
  while (true) {
    switch (step_) {
      case Step::kDone:
        return std::nullopt;
      case Step::kNextSession: {
        if (next_session_ == sessions_.size()) {
          if (sessions_exhausted_) {
            step_ = Step::kDone;
            continue;
          }
          SessionFilter filter;
          filter.athlete_id = athlete_id_;
          sessions_ = store_.list_sessions(filter, after_, kSessionsPerRead);
          next_session_ = 0;
          sessions_exhausted_ = sessions_.size() < kSessionsPerRead;
          if (!sessions_.empty()) after_ = SessionCursor{sessions_.back().started_unix_ms, sessions_.back().session_id};
          if (sessions_.empty()) {
            step_ = Step::kDone;
            continue;
          }
        }
        ExportPiece piece;
        piece.kind = ExportPiece::Kind::kSession;
        piece.session = std::move(sessions_[next_session_++]);
        current_ = piece.session.session_id;
        after_seq_ = 0;
        step_ = Step::kFrames;
        return piece;
      }
      case Step::kFrames: {
        ExportPiece piece;
        piece.kind = ExportPiece::Kind::kFrames;
        piece.session_id = current_;
        piece.frames = store_.read_frames(current_, after_seq_, std::numeric_limits<std::int64_t>::min(),
                                          std::numeric_limits<std::int64_t>::max(), frames_per_piece_);
        if (piece.frames.empty()) {
          step_ = Step::kAnnotations;
          continue;
        }
        after_seq_ = piece.frames.back().seq;
        if (piece.frames.size() < frames_per_piece_) step_ = Step::kAnnotations;
        return piece;
      }
      case Step::kAnnotations: {
        step_ = Step::kNextSession;
        ExportPiece piece;
        piece.kind = ExportPiece::Kind::kAnnotations;
        piece.session_id = current_;
        piece.annotations = store_.list_annotations(current_);
        if (piece.annotations.empty()) continue;
        return piece;
      }
    }
  }
}

}  // namespace runform::services
