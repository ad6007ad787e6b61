#include "station/quiet_camera_logs.h"

#include <cstdlib>

#include <opencv2/core/utils/logger.hpp>

extern "C" {
#include <libavutil/log.h>
}

namespace runform::station {

void quiet_camera_logs(bool verbose) {
  // OpenCV sets FFmpeg's level itself when it first opens a video, from this variable (AV_LOG_QUIET
  // is −8); the call below covers FFmpeg use that is already initialised.
  if (!verbose) ::setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", /*overwrite=*/1);
  cv::utils::logging::setLogLevel(verbose ? cv::utils::logging::LOG_LEVEL_INFO : cv::utils::logging::LOG_LEVEL_SILENT);
  av_log_set_level(verbose ? AV_LOG_INFO : AV_LOG_QUIET);
}

}  // namespace runform::station
