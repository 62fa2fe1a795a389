# Finds every system dependency (Debian 12 packages, installed by
# scripts/setup.sh) and exposes each as an imported target.
find_package(PkgConfig REQUIRED)
find_package(absl REQUIRED CONFIG)
find_package(TBB REQUIRED CONFIG)
find_package(nlohmann_json 3.10 REQUIRED CONFIG)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

# libphonenumber ships no CMake or pkg-config file on Debian 12.
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
if(NOT TARGET linkage_ext::phonenumber)
  add_library(linkage_ext::phonenumber UNKNOWN IMPORTED)
  set_target_properties(linkage_ext::phonenumber PROPERTIES
    IMPORTED_LOCATION ${PHONENUMBER_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${PHONENUMBER_INCLUDE_DIR})
endif()

if(LINKAGE_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)
endif()
if(LINKAGE_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED CONFIG)
endif()
