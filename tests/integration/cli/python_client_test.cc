// Runs tests/python/ with Debian's /usr/bin/python3 against a real investtrackd on a scratch
// database, the way a reporting script would use client/python: test_*.py against a plaintext
// server, tls_*.py (the client and the report script) against one that speaks TLS.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "child_process.h"
#include "test_data.h"
#include "test_db.h"
#include "test_server.h"

namespace investtrack::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(PythonClient, UnittestsPassAgainstALiveServer) {
  ScratchDatabase db;
  ServerProcess server(db.url());
  ChildProcess python({"/usr/bin/env", "PYTHONPATH=" INVESTTRACK_PYTHONPATH,
                       "PYTHONDONTWRITEBYTECODE=1", "INVESTTRACK_TEST_SERVER=" + server.address(),
                       "INVESTTRACK_SAMPLE_BULLETIN=" INVESTTRACK_SEED_BULLETIN, "/usr/bin/python3",
                       "-m", "unittest", "discover", "-v", "-s", INVESTTRACK_PYTHON_TESTS_DIR, "-p",
                       "test_*.py"});
  const std::optional<int> status = python.wait(180s);
  ASSERT_TRUE(status.has_value()) << "the Python tests did not finish within 180 s:\n"
                                  << python.err();
  // unittest reports on stderr.
  EXPECT_EQ(*status, 0) << python.err() << "\nserver log:\n" << server.log();
  EXPECT_THAT(python.err(), HasSubstr("\nOK"));
  EXPECT_THAT(python.err(), Not(HasSubstr("Ran 0 tests")));
}

TEST(PythonClient, TlsAgainstATlsServer) {
  ScratchDatabase db;
  const TestCertificates certificates;
  ASSERT_TRUE(certificates.made()) << certificates.error();
  const std::filesystem::path& certs = certificates.dir();
  ServerOptions options;
  options.extra_args = certificates.server_args();
  ServerProcess server(db.url(), options);
  // The certificate names only localhost.
  ChildProcess python(
      {"/usr/bin/env", "PYTHONPATH=" INVESTTRACK_PYTHONPATH, "PYTHONDONTWRITEBYTECODE=1",
       "INVESTTRACK_TEST_TLS_SERVER=localhost:" + std::to_string(server.port()),
       "INVESTTRACK_TEST_TLS_DIR=" + certs.string(),
       "INVESTTRACK_REPORT_SCRIPT=" INVESTTRACK_REPORT_SCRIPT, "/usr/bin/python3", "-m", "unittest",
       "discover", "-v", "-s", INVESTTRACK_PYTHON_TESTS_DIR, "-p", "tls_*.py"});
  const std::optional<int> status = python.wait(300s);
  ASSERT_TRUE(status.has_value()) << "the Python TLS tests did not finish within 300 s:\n"
                                  << python.err();
  EXPECT_EQ(*status, 0) << python.err() << "\nserver log:\n" << server.log();
  EXPECT_THAT(python.err(), HasSubstr("\nOK"));
  EXPECT_THAT(python.err(), Not(HasSubstr("Ran 0 tests")));
}

}  // namespace
}  // namespace investtrack::testing
