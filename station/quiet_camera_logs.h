// OpenCV's and FFmpeg's own log lines ("[ WARN:0@0.01] global cap_v4l.cpp … can't open camera
// by index") are for developers; a person running `runform record` should see RunForm's one
// clear line instead. This turns them off (or back on, for --verbose).
#pragma once

namespace runform::station {

/// Silences OpenCV's and FFmpeg's log output for this process, or restores it when `verbose`.
void quiet_camera_logs(bool verbose);

}  // namespace runform::station
