// The seed bulletin against its hand-labelled gold, matched the way ../shared/eval/score.py does:
// a prediction matches a gold project when its name holds one of the gold's keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
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
    case ProjectStatus::kUnknown:
      return "unknown";
    case ProjectStatus::kAnnounced:
      return "announced";
    case ProjectStatus::kSigned:
      return "signed";
    case ProjectStatus::kPreparing:
      return "preparing";
    case ProjectStatus::kUnderConstruction:
      return "under_construction";
    case ProjectStatus::kCompleted:
      return "completed";
    case ProjectStatus::kOperating:
      return "operating";
    case ProjectStatus::kSuspended:
      return "suspended";
    case ProjectStatus::kCancelled:
      return "cancelled";
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

struct Score {
  int required = 0, found = 0, extra = 0, fields = 0, fields_ok = 0;
  std::vector<std::string> problems;
  double precision() const {
    return found + extra ? static_cast<double>(found) / (found + extra) : 0;
  }
  double field_accuracy() const { return fields ? static_cast<double>(fields_ok) / fields : 0; }
};

// Scores one bulletin against its gold file, the way score.py does.
void score_bulletin(const std::string& gold_path, const std::string& dir, Score& score) {
  const auto gold = nlohmann::json::parse(read(gold_path));
  ParseOptions options;
  if (gold.contains("base_date")) {
    const std::string d = gold["base_date"].get<std::string>();
    options.base_date = {std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)),
                         std::stoi(d.substr(8, 2))};
  }
  const auto parsed = parse_bulletin(read(dir + "/" + gold["doc"].get<std::string>()), options);
  ASSERT_TRUE(std::holds_alternative<ParseResult>(parsed)) << gold_path;
  const auto& projects = std::get<ParseResult>(parsed).projects;

  std::vector<bool> used(projects.size(), false);
  for (const auto& g : gold["projects"]) {
    int match = -1;
    for (std::size_t i = 0; i < projects.size() && match < 0; ++i) {
      if (used[i]) continue;
      for (const auto& key : g["match"]) {
        if (strip_name(projects[i].display_name).find(strip_name(key.get<std::string>())) !=
            std::string::npos) {
          match = static_cast<int>(i);
          break;
        }
      }
    }
    if (match >= 0) used[match] = true;
    if (!g["required"].get<bool>()) continue;
    ++score.required;
    const std::string name = g["name"].get<std::string>();
    if (match < 0) {
      score.problems.push_back("missed " + name);
      continue;
    }
    ++score.found;
    const Project& p = projects[match];
    auto check = [&](bool ok, const std::string& what) {
      ++score.fields;
      score.fields_ok += ok;
      if (!ok) score.problems.push_back(name + ": " + what);
    };
    check(status_name(p.status) == g["status"].get<std::string>(),
          "status " + status_name(p.status));
    if (g["investment_yuan"].is_null()) {
      check(!p.total_investment, "unexpected investment");
    } else {
      const auto expected = g["investment_yuan"].get<std::int64_t>();
      const bool ok =
          p.total_investment &&
          (p.total_investment->low.units + p.total_investment->high.units) / 2 == expected;
      check(ok, "investment");
    }
    const std::string city = g["city"].is_null() ? "" : g["city"].get<std::string>();
    const std::string county = g["county"].is_null() ? "" : g["county"].get<std::string>();
    check(strip_admin(p.location.city) == strip_admin(city), "city " + p.location.city);
    check(strip_admin(p.location.county) == strip_admin(county), "county " + p.location.county);
    for (const auto& c : g["capacity"]) {
      const bool has =
          std::any_of(p.capacities.begin(), p.capacities.end(), [&](const Quantity& q) {
            return q.value == c["value"].get<double>() && q.unit == c["unit"].get<std::string>();
          });
      check(has, "capacity " + c["unit"].get<std::string>());
    }
  }
  for (std::size_t i = 0; i < projects.size(); ++i) {
    if (!used[i]) {
      ++score.extra;
      score.problems.push_back("extra: " + projects[i].display_name);
    }
  }
}

std::string report(const Score& score) {
  std::string out;
  for (const auto& p : score.problems) out += "\n  " + p;
  return out;
}

// Every field of a parse result, as text: two results are the same when their dumps are.
std::string dump(const ParseResult& r) {
  std::ostringstream o;
  auto amount = [&](const MoneyAmount& a) {
    o << a.currency_code << ' ' << a.low.units << '.' << a.low.nanos << '-' << a.high.units << '.'
      << a.high.nanos << ' ' << static_cast<int>(a.qualifier) << ' ' << static_cast<int>(a.kind)
      << ' ' << a.text << ';';
  };
  auto quantity = [&](const Quantity& q) {
    o << q.value << q.unit << ' ' << static_cast<int>(q.kind) << q.text << ';';
  };
  o << r.base_date.year << '-' << r.base_date.month << '-' << r.base_date.day << '\n';
  for (const auto& w : r.warnings) o << w.code << ' ' << w.message << ' ' << w.offset << '\n';
  for (const auto& p : r.projects) {
    o << p.display_name << '|' << p.article_index << '|' << p.industry << '|' << p.level << '|'
      << p.project_code << '|' << static_cast<int>(p.status) << p.status_phrase << p.ceremony << '|'
      << p.location.province << p.location.city << p.location.county << p.location.zone
      << p.location.division_code << '|';
    for (const auto& a : p.aliases) o << a << ',';
    for (const auto& a : p.organizations) o << a << ',';
    for (const auto& q : p.capacities) quantity(q);
    if (p.total_investment) amount(*p.total_investment);
    for (const auto& a : p.amounts) amount(a);
    if (p.floor_area) quantity(*p.floor_area);
    if (p.land_area) quantity(*p.land_area);
    for (const auto& d : p.dates) o << d.kind << d.date.year << d.date.month << d.date.day << ';';
    for (const auto& ph : p.phases) {
      o << ph.name << static_cast<int>(ph.status);
      for (const auto& q : ph.capacities) quantity(q);
      if (ph.total_investment) amount(*ph.total_investment);
    }
    for (const auto& e : p.evidence)
      o << e.field << e.span.begin << '-' << e.span.end << e.sentence << ';';
    o << '\n';
  }
  return o.str();
}

// ParseOptions::threads reads parts of a bulletin on a second thread, cut by bytes: the result must
// not depend on it. The real articles and the seed, joined as parser_bench joins them, so lists,
// agreements and brands fall on both sides of the cut.
TEST(Threads, TheResultIsTheSameOnOneOrTwoThreads) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(INVESTTRACK_TEST_DATA "/real/dev")) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  paths.insert(paths.begin(), INVESTTRACK_TEST_DATA "/000_591e0df0c0e1022c.txt");
  std::string joined;
  for (const auto& path : paths) joined += read(path) + "\n\n";
  // Six times over: more sentences than the readings read ahead of the sequential pass at most
  // (Extractor::ReadingsAhead's window of 32 chunks of 64 sentences).
  std::string six_times;
  for (int k = 0; k < 6; ++k) six_times += joined;
  for (const std::string& text : {joined, joined + joined, six_times, read(paths[0])}) {
    ParseOptions one;
    ParseOptions two;
    two.threads = 2;
    const auto a = std::get<ParseResult>(parse_bulletin(text, one));
    const auto b = std::get<ParseResult>(parse_bulletin(text, two));
    EXPECT_GT(a.projects.size(), 0U);
    EXPECT_EQ(dump(a), dump(b));
  }
}

TEST(SeedBulletin, FindsEveryRequiredProjectWithTheRightFields) {
  Score score;
  score_bulletin(INVESTTRACK_TEST_DATA "/000_591e0df0c0e1022c.gold.json", INVESTTRACK_TEST_DATA,
                 score);
  EXPECT_EQ(score.found, 7) << report(score);
  EXPECT_EQ(score.found, score.required) << report(score);
  EXPECT_GE(score.precision(), 0.9) << report(score);
  EXPECT_EQ(score.fields_ok, score.fields) << report(score);
}

// Bulletins written for this project in other styles (a groundbreaking report, a county web page,
// traditional script, a numbered circular, foreign currency and ranges, a newswire item): the rules
// must hold beyond the seed. One known miss is accepted: 云冈机场 reads as 云冈区 (a landmark
// sharing a district's short name).
TEST(EvaluationBulletins, RulesGeneraliseBeyondTheSeed) {
  Score score;
  for (const char* name :
       {"101_jincheng_kaigong", "102_xiangyuan_web", "103_greater_bay_traditional",
        "104_provincial_progress", "105_foreign_and_ranges", "106_hefei_newswire"}) {
    score_bulletin(std::string(INVESTTRACK_TEST_DATA "/eval/") + name + ".gold.json",
                   INVESTTRACK_TEST_DATA "/eval", score);
  }
  EXPECT_EQ(score.found, score.required) << report(score);
  EXPECT_GE(score.precision(), 0.9) << report(score);
  EXPECT_GE(score.field_accuracy(), 0.98) << report(score);
}

// The evaluation bulletins carry no publication date, so each is dated from its text. Where the
// text says the year (a dateline, a title, a day reported with its year) it must be the gold's;
// where it names only years still to come, nothing is inferred rather than a wrong year.
TEST(EvaluationBulletins, TheYearIsReadFromTheTextOrNotAtAll) {
  for (const char* name :
       {"101_jincheng_kaigong", "102_xiangyuan_web", "104_provincial_progress"}) {
    const auto gold = nlohmann::json::parse(
        read(std::string(INVESTTRACK_TEST_DATA "/eval/") + name + ".gold.json"));
    const auto result = std::get<ParseResult>(parse_bulletin(
        read(std::string(INVESTTRACK_TEST_DATA "/eval/") + name + ".txt"), ParseOptions{}));
    EXPECT_EQ(result.base_date.year,
              std::stoi(gold.at("base_date").get<std::string>().substr(0, 4)))
        << name;
  }
  EXPECT_EQ(
      std::get<ParseResult>(
          parse_bulletin(read(INVESTTRACK_TEST_DATA "/eval/102_xiangyuan_web.txt"), ParseOptions{}))
          .base_date,
      (CivilDate{2023, 8, 15}));
  for (const char* name :
       {"103_greater_bay_traditional", "105_foreign_and_ranges", "106_hefei_newswire"}) {
    const auto result = std::get<ParseResult>(parse_bulletin(
        read(std::string(INVESTTRACK_TEST_DATA "/eval/") + name + ".txt"), ParseOptions{}));
    const bool defaulted =
        std::any_of(result.warnings.begin(), result.warnings.end(),
                    [](const Warning& w) { return w.code == "BASE_DATE_DEFAULTED"; });
    EXPECT_TRUE(defaulted) << name << " was dated " << result.base_date.year;
  }
}

}  // namespace
}  // namespace investtrack::parser
