/* Plain C descriptors, one per build, the variant chosen with a compile
 * definition: one a host runs (plain_c) and ones it must refuse. Written in
 * C to show that the ABI needs nothing but a C compiler. */
#include <shortlist/plugin.h>

#if defined(VARIANT_NO_ENTRY)
SL_PLUGIN_EXPORT int not_the_entry_symbol(void) { return 42; }
#else

static const char* const measures[] = {"value", NULL};

static sl_status create(const sl_host_api* host, sl_call* call, const char* measure,
                        const char* params_json, const sl_params* params, void** instance) {
  (void)host;
  (void)call;
  (void)measure;
  (void)params_json;
  (void)params;
  *instance = NULL;
  return SL_OK;
}
static void destroy(void* instance) { (void)instance; }
static sl_status score(void* instance, sl_call* call, const sl_proposal* proposal, sl_score* out) {
  (void)instance;
  (void)call;
  (void)proposal;
  (void)out;
  return SL_ERROR;
}

#if defined(VARIANT_MAJOR)
#define HEAD sizeof(sl_plugin_descriptor), SL_ABI_MAJOR + 1, 0
#define NAME "wrong_major"
#elif defined(VARIANT_MINOR)
/* Needs a host newer than this one. */
#define HEAD sizeof(sl_plugin_descriptor), SL_ABI_MAJOR, SL_ABI_MINOR + 1
#define NAME "newer_minor"
#elif defined(VARIANT_UNDERSIZED)
/* Says it ends before `score`: smaller than any 1.x descriptor. */
#define HEAD offsetof(sl_plugin_descriptor, score), SL_ABI_MAJOR, 0
#define NAME "undersized"
#else
#define HEAD SL_DESCRIPTOR_HEAD
#define NAME "plain_c"
#endif
static const sl_plugin_descriptor descriptor = {HEAD,     NAME,   "1.0.0", "A plugin written in C",
                                                measures, create, destroy, score,
                                                NULL,     NULL,   NULL};
#define DESCRIPTOR (&descriptor)

SL_PLUGIN_EXPORT const sl_plugin_descriptor* shortlist_plugin_entry(void) { return DESCRIPTOR; }
#endif
