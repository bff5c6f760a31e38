// The database the integration tests use: the throwaway cluster scripts/test.sh starts.
#pragma once

#include <string>

namespace investtrack::testing {

// INVESTTRACK_TEST_DB_URL, or a failed test (never a skip) when it is not set, so a broken set-up
// cannot pass as green.
std::string test_db_url();

// A fresh, empty database on that server named for the calling test, with all migrations applied.
// Dropped by the destructor.
class ScratchDatabase {
 public:
  ScratchDatabase();
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  const std::string& url() const { return url_; }
  // The database's name: unique among concurrent tests, e.g. for their scratch files.
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string url_;
};

}  // namespace investtrack::testing
