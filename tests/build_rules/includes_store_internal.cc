// Must not compile in a target outside the store: a store-internal header brings libpqxx along
// (tests/build_rules/CMakeLists.txt).
#include "server/store/transaction.h"
