# find_package(ShortlistPlugin) for plugins built outside Shortlist's tree:
# the Shortlist::sdk target (the SDK headers) and shortlist_add_plugin().
# docs/plugin-guide.md walks through a complete plugin.
include("${CMAKE_CURRENT_LIST_DIR}/ShortlistPluginTargets.cmake")
set(SHORTLIST_PLUGIN_EXPORTS_MAP "${CMAKE_CURRENT_LIST_DIR}/plugin_exports.map")
include("${CMAKE_CURRENT_LIST_DIR}/ShortlistPluginFunctions.cmake")
