/*
 * shortlist/plugin.h — the C ABI (version 1) between the Shortlist host and a
 * scoring plugin.
 *
 * A plugin is a shared library that exports exactly one symbol,
 * `shortlist_plugin_entry`, returning a pointer to a static descriptor. The
 * host checks the descriptor's size and ABI version before touching anything
 * else, then creates one instance per criterion that names the plugin and asks
 * it to score proposals. Only plain C types cross this boundary; a plugin
 * reports failure through `sl_host_api.report_error` and a non-zero status,
 * never by throwing.
 *
 * Most authors should not use this header directly but the C++ layer in
 * <shortlist/plugin.hpp>, which turns one small class into a descriptor:
 *
 *   class Words : public shortlist::sdk::Scorer { ... };
 *   SHORTLIST_PLUGIN(Words, "words", "1.0.0", "Counts words", "words")
 *
 * Versioning: a host accepts a plugin whose `abi_major` equals its own and
 * whose `abi_minor` is not newer. Structs only ever grow at the end, and each
 * side reads only what the other's `struct_size` covers. See docs/plugin-abi.md.
 */
#ifndef SHORTLIST_PLUGIN_H
#define SHORTLIST_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define SL_EXTERN_C extern "C"
#else
#define SL_EXTERN_C
#endif

#if defined(_WIN32)
#define SL_PLUGIN_EXPORT SL_EXTERN_C __declspec(dllexport)
#else
#define SL_PLUGIN_EXPORT SL_EXTERN_C __attribute__((visibility("default")))
#endif

#define SL_ABI_MAJOR 1
#define SL_ABI_MINOR 1

/* The one symbol a plugin exports. */
#define SL_ENTRY_SYMBOL "shortlist_plugin_entry"

#ifdef __cplusplus
extern "C" {
#endif

/* Status returned by every plugin callback. */
typedef enum sl_status { SL_OK = 0, SL_ERROR = 1 } sl_status;

typedef enum sl_log_level {
  SL_LOG_DEBUG = 0,
  SL_LOG_INFO = 1,
  SL_LOG_WARNING = 2,
  SL_LOG_ERROR = 3
} sl_log_level;

/* Opaque handles owned by the host. They are valid only during the callback
 * that receives them. */
typedef struct sl_call sl_call;         /* one callback invocation: errors and logs */
typedef struct sl_params sl_params;     /* the criterion's params */
typedef struct sl_proposal sl_proposal; /* one proposal, read-only */
typedef struct sl_score sl_score;       /* where the plugin writes its result */

/* Functions the host offers to plugins. A plugin must check `struct_size`
 * before calling a member that a later minor version appended. Every string
 * is UTF-8; returned strings stay valid until the callback returns. */
typedef struct sl_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;

  /* Diagnostics. `report_error` records why the current callback is about to
   * return SL_ERROR; the host shows it to the organiser with the plugin name. */
  void (*log)(sl_call* call, sl_log_level level, const char* message);
  void (*report_error)(sl_call* call, const char* message);

  /* Criterion params, addressed by dotted path ("sections.summary.min").
   * `param_number` returns 1 and writes *out when the value is a number,
   * 0 when the path is absent, -1 when it holds something else. */
  int (*param_number)(const sl_params* params, const char* path, double* out);
  /* The text at path, or NULL when absent or not text. */
  const char* (*param_text)(const sl_params* params, const char* path);
  /* Number of elements (list) or keys (object) at path; 0 when absent. */
  size_t (*param_size)(const sl_params* params, const char* path);
  /* The i-th key of the object at path, or NULL. */
  const char* (*param_key)(const sl_params* params, const char* path, size_t index);

  /* Proposal identity. */
  const char* (*proposal_id)(const sl_proposal* proposal);
  const char* (*proposal_title)(const sl_proposal* proposal);
  /* ISO 639-1 code, or "und" when unknown. */
  const char* (*proposal_language)(const sl_proposal* proposal);

  /* Submission fields by dotted path, as in the criteria YAML: "budget.total",
   * "beneficiaries.msmes", "applicant.country", "fields.women_led_share".
   * Same return convention as `param_number`. */
  int (*field_number)(const sl_proposal* proposal, const char* path, double* out);
  const char* (*field_text)(const sl_proposal* proposal, const char* path);

  /* Sections in submission order; the summary is not a section. */
  size_t (*section_count)(const sl_proposal* proposal);
  const char* (*section_name)(const sl_proposal* proposal, size_t index);
  const char* (*section_text)(const sl_proposal* proposal, size_t index);

  /* Text services. Words are counted with ICU word segmentation, which is
   * right for scripts without spaces (Chinese, Japanese, Thai). */
  size_t (*count_words)(const char* utf8, size_t length, const char* language);

  /* Result of `score`. `score_set_value` must be called exactly once unless
   * `score_set_missing` is; the explanation is shown to the jury. */
  void (*score_set_value)(sl_score* score, double value);
  void (*score_set_missing)(sl_score* score, const char* reason);
  void (*score_set_explanation)(sl_score* score, const char* utf8);
  void (*score_add_evidence)(sl_score* score, const char* label, const char* utf8);

  /* ---- ABI 1.1 ---- */

  /* The words of a text as the host segments them (ICU), case-folded (NFKC)
   * and stemmed (Snowball) where the language has a stemmer, else the stem is
   * the folded word. `visit` is called once per word with its byte offset and
   * length in the input; the strings are valid during the call. Returns the
   * number of words. */
  size_t (*tokenize)(const char* utf8, size_t length, const char* language,
                     void (*visit)(void* context, const char* folded, const char* stem,
                                   size_t offset, size_t length),
                     void* context);
  /* The language CLD2 found for a section ("und" when not reliable). */
  const char* (*section_language)(const sl_proposal* proposal, size_t index);
  size_t (*count_sentences)(const char* utf8, size_t length, const char* language);
} sl_host_api;

/* What a plugin exports. Function pointers marked optional may be NULL. */
typedef struct sl_plugin_descriptor {
  uint32_t struct_size; /* sizeof(sl_plugin_descriptor) as the plugin saw it */
  uint16_t abi_major;   /* SL_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;   /* SL_ABI_MINOR the plugin was built with */
  const char* name;     /* unique, [a-z0-9_-]+ */
  const char* version;  /* the plugin's own version, e.g. "1.2.0" */
  const char* description;
  /* NULL-terminated list of the measures (criteria keys) this plugin can
   * score; a criterion picks one with `measure:`, or gets the first. */
  const char* const* measures;

  /* Creates an instance for one criterion. `params_json` is the criterion's
   * params as a JSON object; `params` gives the same values by path. */
  sl_status (*create)(const sl_host_api* host, sl_call* call, const char* measure,
                      const char* params_json, const sl_params* params, void** instance);
  void (*destroy)(void* instance);

  /* Scores one proposal. The host calls one instance from one thread at a
   * time. */
  sl_status (*score)(void* instance, sl_call* call, const sl_proposal* proposal, sl_score* score);

  /* Optional corpus pass, run before any `score`: begin once with the number
   * of proposals, observe each proposal, end once. */
  sl_status (*corpus_begin)(void* instance, sl_call* call, size_t proposal_count);
  sl_status (*corpus_observe)(void* instance, sl_call* call, const sl_proposal* proposal);
  sl_status (*corpus_end)(void* instance, sl_call* call);
} sl_plugin_descriptor;

/* The entry point's type. It must not fail and must return the same pointer
 * every time. */
typedef const sl_plugin_descriptor* (*sl_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* SHORTLIST_PLUGIN_H */
