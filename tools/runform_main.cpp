// `runform`: the command line. Subcommands: simulate, analyze, record, prepare-model, demo.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "form/analysis.h"
#include "form/cue_catalog.h"
#include "form/text_table.h"
#include "sim/track_simulator.h"
#include "tools/analysis_json.h"
#include "tools/demo_report.h"
#include "tools/model_manifest.h"
#include "tools/model_prep/movenet_prep.h"
#include "tools/render_video.h"
#include "tools/sim_spec_json.h"
#include "tools/station_record.h"
#include "tools/video_analysis.h"
#include "station/quiet_camera_logs.h"

namespace {

using namespace runform;

std::string default_assets_dir() {
  if (const char* env = std::getenv("RUNFORM_ASSETS")) return env;
  return RUNFORM_ASSETS_DIR;
}

form::View parse_view(const std::string& v) {
  if (v == "front") return form::View::kFront;
  if (v == "side") return form::View::kSide;
  return form::View::kAuto;
}

// A progress counter on stderr, drawn only when a person is watching a terminal. A streamed
// track's length is unknown until its end, so it counts frames and seconds of track.
form::ProgressFn terminal_progress(double fps) {
  if (!isatty(STDERR_FILENO)) return {};
  return [fps](std::size_t frames) {
    std::fprintf(stderr, "\ranalyzing: %zu frames (%.1f min of track)", frames, static_cast<double>(frames) / fps / 60.0);
    std::fflush(stderr);
  };
}

struct SimulateOptions {
  std::string out;
  std::string truth;
  std::string spec_file;
  std::string view = "front";
  std::vector<std::string> set;
  std::vector<std::string> fatigue;
  std::vector<std::string> rails;
  std::vector<std::string> passerby;
  std::string hidden_arm;
  std::optional<double> duration_s, noise, drop;
  std::optional<unsigned> seed;
  std::string render;
  bool plain = false;
};

sim::SimulationSpec build_spec(const SimulateOptions& o) {
  sim::SimulationSpec spec;
  spec.camera.view = parse_view(o.view);
  if (!o.spec_file.empty()) {
    std::ifstream in(o.spec_file);
    if (!in) throw std::invalid_argument("cannot open spec file " + o.spec_file);
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
      throw std::invalid_argument(o.spec_file + ": not valid JSON: " + e.what());
    }
    tools::apply_spec_json(doc, spec);
  }
  for (const std::string& kv : o.set) {
    const auto eq = kv.find('=');
    double* field = eq == std::string::npos ? nullptr : sim::runner_param(spec.runner, kv.substr(0, eq));
    if (!field) throw std::invalid_argument("--set expects NAME=VALUE with a runner parameter name, got '" + kv + "'");
    try {
      *field = std::stod(kv.substr(eq + 1));
    } catch (const std::exception&) {
      throw std::invalid_argument("--set " + kv + ": value is not a number");
    }
  }
  for (const std::string& f : o.fatigue) {
    // NAME:DELTA[:START_FRACTION]
    std::stringstream ss(f);
    std::string name, delta, start;
    std::getline(ss, name, ':');
    std::getline(ss, delta, ':');
    std::getline(ss, start, ':');
    try {
      spec.runner.fatigue.push_back({name, std::stod(delta), start.empty() ? 0.0 : std::stod(start)});
    } catch (const std::exception&) {
      throw std::invalid_argument("--fatigue expects NAME:DELTA[:START_FRACTION], got '" + f + "'");
    }
  }
  for (const std::string& r : o.rails) spec.realism.hands_on_rails.push_back(tools::parse_interval(r));
  for (const std::string& p : o.passerby) spec.realism.passerby.push_back(tools::parse_interval(p));
  if (o.hidden_arm == "left") spec.realism.hidden_arm = sim::HiddenArm::kLeft;
  if (o.hidden_arm == "right") spec.realism.hidden_arm = sim::HiddenArm::kRight;
  if (o.duration_s) spec.runner.duration_s = *o.duration_s;
  if (o.noise) spec.realism.noise_torso = *o.noise;
  if (o.drop) spec.realism.drop_fraction = *o.drop;
  if (o.seed) spec.realism.seed = *o.seed;
  return spec;
}

int run_simulate(const SimulateOptions& o) {
  const sim::SimulationSpec spec = build_spec(o);
  if (!o.render.empty()) {
    const bool tty = isatty(STDERR_FILENO) != 0;
    tools::render_video(spec, o.plain, o.render, [&](long done, long total) {
      if (tty) std::fprintf(stderr, "\rrendering %s %s ", o.render.c_str(), tools::progress_line(static_cast<std::size_t>(done), static_cast<std::size_t>(total), spec.camera.fps).c_str());
    });
    if (tty) std::fprintf(stderr, "\n");
    std::cerr << "wrote " << o.render << "\n";
  }
  std::ofstream out(o.out);
  if (!out) throw std::invalid_argument("cannot write " + o.out);
  form::write_header(out, sim::header_for(spec));
  const sim::GroundTruth truth = sim::simulate(spec, [&](const form::PoseFrame& f) { form::write_frame(out, f); });
  if (!out.flush()) throw std::runtime_error("writing " + o.out + " failed (disk full?)");
  const std::string truth_path = o.truth.empty() ? o.out + ".truth.json" : o.truth;
  std::ofstream truth_out(truth_path);
  truth_out << tools::truth_json(spec, truth).dump(2) << "\n";
  if (!truth_out.flush()) throw std::runtime_error("writing " + truth_path + " failed");
  std::cerr << "wrote " << o.out << " and " << truth_path << "\n";
  return 0;
}

std::string default_models_dir() {
  if (const char* env = std::getenv("RUNFORM_MODELS")) return env;
  return "models";
}

// Camera and model flags shared by `analyze --video` and `record`.
struct CameraFlags {
  std::string model = "synthetic-markers";
  std::string models_dir = default_models_dir();
  std::string zone;
  std::vector<std::string> rails;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--model", model, "Pose model from assets/models/manifest.toml")->capture_default_str();
    cmd->add_option("--models-dir", models_dir, "Folder of model files (default $RUNFORM_MODELS or ./models)");
    cmd->add_option("--zone", zone, "Treadmill zone X,Y,W,H in image pixels (default: the whole frame)");
    cmd->add_option("--rail", rails, "Handrail line X1,Y1,X2,Y2 in image pixels (repeatable)");
  }
  [[nodiscard]] tools::ModelChoice model_choice(const std::string& assets) const {
    return {model, tools::manifest_path(assets), models_dir};
  }
  [[nodiscard]] tools::StationChoice station() const {
    tools::StationChoice s;
    if (!zone.empty()) s.zone = tools::parse_zone(zone);
    for (const std::string& r : rails) s.rails.push_back(tools::parse_rail(r));
    return s;
  }
};

// A progress bar on stderr while a person watches a terminal.
tools::VideoProgressFn terminal_video_progress(const std::string& label) {
  if (!isatty(STDERR_FILENO)) return {};
  return [label](std::size_t done, std::size_t total, const camera::PipelineStats& stats) {
    const double fps = stats.inference.p50_ms > 0.0 ? 1000.0 / stats.inference.p50_ms : 0.0;
    std::fprintf(stderr, "\r%s %s ", label.c_str(), tools::progress_line(done, total, fps).c_str());
    std::fflush(stderr);
  };
}

struct AnalyzeOptions {
  std::string track;
  std::string video;
  std::string annotate;
  CameraFlags camera;
  std::string out;
  std::string view = "auto";
  double baseline_s = 3.0;
  std::optional<double> height_cm;
  std::string assets = default_assets_dir();
};

void write_json_output(const nlohmann::json& doc, const std::string& out_path) {
  const std::string text = doc.dump(2) + "\n";
  if (out_path.empty()) {
    std::cout << text;
    return;
  }
  std::ofstream out(out_path);
  out << text;
  if (!out.flush()) throw std::runtime_error("writing " + out_path + " failed");
}

int run_analyze_video(const AnalyzeOptions& o) {
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  tools::VideoAnalysisOptions v;
  v.video = o.video;
  v.model = o.camera.model_choice(o.assets);
  v.station = o.camera.station();
  v.annotate_out = o.annotate;
  v.engine.view = parse_view(o.view);
  v.engine.baseline_s = o.baseline_s;
  v.engine.height_cm = o.height_cm;
  const tools::VideoAnalysis result = tools::analyze_video(v, catalog, terminal_video_progress("analyzing " + o.video));
  if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  const camera::PipelineStats& s = result.stats;
  std::fprintf(stderr, "%zu frames, runner found in %zu; inference p50 %.1f ms p95 %.1f ms%s\n", result.analysis.frames,
               result.frames_with_runner, s.inference.p50_ms, s.inference.p95_ms,
               o.annotate.empty() ? "" : ("; annotated clip " + o.annotate).c_str());
  if (result.median_truth_error_px >= 0.0) {
    std::fprintf(stderr, "synthetic source: median landmark error %.2f px against the ground truth\n", result.median_truth_error_px);
  }
  write_json_output(tools::analysis_json(result.analysis), o.out);
  return 0;
}

int run_analyze(const AnalyzeOptions& o) {
  if (o.track.empty() == o.video.empty()) throw std::invalid_argument("give either a track file or --video FILE (not both)");
  if (!o.video.empty()) return run_analyze_video(o);
  if (!o.annotate.empty()) throw std::invalid_argument("--annotate needs --video");
  std::ifstream in(o.track);
  if (!in) throw std::invalid_argument("cannot open track " + o.track + " (check the path)");
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  form::EngineConfig config;
  config.view = parse_view(o.view);
  config.baseline_s = o.baseline_s;
  config.height_cm = o.height_cm;
  form::AnalysisResult result;
  try {
    form::TrackReader reader(in);
    result = form::analyze_track(reader, config, catalog, terminal_progress(reader.header().fps));
    if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  } catch (const form::TrackFormatError& e) {
    throw std::invalid_argument(o.track + ": " + e.what());
  }
  write_json_output(tools::analysis_json(result), o.out);
  return 0;
}

// Errors in what the user gave (files, flags, models, assets) exit 2; anything else exits 1.
bool is_bad_input(const std::exception& e) {
  return dynamic_cast<const std::invalid_argument*>(&e) || dynamic_cast<const form::DataFileError*>(&e) ||
         dynamic_cast<const camera::SourceError*>(&e) || dynamic_cast<const camera::ModelError*>(&e) ||
         dynamic_cast<const tools::ManifestError*>(&e) || dynamic_cast<const tools::PrepError*>(&e);
}

volatile std::sig_atomic_t g_interrupted = 0;

struct RecordFlags {
  std::string camera;
  std::string out;
  std::string view = "auto";
  double duration_s = 0.0;
  double camera_timeout_s = 10.0;
  double upload_timeout_s = 30.0;
  std::vector<std::string> hubs;
  std::string spool = tools::default_spool_path().string();
  std::string athlete;
  bool verbose = false;
  CameraFlags flags;
  std::string assets = default_assets_dir();
};

// `record` runs one session through the station core (tools/station_record.h).
int run_record(const RecordFlags& o) {
  if (o.out.empty() && o.hubs.empty()) throw std::invalid_argument("record needs --out FILE, --hub HOST:PORT, or both");
  station::quiet_camera_logs(o.verbose);
  tools::StationRecordOptions r;
  r.camera = o.camera;
  r.out = o.out;
  r.hubs = o.hubs;
  r.spool = o.spool;
  r.athlete = o.athlete;
  r.model = o.flags.model_choice(o.assets);
  r.station = o.flags.station();
  r.view = parse_view(o.view);
  r.duration_s = o.duration_s;
  r.camera_timeout_s = o.camera_timeout_s;
  r.upload_timeout_s = o.upload_timeout_s;
  r.assets = o.assets;
  std::signal(SIGINT, [](int) { g_interrupted = 1; });
  return tools::run_station_record(r, [] { return g_interrupted != 0; }, std::cerr, isatty(STDERR_FILENO) != 0);
}

struct PrepareFlags {
  std::string name;
  std::string list_heads;
  std::vector<std::string> movenet;  // IN OUT
  std::string heads;
  std::string models_dir = default_models_dir();
  std::string assets = default_assets_dir();
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

void print_prep(const tools::PrepReport& r, const std::string& out) {
  std::cout << "prepared " << out << ": " << r.nodes_before << " → " << r.nodes_after << " nodes, " << r.clips_rewritten
            << " Clip rewritten, " << r.casts_removed << " Cast removed" << (r.input_made_float ? ", input made float" : "")
            << "\n";
}

int run_prepare(const PrepareFlags& o) {
  if (!o.list_heads.empty()) {
    const auto candidates = tools::list_head_candidates_file(o.list_heads);
    if (candidates.empty()) std::cout << "no convolution with 1, 17 or 34 output channels in " << o.list_heads << "\n";
    for (const auto& c : candidates) std::cout << c.channels << " channels  " << c.tensor << "  (node " << c.node << ")\n";
    return 0;
  }
  if (!o.movenet.empty()) {
    const auto heads = split_commas(o.heads);
    if (heads.size() != 4) throw std::invalid_argument("--movenet needs --heads HEATMAP,CENTRE,REGRESSION,OFFSET (see --list-heads)");
    print_prep(tools::prepare_movenet_file(o.movenet[0], o.movenet[1], heads), o.movenet[1]);
    return 0;
  }
  if (o.name.empty()) throw std::invalid_argument("name a model from the manifest, or use --list-heads / --movenet");
  const auto entries = tools::load_model_manifest(tools::manifest_path(o.assets));
  const tools::ManifestEntry& entry = tools::find_model(entries, o.name);
  const std::filesystem::path dir = o.models_dir;
  std::filesystem::create_directories(dir);
  if (entry.source == "generated") {
    std::cout << "generated " << tools::generate_model(entry, dir).string() << "\n";
    return 0;
  }
  if (entry.prepared_file.empty()) {
    std::cout << entry.spec.name << " needs no preparation: OpenCV loads " << entry.file << " as downloaded\n";
    return 0;
  }
  const std::filesystem::path in = dir / entry.file;
  if (!std::filesystem::exists(in)) {
    throw std::invalid_argument(in.string() + " is missing: run deploy/fetch-models.sh " + entry.spec.name + " first");
  }
  if (entry.heads.size() != 4) {
    throw std::invalid_argument("the manifest names no heads for " + entry.spec.name + ": run `runform prepare-model --list-heads " +
                                in.string() + "` and set heads = [heatmap, centre, regression, offset] in the manifest");
  }
  print_prep(tools::prepare_movenet_file(in, dir / entry.prepared_file, entry.heads), (dir / entry.prepared_file).string());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"RunForm: running-form analysis for treadmill stations"};
  app.require_subcommand(1);

  SimulateOptions sim_opts;
  auto* simulate = app.add_subcommand("simulate", "Simulate a runner: writes a landmark track and its ground truth");
  simulate->add_option("--out", sim_opts.out, "Track file to write (.jsonl)")->required();
  simulate->add_option("--render", sim_opts.render, "Also render the runner as a video clip (.mp4)");
  simulate->add_flag("--plain", sim_opts.plain, "With --render: no joint markers (the synthetic-markers model needs them)");
  simulate->add_option("--truth", sim_opts.truth, "Ground-truth JSON to write (default: OUT.truth.json)");
  simulate->add_option("--spec", sim_opts.spec_file, "JSON spec: {runner:{…}, camera:{…}, realism:{…}}");
  simulate->add_option("--view", sim_opts.view, "Camera view")->check(CLI::IsMember({"front", "side"}));
  simulate->add_option("--set", sim_opts.set, "Runner parameter NAME=VALUE (repeatable), e.g. head_tilt_deg=8");
  simulate->add_option("--fatigue", sim_opts.fatigue, "Fatigue ramp NAME:DELTA[:START_FRACTION] (repeatable)");
  simulate->add_option("--rails", sim_opts.rails, "Hands on the rails during START-END seconds (repeatable)");
  simulate->add_option("--passerby", sim_opts.passerby, "A second person in frame during START-END seconds");
  simulate->add_option("--hidden-arm", sim_opts.hidden_arm, "Arm hidden by a handrail")
      ->check(CLI::IsMember({"left", "right"}));
  simulate->add_option("--duration", sim_opts.duration_s, "Session length in seconds, standing phase included");
  simulate->add_option("--noise", sim_opts.noise, "Landmark noise sigma as a fraction of torso length");
  simulate->add_option("--drop", sim_opts.drop, "Fraction of frames dropped");
  simulate->add_option("--seed", sim_opts.seed, "Random seed");

  AnalyzeOptions an_opts;
  auto* analyze = app.add_subcommand("analyze", "Analyze a landmark track or a video clip: prints JSON metrics, scores, cues, drills");
  analyze->add_option("track", an_opts.track, "Landmark track (.jsonl)");
  analyze->add_option("--video", an_opts.video, "A video clip (or image folder) to run through the pose pipeline instead");
  analyze->add_option("--annotate", an_opts.annotate, "With --video: write the clip with skeleton and cues drawn (.mp4)");
  an_opts.camera.add_to(analyze);
  analyze->add_option("--out", an_opts.out, "Write the JSON here instead of stdout");
  analyze->add_option("--view", an_opts.view, "Camera view (default: the track header's, else auto)")
      ->check(CLI::IsMember({"front", "side", "auto"}));
  analyze->add_option("--baseline-seconds", an_opts.baseline_s, "Standing calibration length")
      ->check(CLI::Range(0.5, 30.0));
  analyze->add_option("--height-cm", an_opts.height_cm, "Runner height, for centimetre units")
      ->check(CLI::Range(100.0, 230.0));
  analyze->add_option("--assets", an_opts.assets, "RunForm assets folder (cues.txt, drills.txt)");

  RecordFlags rec_opts;
  auto* record = app.add_subcommand("record", "Record a landmark track from a camera, stream, clip or the synthetic runner");
  record->add_option("--camera", rec_opts.camera, "0, /dev/videoN, rtsp://…, a clip, a folder, or synthetic[:front|:side]")->required();
  record->add_option("--out", rec_opts.out, "Track file to write (.jsonl)");
  record->add_option("--hub", rec_opts.hubs, "Stream the session to this hub, HOST:PORT (repeatable: tried in order)");
  record->add_option("--spool", rec_opts.spool, "Disk spool for the upload (kept until the hub has the session)")->capture_default_str();
  record->add_option("--athlete", rec_opts.athlete, "Athlete code (default: a guest session)");
  record->add_option("--duration", rec_opts.duration_s, "Stop after this many seconds of wall-clock time (default: until Ctrl-C or the end)")
      ->check(CLI::Range(0.0, 86400.0));
  record->add_option("--camera-timeout", rec_opts.camera_timeout_s, "Give up when no frame arrives for this many seconds")
      ->capture_default_str()->check(CLI::Range(0.5, 3600.0));
  record->add_option("--upload-timeout", rec_opts.upload_timeout_s, "After recording, wait this long for the hub")
      ->capture_default_str()->check(CLI::Range(0.0, 3600.0));
  record->add_flag("--verbose", rec_opts.verbose, "Show OpenCV's and FFmpeg's own log lines");
  record->add_option("--view", rec_opts.view, "View written in the track header")->check(CLI::IsMember({"front", "side", "auto"}));
  record->add_option("--assets", rec_opts.assets, "RunForm assets folder");
  rec_opts.flags.add_to(record);

  PrepareFlags prep_opts;
  auto* prepare = app.add_subcommand("prepare-model", "Make a manifest model loadable by OpenCV 4.6 (or generate one)");
  prepare->add_option("name", prep_opts.name, "Model name from assets/models/manifest.toml");
  prepare->add_option("--list-heads", prep_opts.list_heads, "List the tensors of an ONNX file that look like MoveNet heads");
  prepare->add_option("--movenet", prep_opts.movenet, "Prepare IN OUT directly (with --heads)")->expected(2);
  prepare->add_option("--heads", prep_opts.heads, "HEATMAP,CENTRE,REGRESSION,OFFSET tensor names");
  prepare->add_option("--models-dir", prep_opts.models_dir, "Folder of model files (default $RUNFORM_MODELS or ./models)");
  prepare->add_option("--assets", prep_opts.assets, "RunForm assets folder");

  tools::DemoOptions demo_opts;
  demo_opts.assets = default_assets_dir();
  auto* demo = app.add_subcommand("demo", "Simulate a 3-minute run with fatigue and show the analysis");
  demo->add_option("--view", demo_opts.view, "Camera view")->check(CLI::IsMember({"front", "side"}));
  demo->add_option("--json", demo_opts.json_out, "Also write the full analysis JSON here");
  demo->add_option("--assets", demo_opts.assets, "RunForm assets folder");
  demo->add_flag("!--no-hub", demo_opts.with_hub, "Skip the kiosk → hub → coach part");
  demo->add_flag("!--no-camera", demo_opts.with_camera, "Skip the rendered-runner camera pipeline part");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*simulate) return run_simulate(sim_opts);
    if (*analyze) return run_analyze(an_opts);
    if (*record) return run_record(rec_opts);
    if (*prepare) return run_prepare(prep_opts);
    if (*demo) return tools::run_demo(demo_opts, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "runform: " << e.what() << "\n";
    return is_bad_input(e) ? 2 : 1;
  }
  return 0;
}
