// The model manifest: the shipped file parses into runnable specs; mistakes in it are named.
#include <gtest/gtest.h>

#include "tools/model_manifest.h"

namespace runform::tools {
namespace {

const char* kMinimal = R"(
[[model]]
name = "m"
family = "heatmaps"
source = "generated"
file = "m.onnx"
licence = "x"
input_width = 64
input_height = 32
layout = "nchw"
colour = "bgr"
mean = [1.0, 2.0, 3.0]
scale = 0.5
outputs = ["heatmaps"]
heads = []
sigmoid = false
keypoints = "openpose18"
)";

std::string error_of(const std::string& text) {
  try {
    parse_model_manifest(text, "manifest.toml");
  } catch (const ManifestError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(ModelManifest, TheShippedManifestDescribesEveryModel) {
  const auto entries = load_model_manifest(manifest_path(RUNFORM_ASSETS_DIR));
  ASSERT_EQ(entries.size(), 4U);
  const ManifestEntry& lightning = find_model(entries, "movenet-lightning");
  EXPECT_EQ(lightning.spec.family, camera::ModelFamily::kMoveNet);
  EXPECT_EQ(lightning.spec.input, cv::Size(192, 192));
  EXPECT_TRUE(lightning.spec.channels_last);
  EXPECT_EQ(lightning.sha256.size(), 64U);
  EXPECT_EQ(lightning.licence, "Apache-2.0");
  EXPECT_EQ(lightning.url.rfind("https://", 0), 0U);
  EXPECT_EQ(spec_in(lightning, "/m").path, "/m/movenet-lightning.prepared.onnx") << "OpenCV loads the prepared graph";
  const ManifestEntry& openpose = find_model(entries, "lightweight-openpose");
  EXPECT_EQ(openpose.spec.family, camera::ModelFamily::kHeatmaps);
  EXPECT_EQ(openpose.spec.keypoints, camera::openpose18_map());
  EXPECT_FALSE(openpose.spec.channels_last);
  const ManifestEntry& markers = find_model(entries, "synthetic-markers");
  EXPECT_EQ(markers.source, "generated");
  EXPECT_EQ(spec_in(markers, "/m").path, "/m/synthetic-markers.onnx");
}

TEST(ModelManifest, ReadsEveryField) {
  const auto entries = parse_model_manifest(kMinimal, "manifest.toml");
  ASSERT_EQ(entries.size(), 1U);
  const camera::ModelSpec& s = entries[0].spec;
  EXPECT_EQ(s.input, cv::Size(64, 32));
  EXPECT_FALSE(s.rgb);
  EXPECT_EQ(s.mean, cv::Scalar(1, 2, 3));
  EXPECT_DOUBLE_EQ(s.scale, 0.5);
  EXPECT_EQ(s.outputs, std::vector<std::string>{"heatmaps"});
  EXPECT_EQ(s.keypoints, camera::openpose18_map());
}

TEST(ModelManifest, NamesEachMistake) {
  EXPECT_NE(error_of("[[model]\n").find("manifest.toml:"), std::string::npos);
  EXPECT_NE(error_of("title = 1\n").find("no [[model]] tables"), std::string::npos);
  EXPECT_NE(error_of(replaced(kMinimal, "family = \"heatmaps\"", "family = \"yolo\"")).find("'family' is 'yolo'; expected one of movenet, heatmaps"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kMinimal, "scale = 0.5", "scale = 0.5\nscael = 1.0")).find("unknown key 'scael'"), std::string::npos);
  EXPECT_NE(error_of(replaced(kMinimal, "mean = [1.0, 2.0, 3.0]", "mean = [1.0]")).find("'mean' needs 3 values"), std::string::npos);
  EXPECT_NE(error_of(replaced(kMinimal, "source = \"generated\"", "source = \"download\"")).find("missing key 'url'"), std::string::npos);
  EXPECT_NE(error_of(replaced(kMinimal, "source = \"generated\"", "source = \"download\"\nurl = \"u\"\nsha256 = \"ABC\""))
                .find("'sha256' must be 64 lowercase hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + kMinimal).find("model 'm' appears twice"), std::string::npos);
  const auto entries = parse_model_manifest(kMinimal, "manifest.toml");
  try {
    find_model(entries, "posenet");
    FAIL() << "no error";
  } catch (const ManifestError& e) {
    EXPECT_NE(std::string(e.what()).find("known models: m"), std::string::npos);
  }
}

}  // namespace
}  // namespace runform::tools
