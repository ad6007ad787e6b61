// MoveNet model preparation. The public tf2onnx exports of MoveNet single-pose end in
// post-processing (ArgMax, GatherND, …) that OpenCV 4.6 cannot load. This cuts the graph at the
// four heads, prunes everything the heads do not need, makes the input float, and rewrites
// Clip nodes whose min/max arrive as inputs into the attribute form OpenCV 4.6 reads.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace runform::tools {

/// What the preparation changed.
struct PrepReport {
  int nodes_before = 0;
  int nodes_after = 0;
  int clips_rewritten = 0;
  bool input_made_float = false;
  int casts_removed = 0;
};

/// A model that cannot be prepared; the message says which tensor or node is the problem.
class PrepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A tensor that may be one of MoveNet's heads: a convolution output with 1, 17 or 34 channels.
struct HeadCandidate {
  std::string tensor;
  std::string node;
  int channels = 0;
};

/// The convolution outputs whose channel count matches a MoveNet head, in graph order, so a
/// person can read the head names off a downloaded export.
std::vector<HeadCandidate> list_head_candidates(const onnx::ModelProto& model);
/// The same for a file. Throws PrepError.
std::vector<HeadCandidate> list_head_candidates_file(const std::filesystem::path& path);

/// Prepares a model in place so that its outputs are exactly `heads`. Throws PrepError.
PrepReport prepare_movenet(onnx::ModelProto& model, const std::vector<std::string>& heads);
/// Reads, prepares and writes a model file. Throws PrepError (also for unreadable files).
PrepReport prepare_movenet_file(const std::filesystem::path& in, const std::filesystem::path& out,
                                const std::vector<std::string>& heads);

}  // namespace runform::tools
