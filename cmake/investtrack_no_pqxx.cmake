# investtrack_forbid_pqxx(<target>...)
#
# libpqxx is private to the store (investtrack_store) and the migration runner
# (investtrack_migrate): docs/architecture.md, "Dependency rules". Leaving PkgConfig::PQXX out of a
# target's links does not keep its sources from including <pqxx/...>, because libpqxx installs its
# headers in /usr/include, which every compile searches. So each other target searches first a
# directory of headers with libpqxx's names (every file of the installed pqxx/ directory) whose
# only content is an #error naming the rule: an include of libpqxx there, direct or through a
# store-internal header, does not compile. tests/build_rules proves it does not.
find_path(INVESTTRACK_PQXX_INCLUDE_DIR pqxx/pqxx HINTS ${PQXX_INCLUDE_DIRS}
  DOC "The directory holding libpqxx's pqxx/ headers")
if(NOT INVESTTRACK_PQXX_INCLUDE_DIR)
  message(FATAL_ERROR "libpqxx's headers (pqxx/pqxx) not found")
endif()
set(INVESTTRACK_NO_PQXX_DIR ${CMAKE_BINARY_DIR}/no_pqxx)
file(GLOB_RECURSE investtrack_pqxx_headers LIST_DIRECTORIES false
  RELATIVE ${INVESTTRACK_PQXX_INCLUDE_DIR} ${INVESTTRACK_PQXX_INCLUDE_DIR}/pqxx/*)
foreach(header IN LISTS investtrack_pqxx_headers)
  file(CONFIGURE OUTPUT ${INVESTTRACK_NO_PQXX_DIR}/${header} CONTENT
"#error \"libpqxx is private to server/store and the migration runner (docs/architecture.md, \
Dependency rules): reach the database through investtrack_store's public headers\"
")
endforeach()

function(investtrack_forbid_pqxx)
  foreach(target IN LISTS ARGN)
    target_include_directories(${target} BEFORE PRIVATE ${INVESTTRACK_NO_PQXX_DIR})
  endforeach()
endfunction()
