#include "tools/model_prep/movenet_prep.h"

#include <onnx/onnx-ml.pb.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace runform::tools {

namespace {

// The value of a scalar float initializer, if `name` is one.
std::optional<float> scalar_initializer(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& t : graph.initializer()) {
    if (t.name() != name) continue;
    if (t.data_type() != onnx::TensorProto::FLOAT) return std::nullopt;
    if (t.float_data_size() == 1) return t.float_data(0);
    if (t.raw_data().size() == sizeof(float)) {
      float v = 0.0F;
      std::memcpy(&v, t.raw_data().data(), sizeof(float));
      return v;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

void rename_input_everywhere(onnx::GraphProto& graph, const std::string& from, const std::string& to) {
  for (auto& node : *graph.mutable_node()) {
    for (auto& input : *node.mutable_input()) {
      if (input == from) input = to;
    }
  }
  for (auto& output : *graph.mutable_output()) {
    if (output.name() == from) output.set_name(to);
  }
}

}  // namespace

PrepReport prepare_movenet(onnx::ModelProto& model, const std::vector<std::string>& heads) {
  onnx::GraphProto& graph = *model.mutable_graph();
  PrepReport report;
  report.nodes_before = graph.node_size();
  if (graph.input_size() < 1) throw PrepError("the model has no input");

  std::map<std::string, int> producer;  // tensor → index of the node that makes it
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const auto& out : graph.node(i).output()) producer[out] = i;
  }
  for (const auto& head : heads) {
    if (!producer.contains(head)) throw PrepError("no node produces the head tensor '" + head + "'");
  }

  // Keep only what the heads need: walk backwards from them.
  std::set<int> keep;
  std::vector<std::string> pending(heads.begin(), heads.end());
  std::set<std::string> seen;
  while (!pending.empty()) {
    const std::string tensor = pending.back();
    pending.pop_back();
    if (!seen.insert(tensor).second) continue;
    const auto it = producer.find(tensor);
    if (it == producer.end()) continue;  // a graph input or an initializer
    if (keep.insert(it->second).second) {
      for (const auto& in : graph.node(it->second).input()) pending.push_back(in);
    }
  }
  google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
  for (int i = 0; i < graph.node_size(); ++i) {
    if (keep.contains(i)) *kept.Add() = graph.node(i);
  }
  graph.mutable_node()->Swap(&kept);

  // The heads become the outputs. Their shapes come from the graph's value_info when the export
  // recorded them; otherwise they stay unknown (an empty shape, which OpenCV requires to exist).
  graph.clear_output();
  for (const auto& head : heads) {
    auto* output = graph.add_output();
    const auto known = std::find_if(graph.value_info().begin(), graph.value_info().end(),
                                    [&](const onnx::ValueInfoProto& v) { return v.name() == head; });
    if (known != graph.value_info().end()) {
      *output = *known;
      continue;
    }
    output->set_name(head);
    auto* tensor = output->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    tensor->mutable_shape();
  }

  // A float input; a Cast that only turned the old integer input into float goes away.
  auto* input_type = graph.mutable_input(0)->mutable_type()->mutable_tensor_type();
  const std::string input_name = graph.input(0).name();
  if (input_type->elem_type() != onnx::TensorProto::FLOAT) {
    input_type->set_elem_type(onnx::TensorProto::FLOAT);
    report.input_made_float = true;
  }
  for (int i = 0; i < graph.node_size();) {
    const auto& node = graph.node(i);
    if (node.op_type() == "Cast" && node.input_size() == 1 && node.input(0) == input_name) {
      const std::string cast_output = node.output(0);
      graph.mutable_node()->DeleteSubrange(i, 1);
      rename_input_everywhere(graph, cast_output, input_name);
      ++report.casts_removed;
      continue;
    }
    ++i;
  }

  // Clip(x, min, max) with constant min/max → Clip(x) with min/max attributes.
  for (auto& node : *graph.mutable_node()) {
    if (node.op_type() != "Clip" || node.input_size() <= 1) continue;
    const auto lo = node.input_size() > 1 && !node.input(1).empty() ? scalar_initializer(graph, node.input(1)) : std::nullopt;
    const auto hi = node.input_size() > 2 && !node.input(2).empty() ? scalar_initializer(graph, node.input(2)) : std::nullopt;
    if ((node.input_size() > 1 && !node.input(1).empty() && !lo) || (node.input_size() > 2 && !node.input(2).empty() && !hi)) {
      throw PrepError("Clip node '" + node.name() + "' has min/max that are not constants");
    }
    const std::string x = node.input(0);
    node.clear_input();
    node.add_input(x);
    if (lo) {
      auto* a = node.add_attribute();
      a->set_name("min");
      a->set_type(onnx::AttributeProto::FLOAT);
      a->set_f(*lo);
    }
    if (hi) {
      auto* a = node.add_attribute();
      a->set_name("max");
      a->set_type(onnx::AttributeProto::FLOAT);
      a->set_f(*hi);
    }
    ++report.clips_rewritten;
  }

  // Drop initializers nothing uses any more.
  std::set<std::string> used;
  for (const auto& node : graph.node()) used.insert(node.input().begin(), node.input().end());
  google::protobuf::RepeatedPtrField<onnx::TensorProto> initializers;
  for (const auto& t : graph.initializer()) {
    if (used.contains(t.name())) *initializers.Add() = t;
  }
  graph.mutable_initializer()->Swap(&initializers);
  report.nodes_after = graph.node_size();
  return report;
}

std::vector<HeadCandidate> list_head_candidates(const onnx::ModelProto& model) {
  std::map<std::string, int> out_channels;  // initializer name → its first dimension
  for (const auto& init : model.graph().initializer()) {
    if (init.dims_size() == 4) out_channels[init.name()] = static_cast<int>(init.dims(0));
  }
  std::vector<HeadCandidate> found;
  for (const auto& node : model.graph().node()) {
    if (node.op_type() != "Conv" || node.input_size() < 2 || node.output_size() < 1) continue;
    const auto it = out_channels.find(node.input(1));
    if (it == out_channels.end()) continue;
    if (it->second == 1 || it->second == 17 || it->second == 34) found.push_back({node.output(0), node.name(), it->second});
  }
  return found;
}

std::vector<HeadCandidate> list_head_candidates_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw PrepError("cannot read '" + path.string() + "'");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&file)) throw PrepError("'" + path.string() + "' is not an ONNX model");
  return list_head_candidates(model);
}

PrepReport prepare_movenet_file(const std::filesystem::path& in, const std::filesystem::path& out,
                                const std::vector<std::string>& heads) {
  std::ifstream file(in, std::ios::binary);
  if (!file) throw PrepError("cannot read '" + in.string() + "'");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&file)) throw PrepError("'" + in.string() + "' is not an ONNX model");
  const PrepReport report = prepare_movenet(model, heads);
  std::ofstream written(out, std::ios::binary);
  if (!written || !model.SerializeToOstream(&written)) throw PrepError("cannot write '" + out.string() + "'");
  return report;
}

}  // namespace runform::tools
