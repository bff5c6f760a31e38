// A fresh database with no schema at all, for tests of the migration runner itself.
// ScratchDatabase (test_db.h) is the same with every migration applied.
#pragma once

#include <string>

namespace investtrack::testing {

class EmptyDatabase {
 public:
  EmptyDatabase();
  ~EmptyDatabase();
  EmptyDatabase(const EmptyDatabase&) = delete;
  EmptyDatabase& operator=(const EmptyDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string name_;
  std::string url_;
};

// `url` (a URI or key=value connection string) pointing at database `dbname` instead.
std::string with_database(const std::string& url, const std::string& dbname);

}  // namespace investtrack::testing
