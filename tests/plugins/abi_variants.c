/* Plain C descriptors that a host must refuse, one per build: the variant is
 * chosen with a compile definition. Written in C to show that the ABI needs
 * nothing but a C compiler. */
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

#if defined(VARIANT_OVERSIZED)
/* A descriptor from a header that grew fields this host does not know. */
typedef struct {
  sl_plugin_descriptor base;
  void* from_the_future[4];
} grown_descriptor;
static grown_descriptor descriptor = {
    {sizeof(grown_descriptor), SL_ABI_MAJOR, SL_ABI_MINOR, "oversized", "1.0.0", "", measures,
     create, destroy, score, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL}};
#define DESCRIPTOR (&descriptor.base)
#else
#if defined(VARIANT_MAJOR)
#define MAJOR (SL_ABI_MAJOR + 1)
#define MINOR 0
#define NAME "wrong_major"
#elif defined(VARIANT_OLD)
#define MAJOR SL_ABI_MAJOR
#define MINOR 0
#define NAME "abi_1_0"
#elif defined(VARIANT_MINOR)
#define MAJOR SL_ABI_MAJOR
#define MINOR (SL_ABI_MINOR + 1)
#define NAME "newer_minor"
#else
#define MAJOR SL_ABI_MAJOR
#define MINOR SL_ABI_MINOR
#define NAME "plain_c"
#endif
static sl_plugin_descriptor descriptor = {sizeof(sl_plugin_descriptor),
                                          MAJOR,
                                          MINOR,
                                          NAME,
                                          "1.0.0",
                                          "A plugin written in C",
                                          measures,
                                          create,
                                          destroy,
                                          score,
                                          NULL,
                                          NULL,
                                          NULL};
#define DESCRIPTOR (&descriptor)
#endif

SL_PLUGIN_EXPORT const sl_plugin_descriptor* shortlist_plugin_entry(void) { return DESCRIPTOR; }
#endif
