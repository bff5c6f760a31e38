// Must not compile in a target outside the store (tests/build_rules/CMakeLists.txt).
#include <pqxx/pqxx>
