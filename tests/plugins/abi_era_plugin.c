/* A plugin as its author wrote it against one released header: built once
 * per frozen copy in tests/plugins/abi/ (ERA_MINOR says which, and the
 * build fails if the compiler found another), and loaded by today's host.
 * Its value is the proposal's words; its explanation says which of the
 * host's later services it found, each asked for only after checking the
 * host's `struct_size`, as the header says. Written in C, as the ABI is. */
#include <shortlist/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if SL_ABI_MINOR != ERA_MINOR
#error "built against another header than the frozen one asked for"
#endif

/* Headers before 1.2's compatibility rules had no SL_HOST_HAS. */
#define HOST_HAS(host, member) \
  (offsetof(sl_host_api, member) + sizeof((host)->member) <= (host)->struct_size)

static const char* const measures[] = {"words", NULL};

typedef struct era_instance {
  const sl_host_api* host;
} era_instance;

static sl_status create(const sl_host_api* host, sl_call* call, const char* measure,
                        const char* params_json, const sl_params* params, void** instance) {
  (void)call;
  (void)measure;
  (void)params_json;
  (void)params;
  era_instance* self = (era_instance*)malloc(sizeof(era_instance));
  if (self == NULL) return SL_ERROR;
  self->host = host;
  *instance = self;
  return SL_OK;
}

static void destroy(void* instance) { free(instance); }

static sl_status score(void* instance, sl_call* call, const sl_proposal* proposal, sl_score* out) {
  (void)call;
  const sl_host_api* host = ((era_instance*)instance)->host;
  const char* language = host->proposal_language(proposal);
  size_t words = 0, sentences = 0, paragraphs = 0;
  for (size_t i = 0, n = host->section_count(proposal); i < n; ++i) {
    const char* text = host->section_text(proposal, i);
    words += host->count_words(text, strlen(text), language);
#if SL_ABI_MINOR >= 1
    if (HOST_HAS(host, count_sentences)) {
      sentences += host->count_sentences(text, strlen(text), language);
    }
#endif
#if SL_ABI_MINOR >= 4
    if (HOST_HAS(host, count_paragraphs)) paragraphs += host->count_paragraphs(text, strlen(text));
#endif
  }
  char explanation[256];
  int used =
      snprintf(explanation, sizeof explanation, "ABI 1.%d plugin: %zu words", ERA_MINOR, words);
#if SL_ABI_MINOR >= 1
  if (HOST_HAS(host, count_sentences)) {
    used += snprintf(explanation + used, sizeof explanation - (size_t)used, ", %zu sentences",
                     sentences);
  }
#endif
#if SL_ABI_MINOR >= 2
  int percent = 0;
  const char* top = HOST_HAS(host, language_share)
                        ? host->language_share(proposal, SL_WHOLE_PROPOSAL, 0, &percent)
                        : NULL;
  if (top != NULL) {
    used +=
        snprintf(explanation + used, sizeof explanation - (size_t)used, ", %d%% %s", percent, top);
  }
#endif
#if SL_ABI_MINOR >= 4
  if (HOST_HAS(host, count_paragraphs)) {
    used += snprintf(explanation + used, sizeof explanation - (size_t)used, ", %zu paragraphs",
                     paragraphs);
  } else {
    used += snprintf(explanation + used, sizeof explanation - (size_t)used,
                     "; this host has no count_paragraphs");
  }
#endif
  (void)used;
  (void)sentences;
  (void)paragraphs;
  host->score_set_value(out, (double)words);
  host->score_set_explanation(out, explanation);
  return SL_OK;
}

#if SL_ABI_MINOR >= 4
/* A 1.4 descriptor: it says which host it needs, and has a field today's
 * host does not know. */
static const sl_plugin_descriptor descriptor = {SL_DESCRIPTOR_HEAD,
                                                ERA_NAME,
                                                "1.0.0",
                                                "Words, built against a future header",
                                                measures,
                                                create,
                                                destroy,
                                                score,
                                                NULL,
                                                NULL,
                                                NULL,
                                                "https://example.org/abi-future"};
#else
/* As the SDK of its day filled it: the header's own minor version. */
static const sl_plugin_descriptor descriptor = {sizeof(sl_plugin_descriptor),
                                                SL_ABI_MAJOR,
                                                SL_ABI_MINOR,
                                                ERA_NAME,
                                                "1.0.0",
                                                "Words, built against an old header",
                                                measures,
                                                create,
                                                destroy,
                                                score,
                                                NULL,
                                                NULL,
                                                NULL};
#endif

SL_PLUGIN_EXPORT const sl_plugin_descriptor* shortlist_plugin_entry(void) { return &descriptor; }
