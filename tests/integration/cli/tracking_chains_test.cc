// Tracking across bulletins on the public real chains (tests/data/real/tracking, issue 15): each
// order of ingest into a fresh register, scored by tests/tracking_chains.py (the issuer's track.py
// plus the history and kept-apart checks) through the CLI against a real investtrackd.
#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "child_process.h"
#include "test_data.h"
#include "test_db.h"
#include "test_server.h"

namespace investtrack::testing {
namespace {

using namespace std::chrono_literals;

class TrackingChains : public ::testing::TestWithParam<std::string> {};

TEST_P(TrackingChains, EndAsOneRecordWithTheNewestStatusAboveTheFloors) {
  ScratchDatabase db;
  ServerProcess server(db.url());
  ChildProcess script({"/usr/bin/python3", INVESTTRACK_TRACKING_SCRIPT, "--cli",
                       INVESTTRACK_CLI_PATH, "--server", server.address(), "--order", GetParam(),
                       "--tracking", INVESTTRACK_TRACKING_DIR, "--min-one-record",
                       INVESTTRACK_TRACKING_MIN_ONE_RECORD, "--min-final-status",
                       INVESTTRACK_TRACKING_MIN_FINAL_STATUS});
  const std::optional<int> status = script.wait(600s);
  ASSERT_TRUE(status.has_value()) << "tracking_chains.py did not finish within 600 s:\n"
                                  << script.out();
  EXPECT_EQ(*status, 0) << script.out() << script.err() << "\nserver log (tail):\n"
                        << server.log().substr(
                               server.log().size() > 4000 ? server.log().size() - 4000 : 0);
  std::cout << script.out();
}

INSTANTIATE_TEST_SUITE_P(BothOrders, TrackingChains, ::testing::Values("newest", "oldest"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param + "First";
                         });

}  // namespace
}  // namespace investtrack::testing
