# Install rules and the exported CMake package. Included at the end of the
# top-level CMakeLists.txt, once every target exists.
#
#   cmake --install <build> --prefix /opt/linkage
#
# installs:
#   bin/linkage                               the command
#   include/{base,comparators,normalise,blocking,linkage}/...   headers
#   lib/liblinkage_*.a                        the static libraries
#   lib/liblinkage_c.so*                      the C API (core linked in)
#   lib/cmake/linkage/linkageConfig.cmake     find_package(linkage): targets
#                                             linkage::linkage (C++, static)
#                                             and linkage::linkage_c (C API)
#   lib/pkgconfig/linkage.pc                  pkg-config for the C API
#   share/linkage/configs/*.json              the bundled model configs
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LINKAGE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/linkage)

# The libraries name their include directory as the source tree; installed,
# it is <prefix>/include. Their exported names drop the "linkage_" prefix of
# the target names: linkage::base, linkage::comparators, ..., linkage::linkage.
foreach(pair "linkage_base:base" "linkage_comparators:comparators"
             "linkage_normalise:normalise" "linkage_blocking:blocking"
             "linkage_core:linkage")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 target)
  list(GET pair 1 export_name)
  set_target_properties(${target} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES
      "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>;$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>"
    EXPORT_NAME ${export_name})
endforeach()

install(TARGETS linkage_base linkage_comparators linkage_normalise
                linkage_blocking linkage_core linkage_c
        EXPORT linkageTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET linkage_cli)
  install(TARGETS linkage_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# Headers, internal ones included (public headers include some of them);
# not the command's own headers nor the differential-test references.
foreach(folder base comparators normalise blocking linkage)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${folder}
          FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp"
          PATTERN "cli" EXCLUDE PATTERN "reference" EXCLUDE)
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/linkage/configs
        FILES_MATCHING PATTERN "*.json")

install(EXPORT linkageTargets NAMESPACE linkage::
        DESTINATION ${LINKAGE_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/linkageConfig.cmake.in
  ${PROJECT_BINARY_DIR}/linkageConfig.cmake
  INSTALL_DESTINATION ${LINKAGE_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/linkageConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/linkageConfig.cmake
              ${PROJECT_BINARY_DIR}/linkageConfigVersion.cmake
        DESTINATION ${LINKAGE_INSTALL_CMAKEDIR})

# The .pc file finds the prefix from its own place, so that an installed
# tree can be moved (and `cmake --install --prefix` chosen late).
file(RELATIVE_PATH LINKAGE_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" LINKAGE_PC_TO_PREFIX "${LINKAGE_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/linkage.pc.in
               ${PROJECT_BINARY_DIR}/linkage.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/linkage.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
