#include "tools/frame_annotator.h"

#include <array>
#include <opencv2/imgproc.hpp>

namespace runform::tools {
namespace {

// COCO-17 limbs, drawn left side orange, right side blue, centre white.
struct Bone {
  int a, b;
  cv::Scalar colour;
};
const cv::Scalar kLeft{40, 160, 255};
const cv::Scalar kRight{255, 160, 40};
const cv::Scalar kCentre{235, 235, 235};
const std::array<Bone, 16> kBones{{{5, 7, kLeft}, {7, 9, kLeft}, {11, 13, kLeft}, {13, 15, kLeft}, {6, 8, kRight},
                                   {8, 10, kRight}, {12, 14, kRight}, {14, 16, kRight}, {5, 6, kCentre}, {11, 12, kCentre},
                                   {5, 11, kLeft}, {6, 12, kRight}, {0, 1, kLeft}, {0, 2, kRight}, {1, 3, kLeft}, {2, 4, kRight}}};
constexpr double kMinConfidence = 0.3;

}  // namespace

void annotate_frame(cv::Mat& bgr, const Annotation& a) {
  const double scale = bgr.rows / 480.0;  // sizes follow the frame height
  const int line = std::max(1, static_cast<int>(2 * scale));
  if (a.tracked) {
    const auto& kp = a.tracked->pose.keypoints;
    cv::rectangle(bgr, a.tracked->crop, cv::Scalar(90, 90, 90), 1, cv::LINE_AA);
    for (const Bone& bone : kBones) {
      const auto& p = kp[static_cast<std::size_t>(bone.a)];
      const auto& q = kp[static_cast<std::size_t>(bone.b)];
      if (p.confidence < kMinConfidence || q.confidence < kMinConfidence) continue;
      cv::line(bgr, {cvRound(p.x_px), cvRound(p.y_px)}, {cvRound(q.x_px), cvRound(q.y_px)}, bone.colour, line, cv::LINE_AA);
    }
    for (const auto& p : kp) {
      if (p.confidence >= kMinConfidence) cv::circle(bgr, {cvRound(p.x_px), cvRound(p.y_px)}, line + 1, kCentre, cv::FILLED, cv::LINE_AA);
    }
  }
  // State in the top-left corner, the cue in a band across the bottom: large and calm.
  cv::putText(bgr, a.state, {cvRound(10 * scale), cvRound(28 * scale)}, cv::FONT_HERSHEY_SIMPLEX, 0.7 * scale,
              cv::Scalar(255, 255, 255), line, cv::LINE_AA);
  if (a.cue) {
    const int band = cvRound(56 * scale);
    cv::Mat bottom = bgr.rowRange(bgr.rows - band, bgr.rows);
    cv::Mat tint(bottom.size(), bottom.type(), a.positive ? cv::Scalar(60, 120, 40) : cv::Scalar(40, 40, 40));
    cv::addWeighted(bottom, 0.35, tint, 0.65, 0.0, bottom);
    int baseline = 0;
    const double font = 1.1 * scale;
    const cv::Size text = cv::getTextSize(*a.cue, cv::FONT_HERSHEY_DUPLEX, font, line, &baseline);
    cv::putText(bgr, *a.cue, {(bgr.cols - text.width) / 2, bgr.rows - (band - text.height) / 2}, cv::FONT_HERSHEY_DUPLEX,
                font, cv::Scalar(255, 255, 255), line, cv::LINE_AA);
  }
}

}  // namespace runform::tools
