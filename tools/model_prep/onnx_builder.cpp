#include "tools/model_prep/onnx_builder.h"

#include <cmath>

namespace runform::tools::onnx_graph {

using onnx::AttributeProto;
using onnx::TensorProto;

onnx::ModelProto new_model(const std::string& producer) {
  onnx::ModelProto m;
  m.set_ir_version(7);
  m.set_producer_name(producer);
  m.add_opset_import()->set_version(13);
  return m;
}

onnx::NodeProto* node(onnx::GraphProto* g, const std::string& op, std::initializer_list<std::string> inputs,
                      const std::string& output) {
  auto* n = g->add_node();
  n->set_op_type(op);
  n->set_name(output + "_" + op);
  for (const auto& i : inputs) n->add_input(i);
  n->add_output(output);
  return n;
}

void ints(onnx::NodeProto* node, const std::string& name, std::initializer_list<std::int64_t> values) {
  auto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(AttributeProto::INTS);
  for (const auto v : values) a->add_ints(v);
}

void int_attr(onnx::NodeProto* node, const std::string& name, std::int64_t value) {
  auto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(AttributeProto::INT);
  a->set_i(value);
}

void floats(onnx::GraphProto* g, const std::string& name, std::initializer_list<std::int64_t> dims,
            const std::vector<float>& values) {
  auto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(TensorProto::FLOAT);
  for (const auto d : dims) t->add_dims(d);
  // Raw little-endian bytes: compact for the large random weights of the benchmark networks.
  t->set_raw_data(values.data(), values.size() * sizeof(float));
}

void value_info(onnx::ValueInfoProto* vi, const std::string& name, int elem_type, std::initializer_list<std::int64_t> dims) {
  vi->set_name(name);
  auto* tt = vi->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(elem_type);
  for (const auto d : dims) tt->mutable_shape()->add_dim()->set_dim_value(d);
}

ConvStack::ConvStack(onnx::GraphProto* g, unsigned seed) : g_(g), rng_(seed) {}

std::string ConvStack::fresh(const std::string& stem) { return stem + "_" + std::to_string(counter_++); }

std::string ConvStack::conv(const std::string& input, int in_ch, int out_ch, int kernel, int stride, int groups, bool relu,
                            int dilation) {
  const std::string name = fresh("conv");
  // He-style scale keeps activations in range through deep stacks, so timing is realistic.
  const int fan_in = in_ch / groups * kernel * kernel;
  std::normal_distribution<float> weight(0.0F, std::sqrt(2.0F / static_cast<float>(fan_in)));
  std::vector<float> w(static_cast<std::size_t>(out_ch) * static_cast<std::size_t>(fan_in));
  for (float& v : w) v = weight(rng_);
  floats(g_, name + "_w", {out_ch, in_ch / groups, kernel, kernel}, w);
  floats(g_, name + "_b", {out_ch}, std::vector<float>(static_cast<std::size_t>(out_ch), 0.01F));
  auto* n = node(g_, "Conv", {input, name + "_w", name + "_b"}, name);
  ints(n, "kernel_shape", {kernel, kernel});
  ints(n, "strides", {stride, stride});
  const int pad = dilation * (kernel - 1) / 2;
  ints(n, "pads", {pad, pad, pad, pad});
  ints(n, "dilations", {dilation, dilation});
  int_attr(n, "group", groups);
  if (!relu) return name;
  node(g_, "Relu", {name}, name + "_relu");
  return name + "_relu";
}

std::string ConvStack::add(const std::string& a, const std::string& b) {
  const std::string name = fresh("add");
  node(g_, "Add", {a, b}, name);
  return name;
}

std::string ConvStack::concat(std::initializer_list<std::string> inputs) {
  const std::string name = fresh("concat");
  int_attr(node(g_, "Concat", inputs, name), "axis", 1);
  return name;
}

std::string ConvStack::upsample2x(const std::string& input) {
  const std::string name = fresh("up");
  floats(g_, name + "_scales", {4}, {1.0F, 1.0F, 2.0F, 2.0F});
  // Resize(X, roi, scales): an empty roi name is how ONNX leaves an optional input out.
  auto* n = g_->add_node();
  n->set_op_type("Resize");
  n->set_name(name + "_Resize");
  n->add_input(input);
  n->add_input("");
  n->add_input(name + "_scales");
  n->add_output(name);
  auto* mode = n->add_attribute();
  mode->set_name("mode");
  mode->set_type(AttributeProto::STRING);
  mode->set_s("nearest");
  return name;
}

}  // namespace runform::tools::onnx_graph
