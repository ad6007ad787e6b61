#include "tools/model_manifest.h"

#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace runform::tools {
namespace {

class EntryReader {
 public:
  EntryReader(const toml::table& table, std::string where) : table_(table), where_(std::move(where)) {}

  std::string text(std::string_view key, bool required = true) const {
    const toml::node* node = table_.get(key);
    if (!node) {
      if (required) throw ManifestError(where_ + ": missing key '" + std::string(key) + "'");
      return {};
    }
    const auto v = node->value<std::string>();
    if (!v) throw ManifestError(where_ + ": '" + std::string(key) + "' must be a string");
    return *v;
  }
  double number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    const auto v = node ? node->value<double>() : std::nullopt;
    if (!v) throw ManifestError(where_ + ": '" + std::string(key) + "' must be a number");
    return *v;
  }
  bool flag(std::string_view key) const {
    const toml::node* node = table_.get(key);
    const auto v = node ? node->value<bool>() : std::nullopt;
    if (!v) throw ManifestError(where_ + ": '" + std::string(key) + "' must be true or false");
    return *v;
  }
  template <class T>
  std::vector<T> list(std::string_view key) const {
    const toml::array* array = table_.get_as<toml::array>(key);
    if (!array) throw ManifestError(where_ + ": '" + std::string(key) + "' must be a list");
    std::vector<T> out;
    for (const toml::node& item : *array) {
      const auto v = item.value<T>();
      if (!v) throw ManifestError(where_ + ": '" + std::string(key) + "' holds a value of the wrong type");
      out.push_back(*v);
    }
    return out;
  }
  std::string choice(std::string_view key, std::initializer_list<std::string_view> allowed) const {
    const std::string v = text(key);
    for (const auto a : allowed) {
      if (v == a) return v;
    }
    std::string options;
    for (const auto a : allowed) options += (options.empty() ? "" : ", ") + std::string(a);
    throw ManifestError(where_ + ": '" + std::string(key) + "' is '" + v + "'; expected one of " + options);
  }
  void reject_unknown(const std::set<std::string_view>& known) const {
    for (const auto& [key, value] : table_) {
      if (!known.contains(key.str())) throw ManifestError(where_ + ": unknown key '" + std::string(key.str()) + "'");
    }
  }

 private:
  const toml::table& table_;
  std::string where_;
};

ManifestEntry read_entry(const toml::table& t, const std::string& where) {
  const EntryReader r(t, where);
  r.reject_unknown({"name", "family", "source", "file", "prepared_file", "url", "sha256", "licence", "input_width",
                    "input_height", "layout", "colour", "mean", "scale", "outputs", "heads", "sigmoid", "keypoints"});
  ManifestEntry e;
  e.spec.name = r.text("name");
  const EntryReader named(t, where + " (" + e.spec.name + ")");
  e.spec.family = named.choice("family", {"movenet", "heatmaps"}) == "movenet" ? camera::ModelFamily::kMoveNet
                                                                               : camera::ModelFamily::kHeatmaps;
  e.source = named.choice("source", {"download", "generated"});
  e.file = named.text("file");
  e.prepared_file = named.text("prepared_file", false);
  e.url = named.text("url", e.source == "download");
  e.sha256 = named.text("sha256", e.source == "download");
  if (!e.sha256.empty() && (e.sha256.size() != 64 || e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)) {
    throw ManifestError(where + " (" + e.spec.name + "): 'sha256' must be 64 lowercase hex digits or empty");
  }
  e.licence = named.text("licence");
  e.spec.input = {static_cast<int>(named.number("input_width")), static_cast<int>(named.number("input_height"))};
  if (e.spec.input.width < 16 || e.spec.input.height < 16) throw ManifestError(where + ": input size below 16 px");
  e.spec.channels_last = named.choice("layout", {"nhwc", "nchw"}) == "nhwc";
  e.spec.rgb = named.choice("colour", {"rgb", "bgr"}) == "rgb";
  const auto mean = named.list<double>("mean");
  if (mean.size() != 3) throw ManifestError(where + " (" + e.spec.name + "): 'mean' needs 3 values");
  e.spec.mean = cv::Scalar(mean[0], mean[1], mean[2]);
  e.spec.scale = named.number("scale");
  e.spec.outputs = named.list<std::string>("outputs");
  e.heads = named.list<std::string>("heads");
  e.spec.apply_sigmoid = named.flag("sigmoid");
  e.spec.keypoints = named.choice("keypoints", {"coco17", "openpose18"}) == "coco17" ? camera::coco17_identity_map()
                                                                                     : camera::openpose18_map();
  return e;
}

}  // namespace

std::vector<ManifestEntry> parse_model_manifest(std::string_view toml_text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    throw ManifestError(origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  const toml::array* models = root.get_as<toml::array>("model");
  if (!models || models->empty()) throw ManifestError(origin + ": no [[model]] tables");
  std::vector<ManifestEntry> entries;
  std::set<std::string> names;
  for (std::size_t i = 0; i < models->size(); ++i) {
    const toml::table* t = models->get(i)->as_table();
    const std::string where = origin + ": model #" + std::to_string(i + 1);
    if (!t) throw ManifestError(where + " is not a table");
    entries.push_back(read_entry(*t, where));
    if (!names.insert(entries.back().spec.name).second) {
      throw ManifestError(origin + ": model '" + entries.back().spec.name + "' appears twice");
    }
  }
  return entries;
}

std::filesystem::path manifest_path(const std::filesystem::path& assets_dir) {
  return assets_dir / "models" / "manifest.toml";
}

std::vector<ManifestEntry> load_model_manifest(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ManifestError("cannot read the model manifest " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return parse_model_manifest(text.str(), path.string());
}

const ManifestEntry& find_model(const std::vector<ManifestEntry>& entries, const std::string& name) {
  for (const ManifestEntry& e : entries) {
    if (e.spec.name == name) return e;
  }
  std::string known;
  for (const ManifestEntry& e : entries) known += (known.empty() ? "" : ", ") + e.spec.name;
  throw ManifestError("no model named '" + name + "' in the manifest; known models: " + known);
}

camera::ModelSpec spec_in(const ManifestEntry& entry, const std::filesystem::path& models_dir) {
  camera::ModelSpec spec = entry.spec;
  spec.path = (models_dir / (entry.prepared_file.empty() ? entry.file : entry.prepared_file)).string();
  return spec;
}

}  // namespace runform::tools
