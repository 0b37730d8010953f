# CPack: a Debian package with the CLI (causal-router), the GUI (causal-router-workbench), the .desktop file and the
# icon. Build it with `cpack -G DEB` in a configured and built build dir (tests/core/tst_reliability_package.cpp does).
# Runtime dependencies come from dpkg-shlibdeps (package dpkg-dev); the Qt SQLite driver is a plugin that
# shlibdeps cannot see, so it is declared by hand.
set(CPACK_PACKAGE_NAME "causal-router-workbench")
set(CPACK_PACKAGE_VENDOR "Causal Router Workbench maintainers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Train LLM routers from gold and preference labels with causal bias correction")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "A Qt desktop workbench and a command-line tool (causal-router) that import\n"
    "gold and preference labels, estimate the per-query preference bias with\n"
    "R-/DR-learners and train cost-aware LLM routers.")
set(CPACK_PACKAGE_CONTACT "Causal Router Workbench maintainers <maintainers@example.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_LICENSE "GPL-3.0-or-later")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
if(CRW_BUILD_GUI)
  # The offscreen/xcb platform plugins are loaded at run time, so shlibdeps cannot see them either.
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", qt6-qpa-plugins")
endif()

# Debian policy files: copyright and a compressed changelog (lintian errors without them).
set(CRW_DOC_DIR share/doc/causal-router-workbench)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/copyright DESTINATION ${CRW_DOC_DIR})
find_program(GZIP_PROGRAM gzip)
if(GZIP_PROGRAM)
  execute_process(COMMAND ${GZIP_PROGRAM} -9nc ${CMAKE_SOURCE_DIR}/packaging/debian/changelog
                  OUTPUT_FILE ${CMAKE_BINARY_DIR}/changelog.gz)
  install(FILES ${CMAKE_BINARY_DIR}/changelog.gz DESTINATION ${CRW_DOC_DIR})
endif()
include(CPack)
