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
 *   class Words { ... };  // a constructor from params and a `score`
 *   SHORTLIST_PLUGIN(Words, "words", "1.0.0", "Counts words", "words")
 *
 * Versioning. Within major version 1 structs only grow at their end, one
 * minor version at a time, and each side reads only what the other's
 * `struct_size` covers:
 *
 * - The host copies as much of a descriptor as both it and the plugin know
 *   into a zeroed one of its own: a field the plugin's header did not have
 *   reads as NULL (not provided), a field the host does not know is ignored.
 *   A descriptor smaller than version 1.0's (SL_DESCRIPTOR_SIZE_1_0) is
 *   refused.
 * - A descriptor's `abi_minor` is the oldest host minor the plugin works
 *   with, not the header it was built with: SL_PLUGIN_MIN_HOST_MINOR, 0
 *   unless the plugin raises it. A host refuses a plugin of another major
 *   version or one that needs a newer minor than its own.
 * - A plugin calls a host function appended after the minor it needs only
 *   when `SL_HOST_HAS(host, member)` says the host's table has it.
 *
 * To need a newer host, define the minor before including this header (or
 * <shortlist/plugin.hpp>):
 *
 *   #define SL_PLUGIN_MIN_HOST_MINOR 1   // calls tokenize unconditionally
 *   #include <shortlist/plugin.h>
 *
 * Threads. The host never makes two calls into one instance at the same
 * time, and each call into an instance starts after the previous one
 * returned; successive calls may come from different threads (`create` and
 * `destroy` on the thread that runs the evaluation, the corpus pass and
 * `score` on it or on one of a pool), so an instance needs no lock of its
 * own but must not keep thread-local state between calls. Calls into different
 * instances, of the same plugin too, may run at the same time on different
 * threads: whatever instances share (globals, statics) must be immutable
 * or guarded. The entry symbol may be called more than once and from any
 * thread. A plugin calls the host's functions only from the thread the
 * host called it on, during that call; they are safe to call from
 * several instances at once. In a worker process (docs/plugin-abi.md,
 * "Isolation") every call comes from one thread, but a plugin cannot tell
 * where it runs. See docs/plugin-abi.md.
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
#define SL_ABI_MINOR 2

/* The oldest host minor version this plugin works with (see above). */
#ifndef SL_PLUGIN_MIN_HOST_MINOR
#define SL_PLUGIN_MIN_HOST_MINOR 0
#endif
#if SL_PLUGIN_MIN_HOST_MINOR > SL_ABI_MINOR
#error "SL_PLUGIN_MIN_HOST_MINOR is newer than this header's SL_ABI_MINOR"
#endif

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
 * (SL_HOST_HAS) before calling a member appended after the minor version
 * in its descriptor's `abi_minor`. Every string is UTF-8; returned strings
 * stay valid until the callback returns. */
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
  /* The language most of a section is in: also when the section mixes
   * languages or is short and CLD2 is unsure; "und" when no language holds
   * a meaningful share of it. */
  const char* (*section_language)(const sl_proposal* proposal, size_t index);
  size_t (*count_sentences)(const char* utf8, size_t length, const char* language);

  /* ---- ABI 1.2 ---- */

  /* The languages found in a section, or in the whole proposal when
   * `section` is SL_WHOLE_PROPOSAL, largest share first ("zh" 58, "en" 40
   * for Chinese with English terms): the code of the `rank`-th (from 0),
   * with its percent of the text in *percent; NULL past the last. */
  const char* (*language_share)(const sl_proposal* proposal, size_t section, size_t rank,
                                int* percent);
} sl_host_api;

/* `language_share` of the whole proposal rather than one section. */
#define SL_WHOLE_PROPOSAL ((size_t)-1)

/* True when the host's table is recent enough to have `member`:
 *   if (SL_HOST_HAS(host, language_share)) host->language_share(...); */
#define SL_HOST_HAS(host, member) \
  (offsetof(sl_host_api, member) + sizeof((host)->member) <= (host)->struct_size)

/* What a plugin exports. Function pointers marked optional may be NULL.
 * In C, start it with SL_DESCRIPTOR_HEAD:
 *   static const sl_plugin_descriptor d = {SL_DESCRIPTOR_HEAD, "name", ...}; */
typedef struct sl_plugin_descriptor {
  uint32_t struct_size; /* sizeof(sl_plugin_descriptor) as the plugin saw it */
  uint16_t abi_major;   /* SL_ABI_MAJOR */
  /* The oldest host minor the plugin works with: SL_PLUGIN_MIN_HOST_MINOR.
   * Plugins built with an SDK before 1.2's compatibility rules put their
   * header's SL_ABI_MINOR here, which asks for no less than they use. */
  uint16_t abi_minor;
  const char* name;    /* unique, [a-z0-9_-]+ */
  const char* version; /* the plugin's own version, e.g. "1.2.0" */
  const char* description;
  /* NULL-terminated list of the measures (criteria keys) this plugin can
   * score; a criterion picks one with `measure:`, or gets the first. */
  const char* const* measures;

  /* Creates an instance for one criterion. `params_json` is the criterion's
   * params as a JSON object; `params` gives the same values by path. */
  sl_status (*create)(const sl_host_api* host, sl_call* call, const char* measure,
                      const char* params_json, const sl_params* params, void** instance);
  void (*destroy)(void* instance);

  /* Scores one proposal. Never called on one instance from two threads at
   * once (see "Threads" above). */
  sl_status (*score)(void* instance, sl_call* call, const sl_proposal* proposal, sl_score* score);

  /* Optional corpus pass, run before any `score`: begin once with the number
   * of proposals, observe each proposal, end once. */
  sl_status (*corpus_begin)(void* instance, sl_call* call, size_t proposal_count);
  sl_status (*corpus_observe)(void* instance, sl_call* call, const sl_proposal* proposal);
  sl_status (*corpus_end)(void* instance, sl_call* call);

  /* Fields a later minor version appends go here; a host older than the
   * plugin ignores them, a plugin older than the host leaves them NULL. */
} sl_plugin_descriptor;

/* The size of a 1.0 descriptor, the fields every plugin has: a host refuses
 * a smaller one. */
#define SL_DESCRIPTOR_SIZE_1_0 \
  (offsetof(sl_plugin_descriptor, corpus_end) + sizeof(sl_status(*)(void*, sl_call*)))

/* The first fields of a descriptor written in C. */
#define SL_DESCRIPTOR_HEAD sizeof(sl_plugin_descriptor), SL_ABI_MAJOR, SL_PLUGIN_MIN_HOST_MINOR

/* The entry point's type. It must not fail and must return the same pointer
 * every time. */
typedef const sl_plugin_descriptor* (*sl_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* SHORTLIST_PLUGIN_H */
