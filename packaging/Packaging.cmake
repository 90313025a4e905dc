# The Debian packages, built by `cmake --build build --target package`:
#   shortlist      the binary, the bundled plugins, the message catalogues,
#                  the criteria and sample submissions, the web service's
#                  static files, its systemd unit and the manual page;
#   shortlist-dev  the plugin SDK: headers and the CMake package that
#                  find_package(ShortlistPlugin) finds.
# Installed under /usr, in the layout core/cli/data_paths.cc looks for
# (docs/deployment.md). Included from the top-level CMakeLists.txt, after
# every install() rule; install() rules without a COMPONENT belong to the
# shortlist package (CMAKE_INSTALL_DEFAULT_COMPONENT_NAME), the SDK's name
# COMPONENT dev.

install(FILES "${CMAKE_CURRENT_LIST_DIR}/shortlist.service" DESTINATION lib/systemd/system)
# Debian policy: manual pages compressed with gzip -9n (no name, no time,
# so that the package builds the same bytes twice).
find_program(GZIP gzip REQUIRED)
set(SHORTLIST_MAN_PAGE "${CMAKE_BINARY_DIR}/shortlist.1.gz")
add_custom_command(OUTPUT "${SHORTLIST_MAN_PAGE}"
  COMMAND "${GZIP}" -9nc "${CMAKE_CURRENT_LIST_DIR}/shortlist.1" > "${SHORTLIST_MAN_PAGE}"
  DEPENDS "${CMAKE_CURRENT_LIST_DIR}/shortlist.1"
  COMMENT "Compressing the manual page")
add_custom_target(shortlist_man_page ALL DEPENDS "${SHORTLIST_MAN_PAGE}")
install(FILES "${SHORTLIST_MAN_PAGE}" DESTINATION share/man/man1)
# The guides the manual page and the unit point at.
file(GLOB SHORTLIST_GUIDES "${PROJECT_SOURCE_DIR}/docs/*.md")
install(FILES ${SHORTLIST_GUIDES} "${PROJECT_SOURCE_DIR}/docs/openapi.yaml"
        DESTINATION share/doc/shortlist)
# A plugin project to start from, and the guide's worked example.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/plugins/template"
                  "${PROJECT_SOURCE_DIR}/docs/examples/cofinancing"
        DESTINATION share/doc/shortlist-dev/examples COMPONENT dev)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME shortlist)
set(CPACK_PACKAGE_VENDOR "Shortlist maintainers")
set(CPACK_PACKAGE_CONTACT "Shortlist maintainers <maintainers@users.noreply.r-seed-d1eec1b7.example>")
# Each package's description below starts with its own synopsis line. CPackDeb
# puts the summary in front of every description unless it is CPack's
# default, so the default it is.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_NAME} built using CMake")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
# Only the two packages: the test and benchmark programs install nothing.
set(CPACK_COMPONENTS_ALL shortlist dev)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_SHORTLIST_PACKAGE_NAME shortlist)
set(CPACK_DEBIAN_SHORTLIST_PACKAGE_SECTION web)
# The libraries are named by dpkg-shlibdeps from what the binary and the
# plugins link (PoDoFo among them, for PDF application forms); adduser is
# for postinst; fonts-dejavu-core has the font `shortlist forms` prints PDF
# forms in (Latin, Cyrillic, Arabic), opened by path, so no library names it.
set(CPACK_DEBIAN_SHORTLIST_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_SHORTLIST_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
set(CPACK_DEBIAN_SHORTLIST_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/debian/postinst" "${CMAKE_CURRENT_LIST_DIR}/debian/prerm"
    "${CMAKE_CURRENT_LIST_DIR}/debian/postrm")
set(CPACK_DEBIAN_SHORTLIST_DESCRIPTION
    "Evaluates proposals to a call and ranks them into a shortlist
Shortlist reads the proposals sent to an international call, in many
languages and formats, scores them on the organiser's criteria with scoring
plugins, ranks them into a shortlist for the jury, and runs the jury's
review. shortlist serve is the web service for applicants, jurors and
organisers (shortlist.service).")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME shortlist-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_DEV_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "shortlist (= ${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}), cmake, g++")
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "Shortlist plugin SDK: build scoring plugins of your own
The C header of the plugin ABI, its header-only C++ layer, and the CMake
package for find_package(ShortlistPlugin) and shortlist_add_plugin(), with
a template plugin project.")

include(CPack)
