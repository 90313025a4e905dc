// CallConfig: a call's evaluation rules as the organiser wrote them in a
// criteria YAML file (docs/criteria.md): criteria with their weights (given,
// or derived with AHP), directions, plugins and missing-value policies; the
// ranking method; eligibility gates; the tie-break chain; the shortlist size
// and quotas; and the sensitivity analysis.
//
//   Expected<CallConfig> config = load_call_config("criteria/digital-champions.yaml");
//   if (!config) { for (auto& d : config.problems()) std::cerr << d << '\n'; return 2; }
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/criteria/ahp.h"
#include "core/jury/juror.h"
#include "core/ranking/ranking.h"
#include "core/util/diagnostic.h"

namespace shortlist {

// Text given once, or per language ({en: ..., fr: ...}).
struct LocalizedText {
  std::map<std::string, std::string> by_language;  // "" holds a text given once

  // The text in `language`, else English, else the first one given.
  std::string in(const std::string& language) const;
  bool empty() const { return by_language.empty(); }
};

// What to do with a proposal a criterion's plugin has no value for.
enum class MissingPolicy {
  Exclude,  // leave the proposal out of the ranking, with the reason
  Zero,     // score it as 0
  Worst,    // score it as the worst value any other proposal has
  Fail      // stop the evaluation: the data must be fixed first
};

// Where a plugin runs: in the host's process, or in a worker process of its
// own that it cannot take down with it (plugin_host/plugin_process.h). By
// default, bundled plugins run in process and others in a process of their own.
enum class Isolation { Default, InProcess, Process };

// A plugin to run, with where it was configured.
struct PluginUse {
  std::string plugin;
  std::string measure;      // empty: the plugin's first
  std::string params_json;  // the params mapping as a JSON object
  Isolation isolation = Isolation::Default;
  // The plugin's file, as written (relative to the criteria file's folder),
  // when two plugin folders each hold a plugin of that name; "" otherwise.
  std::string file;
  SourcePosition plugin_position;
  SourcePosition params_position;
  SourcePosition file_position;
};

struct Criterion {
  std::string id;
  LocalizedText label;
  LocalizedText description;
  double weight = 0;  // as written, or from AHP; ranking normalises
  Direction direction = Direction::Max;
  Normalization normalization = Normalization::MinMax;
  PreferenceFunction preference;
  MissingPolicy missing = MissingPolicy::Exclude;
  PluginUse scorer;
  SourcePosition position;  // of the criterion entry
};

// A hard eligibility rule, checked before any scoring.
struct Gate {
  std::string id;
  LocalizedText label;
  SourcePosition position;
  // Either a condition on a field...
  std::string field;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> one_of;  // `in:`
  // ...or a plugin's verdict: a value > 0 passes.
  std::optional<PluginUse> plugin;
};

// One link of the tie-break chain.
struct TieRule {
  enum class Kind { Criterion, Field, Lottery };
  Kind kind = Kind::Lottery;
  std::string name;  // criterion id or field path
  Direction direction = Direction::Max;
  SourcePosition position;

  std::string describe() const;  // "criterion 'completeness'", "lower budget.requested", ...
};

struct Quota {
  std::string by;                    // a field path, or "language"
  std::optional<std::string> value;  // only proposals with this value count
  std::optional<std::size_t> min;
  std::optional<std::size_t> max;
  SourcePosition position;

  std::string describe() const;  // "at most 2 per applicant.country", ...
};

struct SensitivitySettings {
  std::size_t samples = 1000;  // Monte Carlo draws; 0 turns the analysis off
  double concentration = 50;   // Dirichlet: larger keeps draws closer to the weights
  double fragile_below = 0.8;  // shortlist members less likely than this are fragile
};

// A criterion the jury scores by hand (`source: jury`): each juror gives a
// value on the scale; the calibrated jury score joins the automatic criteria
// in the final ranking with this weight.
struct JuryCriterion {
  std::string id;
  LocalizedText label;
  LocalizedText description;
  LocalizedText guidance;  // shown to jurors beside the field
  double weight = 0;
  double scale_min = 1, scale_max = 5;
  bool comment_required = false;
  SourcePosition position;
};

// How a proposal's jury scores become one number (docs/jury.md).
enum class JuryCalibration { Mean, Median, ZScore, Additive };

// The `jury` section: how many jurors read each proposal, who may, and how
// their scores are combined.
struct JurySettings {
  std::vector<JuryCriterion> criteria;
  std::size_t reviewers = 3;  // per proposal
  jury::LanguageLevel min_level = jury::LanguageLevel::Working;
  bool blind = true;  // jurors do not see who applied
  jury::ConflictRules conflicts;
  JuryCalibration calibration = JuryCalibration::Additive;
  // Raw scores further apart than this flag a proposal for discussion; by
  // default half the width of the scale.
  std::optional<double> disagreement;
};

// The `submission` section: when applicants may submit and edit online,
// in which languages, and how large an attachment may be. Without it the
// call takes no online applications.
struct SubmissionWindow {
  std::chrono::system_clock::time_point opens;
  std::chrono::system_clock::time_point closes;
  std::string opens_text;              // as written (RFC 3339, with its offset)
  std::string closes_text;             // as written
  std::vector<std::string> languages;  // ISO 639-1; empty: every language of the service
  std::uint64_t max_attachment_bytes = 10u << 20;
  // Labels of the form's fields by path ("sections.activities",
  // "fields.partners"), in the applicants' languages.
  std::map<std::string, LocalizedText> labels;
  SourcePosition position;
};

struct CallConfig {
  std::string source;  // the file
  LocalizedText call;
  Method method = Method::WeightedSum;
  std::vector<Criterion> criteria;
  std::optional<AhpWeights> ahp;  // when weights came from pairwise comparisons
  std::vector<Gate> gates;
  std::vector<TieRule> ties;
  std::size_t shortlist_size = 10;
  std::vector<Quota> quotas;
  SensitivitySettings sensitivity;
  std::uint64_t seed = 1;  // for lotteries and Monte Carlo draws
  JurySettings jury;
  std::optional<SubmissionWindow> submission;
  std::string content;  // the file as read, for hashing and snapshots

  std::vector<CriterionModel> models() const;
};

Expected<CallConfig> load_call_config(const std::filesystem::path& path);
Expected<CallConfig> parse_call_config(std::string_view text, const std::string& source);

// An RFC 3339 date and time with its offset ("2026-05-31T23:59:59-04:00",
// "2026-03-01T00:00:00Z") in the years 1900 to 2200; nullopt for anything
// else or a date that does not exist.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text);
// A moment as ISO 8601 UTC text, "2026-06-01T03:59:59Z".
std::string utc_text(std::chrono::system_clock::time_point at);

inline constexpr EnumName<MissingPolicy> kMissingPolicyNames[] = {
    {MissingPolicy::Exclude, "exclude"},
    {MissingPolicy::Zero, "zero"},
    {MissingPolicy::Worst, "worst"},
    {MissingPolicy::Fail, "fail"}};

inline std::string_view to_string(MissingPolicy policy) {
  return name_of(kMissingPolicyNames, policy);
}

inline constexpr EnumName<JuryCalibration> kJuryCalibrationNames[] = {
    {JuryCalibration::Mean, "mean"},
    {JuryCalibration::Median, "median"},
    {JuryCalibration::ZScore, "zscore"},
    {JuryCalibration::Additive, "additive"}};

inline std::string_view to_string(JuryCalibration calibration) {
  return name_of(kJuryCalibrationNames, calibration);
}

// The keys a criteria file accepts in each part: "" (top level), "criterion",
// "preference", "gate", "tie", "shortlist", "quota", "sensitivity", "jury",
// "jury_criterion", "jury_conflicts", "submission". Used by
// the JSON Schema test to keep docs/criteria.schema.json in step.
const std::vector<std::string_view>& criteria_file_keys(std::string_view part);

}  // namespace shortlist
