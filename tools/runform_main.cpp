// `runform`: the command line. Commands: simulate, analyze, record, prepare-model, demo, help,
// version. Conventions (common/cli_conventions.h): exit 0 on success, 2 for a usage error or bad
// input, 1 for a failure while running; every error line starts with "runform: ".
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
#include "common/cli_conventions.h"
#include "tools/analysis_checks.h"
#include "tools/analysis_json.h"
#include "tools/cli_support.h"
#include "tools/export_command.h"
#include "tools/assessment_command.h"
#include "tools/demo_report.h"
#include "tools/model_cache.h"
#include "tools/model_manifest.h"
#include "tools/native_logs.h"
#include "tools/runner_param_docs.h"
#include "tools/text_report.h"
#include "tools/model_prep/movenet_prep.h"
#include "tools/render_video.h"
#include "tools/sim_spec_json.h"
#include "tools/spool_command.h"
#include "services/client/kiosk_credential.h"
#include "services/client/station_uplink.h"
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
  bool list_params = false;
};

std::vector<std::string> runner_param_names() {
  std::vector<std::string> names;
  for (const std::string_view n : sim::runner_param_names()) names.emplace_back(n);
  return names;
}

// "--set X=V" names what the person typed; an unknown name gets the closest one and the list.
std::string unknown_param(const std::string& flag, const std::string& name) {
  return flag + ": no runner parameter '" + name + "'." + common::did_you_mean(name, runner_param_names()) +
         " Run 'runform simulate --list-params' for every name, its unit and default.";
}

// Applies one --set NAME=VALUE, checking the value against the simulator's rules on its own.
void apply_set(const std::string& kv, sim::RunnerParams& runner) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos) throw std::invalid_argument("--set expects NAME=VALUE, got '" + kv + "'");
  const std::string name = kv.substr(0, eq);
  double* field = sim::runner_param(runner, name);
  if (!field) throw std::invalid_argument(unknown_param("--set " + kv, name));
  double value = 0.0;
  try {
    std::size_t used = 0;
    value = std::stod(kv.substr(eq + 1), &used);
    if (used != kv.size() - eq - 1) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    throw std::invalid_argument("--set " + kv + ": the value is not a number");
  }
  sim::SimulationSpec alone;
  *sim::runner_param(alone.runner, name) = value;
  if (name == "standing_s") alone.runner.duration_s = std::max(alone.runner.duration_s, value + 10.0);
  if (const auto problem = sim::validate(alone)) throw std::invalid_argument("--set " + kv + ": " + *problem);
  *field = value;
}

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
  for (const std::string& kv : o.set) apply_set(kv, spec.runner);
  for (const std::string& f : o.fatigue) {
    // NAME:DELTA[:START_FRACTION]
    std::stringstream ss(f);
    std::string name, delta, start;
    std::getline(ss, name, ':');
    std::getline(ss, delta, ':');
    std::getline(ss, start, ':');
    if (!sim::runner_param(spec.runner, name)) throw std::invalid_argument(unknown_param("--fatigue " + f, name));
    try {
      spec.runner.fatigue.push_back({name, std::stod(delta), start.empty() ? 0.0 : std::stod(start)});
    } catch (const std::exception&) {
      throw std::invalid_argument("--fatigue expects NAME:DELTA[:START_FRACTION], got '" + f + "'");
    }
    if (const double s = spec.runner.fatigue.back().start_fraction; s < 0.0 || s >= 1.0) {
      throw std::invalid_argument("--fatigue " + f + ": START_FRACTION must be 0 or more and below 1");
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
  // Flags were checked one by one; what is left is how they combine.
  if (const auto problem = sim::validate(spec)) {
    throw std::invalid_argument("these settings do not fit together: " + *problem +
                                " (--duration is duration_s; --set and --spec name the others)");
  }
  return spec;
}

std::invalid_argument unwritable(const std::string& flag, const std::string& path) {
  return std::invalid_argument("cannot write " + flag + " " + path + ": check that the folder exists and is writable");
}

// Checks, before any work, that an output the person named can be written: a wrong folder is
// bad input (exit 2); a failure while writing later is a run failure (exit 1). Creates nothing.
void check_writable(const std::string& flag, const std::string& path) {
  const std::filesystem::path p(path);
  const std::filesystem::path folder = p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec) || ::access(folder.c_str(), W_OK) != 0) throw unwritable(flag, path);
  if (std::filesystem::exists(p, ec) && ::access(p.c_str(), W_OK) != 0) throw unwritable(flag, path);
}

// Opens an output file the person named (see check_writable).
std::ofstream open_output(const std::string& flag, const std::string& path) {
  check_writable(flag, path);
  std::ofstream out(path);
  if (!out) throw unwritable(flag, path);
  return out;
}

int run_simulate(const SimulateOptions& o) {
  if (o.list_params) {
    tools::write_runner_params(std::cout);
    return 0;
  }
  if (o.out.empty()) throw std::invalid_argument("simulate needs --out TRACK.jsonl (or --list-params)");
  const sim::SimulationSpec spec = build_spec(o);
  std::ofstream out = open_output("--out", o.out);
  if (!o.render.empty()) {
    const bool tty = isatty(STDERR_FILENO) != 0;
    tools::render_video(spec, o.plain, o.render, [&](long done, long total) {
      if (tty) std::fprintf(stderr, "\rrendering %s %s ", o.render.c_str(), tools::progress_line(static_cast<std::size_t>(done), static_cast<std::size_t>(total), spec.camera.fps).c_str());
    });
    if (tty) std::fprintf(stderr, "\n");
    std::cerr << "wrote " << o.render << "\n";
  }
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

std::string default_models_dir() { return tools::default_models_dir().string(); }

// Camera and model flags shared by `analyze --video` and `record`.
struct CameraFlags {
  std::string model = "synthetic-markers";
  std::string models_dir = default_models_dir();
  std::string zone;
  std::vector<std::string> rails;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--model", model, "Pose model from assets/models/manifest.toml")->capture_default_str();
    cmd->add_option("--models-dir", models_dir, "Folder of model files ($RUNFORM_MODELS, else ~/.cache/runform/models)")
        ->capture_default_str();
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
  std::string format = "json";
  bool verbose = false;
  std::string assets = default_assets_dir();
};

// Writes the analysis as JSON or as the readable report, with the checks' warnings (already
// printed on stderr) kept in the JSON.
void write_analysis(const form::AnalysisResult& result, const AnalyzeOptions& o, nlohmann::json extra_input,
                    const std::vector<std::string>& warnings, const std::optional<tools::ViewCheck>& view) {
  std::ostringstream text;
  if (o.format == "text") {
    tools::write_text_report(result, tools::ReportOptions{o.height_cm}, text);
  } else {
    nlohmann::json doc = tools::analysis_json(result);
    doc["input"].update(extra_input);
    if (view) doc["view"] = tools::view_json(*view);
    doc["warnings"] = warnings;
    text << doc.dump(2) << "\n";
  }
  if (o.out.empty()) {
    std::cout << text.str();
    return;
  }
  std::ofstream out = open_output("--out", o.out);
  out << text.str();
  if (!out.flush()) throw std::runtime_error("writing " + o.out + " failed (disk full?)");
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) std::cerr << "runform: warning: " << w << "\n";
}

// A run that produced nothing worth reporting: exit 1 with the reason.
class NothingSeen : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

int run_analyze_video(const AnalyzeOptions& o) {
  tools::quiet_native_logs(o.verbose);
  if (!o.out.empty()) check_writable("--out", o.out);
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  tools::VideoAnalysisOptions v;
  v.video = o.video;
  v.model = o.camera.model_choice(o.assets);
  v.station = o.camera.station();
  v.annotate_out = o.annotate;
  v.engine.view = parse_view(o.view);
  v.engine.baseline_s = o.baseline_s;
  v.engine.height_cm = o.height_cm;
  std::cerr << "model: " << o.camera.model << " (models folder " << o.camera.models_dir << ")\n";
  const tools::VideoAnalysis result = tools::analyze_video(v, catalog, terminal_video_progress("analyzing " + o.video));
  if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  const camera::PipelineStats& s = result.stats;
  std::fprintf(stderr, "%zu frames%s, runner found in %zu; inference p50 %.1f ms p95 %.1f ms%s\n", result.analysis.frames,
               result.frames_expected > 0 ? (" of " + std::to_string(result.frames_expected) + " announced").c_str() : "",
               result.frames_with_runner, s.inference.p50_ms, s.inference.p95_ms,
               o.annotate.empty() ? "" : ("; annotated clip " + o.annotate).c_str());
  if (result.median_truth_error_px >= 0.0) {
    std::fprintf(stderr, "synthetic source: median landmark error %.2f px against the ground truth\n", result.median_truth_error_px);
  }
  const tools::ClipFacts facts{o.video, o.camera.model, result.analysis.frames, result.frames_expected,
                               result.frames_with_runner, result.analysis.header.width_px,
                               result.analysis.header.height_px, o.camera.zone};
  if (const auto failure = tools::clip_failure(facts)) throw NothingSeen(*failure);
  std::vector<std::string> warnings = tools::clip_warnings(facts);
  std::optional<tools::ViewCheck> view;
  if (v.engine.view != form::View::kAuto) view = tools::ViewCheck{v.engine.view, result.detected_view};
  if (view) {
    if (auto w = tools::view_warning(*view)) warnings.push_back(*w);
  }
  print_warnings(warnings);
  write_analysis(result.analysis, o,
                 {{"frames_expected", result.frames_expected}, {"frames_with_runner", result.frames_with_runner}},
                 warnings, view);
  return 0;
}

// Analyses a track file with `config`; the file's own errors name the file and the line.
form::AnalysisResult analyze_track_file(const std::string& path, const form::EngineConfig& config,
                                        const form::CoachingCatalog& catalog, bool show_progress) {
  if (std::filesystem::is_directory(path)) {
    throw std::invalid_argument(path + " is a folder: give a .jsonl track file (or --video FOLDER for a folder of images)");
  }
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open track " + path + " (check the path)");
  try {
    form::TrackReader reader(in);
    auto result = form::analyze_track(reader, config, catalog, show_progress ? terminal_progress(reader.header().fps) : form::ProgressFn{});
    if (show_progress && isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
    return result;
  } catch (const form::TrackFormatError& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

int run_analyze(const AnalyzeOptions& o) {
  if (o.track.empty() == o.video.empty()) throw std::invalid_argument("give either a track file or --video FILE (not both)");
  if (!o.video.empty()) return run_analyze_video(o);
  if (!o.out.empty()) check_writable("--out", o.out);
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  form::EngineConfig config;
  config.view = parse_view(o.view);
  config.baseline_s = o.baseline_s;
  config.height_cm = o.height_cm;
  const form::AnalysisResult result = analyze_track_file(o.track, config, catalog, true);
  std::vector<std::string> warnings;
  std::optional<tools::ViewCheck> view;
  if (config.view != form::View::kAuto) {
    // A forced view: detection alone gets its own (fast) pass, so a disagreement is reported.
    form::EngineConfig detect = config;
    detect.view = form::View::kAuto;
    view = tools::ViewCheck{config.view, analyze_track_file(o.track, detect, catalog, false).summary.view};
    if (auto w = tools::view_warning(*view)) warnings.push_back(*w);
  }
  print_warnings(warnings);
  write_analysis(result, o, nlohmann::json::object(), warnings, view);
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
  std::string hub_ca;
  std::string token_file = "runform-kiosk.token";
  std::string enrolment_code;
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
  r.hub_ca = o.hub_ca;
  if (!o.hubs.empty()) {
    // Uploads go as an enrolled kiosk: enrol once with an admin's code (at the first hub: the hubs
    // share their store), then reuse the token file.
    if (!o.enrolment_code.empty()) {
      services::save_kiosk_credential(
          o.token_file, services::enrol_kiosk(o.hubs.front(), o.hub_ca, o.enrolment_code, r.kiosk_id));
    }
    const auto credential = services::load_kiosk_credential(o.token_file);
    r.kiosk_token = credential.kiosk_token;
    r.kiosk_id = credential.kiosk_id;
    r.station_id = credential.station_id;
  }
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
  CLI::App app{"RunForm: running-form analysis for treadmill stations.\n"
               "Exit codes: 0 success, 2 usage error or bad input, 1 failure while running."};
  app.name("runform");
  app.get_formatter()->column_width(34);
  app.option_defaults()->always_capture_default();

  SimulateOptions sim_opts;
  const sim::SimulationSpec sim_defaults;
  auto* simulate = app.add_subcommand("simulate", "Simulate a runner: writes a landmark track and its ground truth");
  simulate->add_option("--out", sim_opts.out, "Track file to write (.jsonl); required unless --list-params");
  simulate->add_flag("--list-params", sim_opts.list_params, "List the runner parameters --set takes (unit, default) and exit");
  auto* render_opt = simulate->add_option("--render", sim_opts.render, "Also render the runner as a video clip (.mp4)");
  simulate->add_flag("--plain", sim_opts.plain, "With --render: no joint markers (the synthetic-markers model needs them)")
      ->needs(render_opt);
  simulate->add_option("--truth", sim_opts.truth, "Ground-truth JSON to write (default: OUT.truth.json)");
  simulate->add_option("--spec", sim_opts.spec_file, "JSON spec: {runner:{…}, camera:{…}, realism:{…}}");
  simulate->add_option("--view", sim_opts.view, "Camera view")->check(CLI::IsMember({"front", "side"}));
  simulate->add_option("--set", sim_opts.set, "Runner parameter NAME=VALUE (repeatable), e.g. head_tilt_deg=8; see --list-params");
  simulate->add_option("--fatigue", sim_opts.fatigue, "Fatigue ramp NAME:DELTA[:START_FRACTION] (repeatable)");
  simulate->add_option("--rails", sim_opts.rails, "Hands on the rails during START-END seconds (repeatable)");
  simulate->add_option("--passerby", sim_opts.passerby, "A second person in frame during START-END seconds");
  simulate->add_option("--hidden-arm", sim_opts.hidden_arm, "Arm hidden by a handrail")
      ->check(CLI::IsMember({"left", "right"}));
  // The simulator needs 5 s of running after the standing phase (4 s by default).
  simulate->add_option("--duration", sim_opts.duration_s, "Session length in seconds, the 4 s standing phase included")
      ->check(tools::cli::number_in(10.0, 6.0 * 3600.0, "s"))
      ->default_str(common::plain_number(sim_defaults.runner.duration_s));
  simulate->add_option("--noise", sim_opts.noise, "Landmark noise sigma as a fraction of torso length")
      ->check(tools::cli::number_in(0.0, 0.2))
      ->default_str(common::plain_number(sim_defaults.realism.noise_torso));
  simulate->add_option("--drop", sim_opts.drop, "Fraction of frames dropped")
      ->check(tools::cli::number_in(0.0, 0.5))
      ->default_str(common::plain_number(sim_defaults.realism.drop_fraction));
  simulate->add_option("--seed", sim_opts.seed, "Random seed")
      ->check(tools::cli::whole_in(0, 4294967295LL))
      ->default_str(std::to_string(sim_defaults.realism.seed));

  AnalyzeOptions an_opts;
  auto* analyze = app.add_subcommand("analyze", "Analyze a landmark track or a video clip: JSON (default) or a readable report");
  analyze->add_option("track", an_opts.track, "Landmark track (.jsonl)");
  auto* video_opt =
      analyze->add_option("--video", an_opts.video, "A video clip (or image folder) to run through the pose pipeline instead");
  analyze->add_option("--annotate", an_opts.annotate, "With --video: write the clip with skeleton and cues drawn (.mp4)");
  an_opts.camera.add_to(analyze);
  // Camera flags mean nothing for a track file: refuse them rather than ignore them.
  for (const char* name : {"--annotate", "--model", "--models-dir", "--zone", "--rail"}) analyze->get_option(name)->needs(video_opt);
  analyze->add_option("--out", an_opts.out, "Write the result here instead of stdout");
  analyze->add_option("--format", an_opts.format, "json: every figure, for programs; text: the readable report")
      ->check(CLI::IsMember({"json", "text"}));
  analyze->add_option("--view", an_opts.view, "Camera view; forcing one that disagrees with the track is warned about")
      ->check(CLI::IsMember({"front", "side", "auto"}));
  analyze->add_option("--baseline-seconds", an_opts.baseline_s, "Standing calibration length")
      ->check(tools::cli::number_in(0.5, 30.0, "s"));
  analyze->add_option("--height-cm", an_opts.height_cm, "Runner height, for lengths in cm")
      ->check(tools::cli::number_in(100.0, 230.0, "cm"))
      ->default_str("unknown");
  analyze->add_flag("--verbose", an_opts.verbose, "With --video: let OpenCV's and FFmpeg's own log lines through");
  analyze->add_option("--assets", an_opts.assets, "RunForm assets folder (cues.txt, drills.txt)");

  RecordFlags rec_opts;
  auto* record = app.add_subcommand("record", "Record a landmark track from a camera, stream, clip or the synthetic runner");
  record->add_option("--camera", rec_opts.camera, "0, /dev/videoN, rtsp://…, a clip, a folder, or synthetic[:front|:side]")->required();
  record->add_option("--out", rec_opts.out, "Track file to write (.jsonl)");
  record->add_option("--hub", rec_opts.hubs, "Stream the session to this hub, HOST:PORT (repeatable: tried in order)");
  record->add_option("--hub-ca", rec_opts.hub_ca, "The club CA certificate (ca.crt): TLS to the hub")
      ->check(CLI::ExistingFile);
  record->add_option("--token-file", rec_opts.token_file, "This kiosk's credential file (owner-only)");
  record->add_option("--enrolment-code", rec_opts.enrolment_code,
                     "Enrol once with the code an admin issued; the credential goes to --token-file");
  record->add_option("--spool", rec_opts.spool, "Disk spool for the upload (kept until the hub has the session)")->capture_default_str();
  record->add_option("--athlete", rec_opts.athlete, "Athlete code (default: a guest session)");
  record->add_option("--duration", rec_opts.duration_s, "Stop after this many seconds of wall-clock time (default: until Ctrl-C or the end)")
      ->check(tools::cli::number_in(0.0, 24.0 * 3600.0, "s"));
  record->add_option("--camera-timeout", rec_opts.camera_timeout_s, "Give up when no frame arrives for this many seconds")
      ->capture_default_str()->check(tools::cli::number_in(0.5, 3600.0, "s"));
  record->add_option("--upload-timeout", rec_opts.upload_timeout_s, "After recording, wait this long for the hub")
      ->capture_default_str()->check(tools::cli::number_in(0.0, 3600.0, "s"));
  record->add_flag("--verbose", rec_opts.verbose, "Show OpenCV's and FFmpeg's own log lines");
  record->add_option("--view", rec_opts.view, "View written in the track header")->check(CLI::IsMember({"front", "side", "auto"}));
  record->add_option("--assets", rec_opts.assets, "RunForm assets folder");
  rec_opts.flags.add_to(record);

  PrepareFlags prep_opts;
  auto* prepare = app.add_subcommand("prepare-model", "Make a manifest model loadable by OpenCV 4.6 (or generate one)");
  prepare->add_option("name", prep_opts.name, "Model name from assets/models/manifest.toml");
  prepare->add_option("--list-heads", prep_opts.list_heads, "List the tensors of an ONNX file that look like MoveNet heads");
  auto* movenet_opt = prepare->add_option("--movenet", prep_opts.movenet, "Prepare IN OUT directly (with --heads)")->expected(2);
  prepare->add_option("--heads", prep_opts.heads, "HEATMAP,CENTRE,REGRESSION,OFFSET tensor names")->needs(movenet_opt);
  prepare->add_option("--models-dir", prep_opts.models_dir, "Folder of model files ($RUNFORM_MODELS, else ~/.cache/runform/models)");
  prepare->add_option("--assets", prep_opts.assets, "RunForm assets folder");

  tools::DemoOptions demo_opts;
  demo_opts.assets = default_assets_dir();
  auto* demo = app.add_subcommand("demo", "Simulate a 3-minute run with fatigue and show the readable report");
  demo->add_option("--view", demo_opts.view, "Camera view")->check(CLI::IsMember({"front", "side"}));
  demo->add_option("--json", demo_opts.json_out, "Also write the full analysis JSON here");
  demo->add_option("--assets", demo_opts.assets, "RunForm assets folder");
  demo->add_flag("--verbose", demo_opts.verbose, "Also print developer diagnostics (pixel errors, inference times, LTTB)");
  demo->add_flag("!--no-hub", demo_opts.with_hub, "Skip the kiosk → hub → coach part");
  demo->add_flag("!--no-camera", demo_opts.with_camera, "Skip the rendered-runner camera pipeline part");

  tools::ExportFlags export_opts;
  export_opts.assets = default_assets_dir();
  auto* export_cmd = tools::add_export_command(app, export_opts);
  tools::SpoolFlags spool_opts;
  spool_opts.spool = tools::default_spool_path().string();
  auto* spool_cmd = tools::add_spool_command(app, spool_opts);
  tools::AssessmentFlags assessment_opts;
  assessment_opts.assets = default_assets_dir();
  auto* assessment_cmd = tools::add_assessment_command(app, assessment_opts);

  // Listed so they show in the help and in "did you mean"; tools::cli::parse answers them.
  app.add_subcommand("help", "Show the commands, or one command's options: runform help COMMAND");
  app.add_subcommand("version", "Show the version (also --version)");

  tools::cli::collect_extras(app);
  if (const auto code = tools::cli::parse(app, argc, argv, "runform", RUNFORM_VERSION)) return *code;
  try {
    if (*simulate) return run_simulate(sim_opts);
    if (*analyze) return run_analyze(an_opts);
    if (*record) return run_record(rec_opts);
    if (*prepare) return run_prepare(prep_opts);
    if (*demo) return tools::run_demo(demo_opts, std::cout);
    if (*export_cmd) return tools::run_export_command(export_opts);
    if (*assessment_cmd) return tools::run_assessment_command(assessment_opts);
    if (*spool_cmd) return tools::run_spool_command(spool_opts, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "runform: " << e.what() << "\n";
    return is_bad_input(e) ? common::kExitBadInput : common::kExitRunFailure;
  }
  std::cerr << "runform: name a command: simulate, analyze, record, prepare-model, demo, export, assessment or spool.\n"
               "Run 'runform help' for what each does.\n";
  return common::kExitBadInput;
}
