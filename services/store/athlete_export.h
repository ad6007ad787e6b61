// Everything the store holds about one athlete, read one bounded piece at a time: an hour-long
// session is 108,000 frames, so an export never holds more than one page of them. Works on any
// SessionStore through its paged reads (both backends).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "services/store/session_store.h"

namespace runform::services {

/// One piece of an athlete's export. Order: each session (newest first), then its frames in
/// sequence order, a page at a time, then its notes and bookmarks.
struct ExportPiece {
  enum class Kind { kSession, kFrames, kAnnotations };
  Kind kind = Kind::kSession;
  StoredSession session;                   ///< kSession
  std::string session_id;                  ///< kFrames, kAnnotations
  std::vector<StoredFrame> frames;         ///< kFrames: at most frames_per_piece
  std::vector<AnnotationRow> annotations;  ///< kAnnotations
};

/// Walks one athlete's data. Sessions that change while it walks are read as they are when it
/// reaches them (a session streaming now is exported up to the frames stored by then).
class AthleteExportCursor {
 public:
  static constexpr std::size_t kSessionsPerRead = 50;
  static constexpr std::size_t kDefaultFramesPerPiece = 1000;

  AthleteExportCursor(SessionStore& store, std::string athlete_id,
                      std::size_t frames_per_piece = kDefaultFramesPerPiece);

  /// The next piece, or nullopt when everything has been read. Throws StoreError.
  std::optional<ExportPiece> next();

 private:
  enum class Step { kNextSession, kFrames, kAnnotations, kDone };

  SessionStore& store_;
  const std::string athlete_id_;
  const std::size_t frames_per_piece_;
  Step step_ = Step::kNextSession;
  std::vector<StoredSession> sessions_;  ///< the current page of sessions
  std::size_t next_session_ = 0;
  std::optional<SessionCursor> after_;    ///< where the next page of sessions starts
  bool sessions_exhausted_ = false;
  std::string current_;                  ///< the session whose frames and notes come now
  std::uint64_t after_seq_ = 0;
};

}  // namespace runform::services
