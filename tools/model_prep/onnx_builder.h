// Small helpers to build ONNX graphs through libonnx's protobuf classes: the generated models
// (marker model, benchmark-shaped networks, test models) are all written with these.
#pragma once

#include <onnx/onnx-ml.pb.h>

#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

namespace runform::tools::onnx_graph {

/// An empty model at IR 7, opset 13 (what OpenCV 4.6's importer reads).
onnx::ModelProto new_model(const std::string& producer);
/// Adds a node with one output, named after it.
onnx::NodeProto* node(onnx::GraphProto* g, const std::string& op, std::initializer_list<std::string> inputs,
                      const std::string& output);
/// Sets an INTS attribute.
void ints(onnx::NodeProto* node, const std::string& name, std::initializer_list<std::int64_t> values);
/// Sets an INT attribute.
void int_attr(onnx::NodeProto* node, const std::string& name, std::int64_t value);
/// Adds a float initializer.
void floats(onnx::GraphProto* g, const std::string& name, std::initializer_list<std::int64_t> dims,
            const std::vector<float>& values);
/// Describes a graph input or output.
void value_info(onnx::ValueInfoProto* vi, const std::string& name, int elem_type, std::initializer_list<std::int64_t> dims);

/// Builds convolution stacks with generated (random) weights, counting channels as it goes.
class ConvStack {
 public:
  /// A stack writing into `g`, weights from a seeded generator.
  ConvStack(onnx::GraphProto* g, unsigned seed);
  /// Conv (k×k, stride, groups; "same" padding) + optional ReLU; returns the output name.
  std::string conv(const std::string& input, int in_ch, int out_ch, int kernel, int stride, int groups, bool relu,
                   int dilation = 1);
  /// Adds two tensors.
  std::string add(const std::string& a, const std::string& b);
  /// Concatenates along channels.
  std::string concat(std::initializer_list<std::string> inputs);
  /// Nearest-neighbour 2× upsampling.
  std::string upsample2x(const std::string& input);

 private:
  std::string fresh(const std::string& stem);
  onnx::GraphProto* g_;
  std::mt19937 rng_;
  int counter_ = 0;
};

}  // namespace runform::tools::onnx_graph
