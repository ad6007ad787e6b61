// OpenCV and FFmpeg print their own log lines ("[ WARN:0@0.1] global cap_ffmpeg…",
// "[mov,mp4 @ 0x…] moov atom not found") straight to stderr. They mean nothing to a user, who
// gets RunForm's own message instead; `--verbose` lets them through for debugging.
#pragma once

namespace runform::tools {

/// Silences (or, when verbose, restores) OpenCV's and FFmpeg's logging for the whole process.
/// Call before opening any video; `runform analyze --video` and `runform record` both do.
void quiet_native_logs(bool verbose);

}  // namespace runform::tools
