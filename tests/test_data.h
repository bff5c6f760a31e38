// The files of tests/data the tests share, under INVESTTRACK_TEST_DATA: the one test-data path,
// which investtrack_test() (tests/CMakeLists.txt) sets for every test.
#pragma once

#ifndef INVESTTRACK_TEST_DATA
#error "INVESTTRACK_TEST_DATA is set by investtrack_test() in tests/CMakeLists.txt"
#endif

// The seed bulletin (its gold labels are 000_591e0df0c0e1022c.gold.json beside it).
#define INVESTTRACK_SEED_BULLETIN INVESTTRACK_TEST_DATA "/000_591e0df0c0e1022c.txt"
// The public tracking chains (issue 15), one folder per chain.
#define INVESTTRACK_TRACKING_DIR INVESTTRACK_TEST_DATA "/real/tracking"
