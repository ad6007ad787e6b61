#include "camera/dnn_pose_estimator.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgproc.hpp>

namespace runform::camera {

DnnPoseEstimator::DnnPoseEstimator(ModelSpec spec) : spec_(std::move(spec)) {
  if (!std::filesystem::is_regular_file(spec_.path)) {
    throw ModelError("model '" + spec_.name + "': file '" + spec_.path +
                     "' not found; fetch it with deploy/fetch-models.sh or pass another --model");
  }
  // MoveNet needs its four heads by name; a heatmap model may leave it to the network's last output.
  const bool outputs_ok = spec_.family == ModelFamily::kMoveNet ? spec_.outputs.size() == 4 : spec_.outputs.size() <= 1;
  if (!outputs_ok) {
    throw ModelError("model '" + spec_.name + "': expected " +
                     (spec_.family == ModelFamily::kMoveNet ? "4 output names" : "at most 1 output name"));
  }
  try {
    net_ = cv::dnn::readNet(spec_.path);
  } catch (const cv::Exception& e) {
    throw ModelError("model '" + spec_.name + "': OpenCV cannot load '" + spec_.path + "': " + e.msg);
  }
  if (net_.empty()) throw ModelError("model '" + spec_.name + "': '" + spec_.path + "' holds no network");
  for (const auto& output : spec_.outputs) {
    if (net_.getLayerId(output) < 0) {
      throw ModelError("model '" + spec_.name + "': no output named '" + output + "' in '" + spec_.path + "'");
    }
  }
}

namespace {

// The crop on whole pixels: what make_input cuts, and so what landmarks map back through.
cv::Rect pixel_crop(const cv::Rect2d& crop) {
  return {cvRound(crop.x), cvRound(crop.y), std::max(1, cvRound(crop.width)), std::max(1, cvRound(crop.height))};
}

}  // namespace

cv::Mat DnnPoseEstimator::make_input(const cv::Mat& bgr, const cv::Rect2d& crop) const {
  // The crop may reach past the image (a runner near the edge): pad with black, as the
  // network saw in training, rather than shift the crop and distort the mapping back.
  const cv::Rect wanted = pixel_crop(crop);
  const cv::Rect inside = wanted & cv::Rect(0, 0, bgr.cols, bgr.rows);
  cv::Mat patch(wanted.size(), bgr.type(), cv::Scalar::all(0));
  if (inside.area() > 0) bgr(inside).copyTo(patch(inside - wanted.tl()));
  cv::Mat resized;
  cv::resize(patch, resized, spec_.input, 0, 0, cv::INTER_LINEAR);
  if (spec_.channels_last) {
    cv::Mat rgb;
    if (spec_.rgb) {
      cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    } else {
      rgb = resized;
    }
    cv::Mat floats;
    rgb.convertTo(floats, CV_32F);
    floats = (floats - spec_.mean) * spec_.scale;
    const int shape[] = {1, spec_.input.height, spec_.input.width, 3};
    return cv::Mat(4, shape, CV_32F, floats.data).clone();  // HWC memory is already NHWC
  }
  return cv::dnn::blobFromImage(resized, spec_.scale, spec_.input, spec_.mean, spec_.rgb, false, CV_32F);
}

form::PoseFrame DnnPoseEstimator::estimate(const cv::Mat& bgr, const cv::Rect2d& crop, double t_s) {
  net_.setInput(make_input(bgr, crop));
  std::vector<cv::Mat> outputs;
  if (spec_.outputs.empty()) {
    outputs.push_back(net_.forward());
  } else {
    net_.forward(outputs, spec_.outputs);
  }
  std::array<form::Landmark, form::kKeypointCount> in_input{};
  if (spec_.family == ModelFamily::kMoveNet) {
    in_input = decode_movenet({outputs[0], outputs[1], outputs[2], outputs[3]}, spec_.input, spec_.apply_sigmoid,
                              spec_.keypoints);
  } else {
    in_input = decode_heatmaps(outputs[0], spec_.input, spec_.keypoints);
  }
  const CropTransform to_image{cv::Rect2d(pixel_crop(crop)), spec_.input};
  form::PoseFrame frame;
  frame.t_s = t_s;
  for (std::size_t k = 0; k < in_input.size(); ++k) {
    frame.keypoints[k] = {to_image.image_x(in_input[k].x_px), to_image.image_y(in_input[k].y_px),
                          in_input[k].confidence};
  }
  return frame;
}

}  // namespace runform::camera
