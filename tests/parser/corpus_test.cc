// The seed bulletin against its hand-labelled gold, matched the way ../shared/eval/score.py does:
// a prediction matches a gold project when its name holds one of the gold's keys.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "investtrack/parser/parse.h"

namespace investtrack::parser {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string status_name(ProjectStatus s) {
  switch (s) {
    case ProjectStatus::kUnknown: return "unknown";
    case ProjectStatus::kAnnounced: return "announced";
    case ProjectStatus::kSigned: return "signed";
    case ProjectStatus::kPreparing: return "preparing";
    case ProjectStatus::kUnderConstruction: return "under_construction";
    case ProjectStatus::kCompleted: return "completed";
    case ProjectStatus::kOperating: return "operating";
    case ProjectStatus::kSuspended: return "suspended";
    case ProjectStatus::kCancelled: return "cancelled";
  }
  return "?";
}

std::string strip_name(std::string s) {
  for (std::string_view w : {"“", "”", "\"", "《", "》", "(", ")", "（", "）", " "}) {
    for (auto p = s.find(w); p != std::string::npos; p = s.find(w)) s.erase(p, w.size());
  }
  return s;
}

std::string strip_admin(std::string s) {
  for (std::string_view suffix : {"自治州", "地区", "省", "市", "县", "区"}) {
    if (s.ends_with(suffix)) return s.substr(0, s.size() - suffix.size());
  }
  return s;
}

TEST(SeedBulletin, FindsEveryRequiredProjectWithTheRightFields) {
  const auto gold = nlohmann::json::parse(read(INVESTTRACK_TEST_DATA "/000_591e0df0c0e1022c.gold.json"));
  const auto parsed = parse_bulletin(read(INVESTTRACK_TEST_DATA "/000_591e0df0c0e1022c.txt"), ParseOptions{});
  ASSERT_TRUE(std::holds_alternative<ParseResult>(parsed));
  const auto& projects = std::get<ParseResult>(parsed).projects;

  std::vector<bool> used(projects.size(), false);
  int required = 0, found = 0, fields_ok = 0, fields = 0;
  for (const auto& g : gold["projects"]) {
    int match = -1;
    for (std::size_t i = 0; i < projects.size() && match < 0; ++i) {
      if (used[i]) continue;
      for (const auto& key : g["match"]) {
        if (strip_name(projects[i].display_name).find(strip_name(key.get<std::string>())) != std::string::npos) {
          match = static_cast<int>(i);
          break;
        }
      }
    }
    if (match >= 0) used[match] = true;
    if (!g["required"].get<bool>()) continue;
    ++required;
    const std::string name = g["name"].get<std::string>();
    if (match < 0) {
      ADD_FAILURE() << "missed " << name;
      continue;
    }
    ++found;
    const Project& p = projects[match];
    auto check = [&](bool ok, const std::string& what) {
      ++fields;
      fields_ok += ok;
      EXPECT_TRUE(ok) << name << ": " << what;
    };
    check(status_name(p.status) == g["status"].get<std::string>(), "status " + status_name(p.status));
    if (g["investment_yuan"].is_null()) {
      check(!p.total_investment, "unexpected investment");
    } else {
      check(p.total_investment && p.total_investment->low.units == g["investment_yuan"].get<std::int64_t>(),
            "investment");
    }
    const std::string city = g["city"].is_null() ? "" : g["city"].get<std::string>();
    const std::string county = g["county"].is_null() ? "" : g["county"].get<std::string>();
    check(strip_admin(p.location.city) == strip_admin(city), "city " + p.location.city);
    check(strip_admin(p.location.county) == strip_admin(county), "county " + p.location.county);
    for (const auto& c : g["capacity"]) {
      const bool has = std::any_of(p.capacities.begin(), p.capacities.end(), [&](const Quantity& q) {
        return q.value == c["value"].get<double>() && q.unit == c["unit"].get<std::string>();
      });
      check(has, "capacity " + c["unit"].get<std::string>());
    }
  }
  int extra = 0;
  for (std::size_t i = 0; i < projects.size(); ++i) {
    if (!used[i]) {
      ++extra;
      ADD_FAILURE() << "extra: " << projects[i].display_name;
    }
  }
  EXPECT_EQ(found, required);
  const double precision = found + extra ? static_cast<double>(found) / (found + extra) : 0;
  EXPECT_GE(precision, 0.9);
  EXPECT_EQ(fields_ok, fields);
}

}  // namespace
}  // namespace investtrack::parser
