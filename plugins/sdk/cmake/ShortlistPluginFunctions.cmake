# shortlist_add_plugin(<target> [OUTPUT_NAME name] [OUTPUT_DIR dir] sources...)
#
# Builds a Shortlist scoring plugin the way the host expects: a module named
# <name>.so (the target's name by default), compiled against the SDK
# headers only, with hidden visibility and a version script so that the
# entry symbol is all it exports. Used by Shortlist's own build and, once
# installed, by plugins built outside it after find_package(ShortlistPlugin).
#
# SHORTLIST_PLUGIN_EXPORTS_MAP: the linker version script (set by whoever
# includes this file). SHORTLIST_PLUGIN_OUTPUT_DIR: where plugins land by
# default (the current binary folder when unset).
function(shortlist_add_plugin name)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIR;OUTPUT_NAME" "" ${ARGN})
  if(NOT PLUGIN_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "shortlist_add_plugin(${name}): no source files")
  endif()
  if(NOT PLUGIN_OUTPUT_DIR)
    if(SHORTLIST_PLUGIN_OUTPUT_DIR)
      set(PLUGIN_OUTPUT_DIR "${SHORTLIST_PLUGIN_OUTPUT_DIR}")
    else()
      set(PLUGIN_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    endif()
  endif()
  if(NOT PLUGIN_OUTPUT_NAME)
    set(PLUGIN_OUTPUT_NAME "${name}")
  endif()
  add_library(${name} MODULE ${PLUGIN_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE Shortlist::sdk)
  target_compile_features(${name} PRIVATE cxx_std_20)
  target_link_options(${name} PRIVATE -Wl,--exclude-libs,ALL
                      "-Wl,--version-script=${SHORTLIST_PLUGIN_EXPORTS_MAP}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${SHORTLIST_PLUGIN_EXPORTS_MAP}")
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${PLUGIN_OUTPUT_NAME}"
    LIBRARY_OUTPUT_DIRECTORY "${PLUGIN_OUTPUT_DIR}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
