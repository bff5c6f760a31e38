// parse_bulletin on hostile and degenerate input: a clear error or an empty result, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "investtrack/parser/parse.h"

namespace investtrack::parser {
namespace {

ParseOptions dated() {
  ParseOptions options;
  options.base_date = {2023, 10, 31};
  return options;
}

TEST(ParseBulletin, EmptyInputGivesAnEmptyResult) {
  const auto result = parse_bulletin("", dated());
  ASSERT_TRUE(std::holds_alternative<ParseResult>(result));
  EXPECT_TRUE(std::get<ParseResult>(result).projects.empty());
}

TEST(ParseBulletin, PunctuationOnlyGivesAnEmptyResult) {
  const auto result = parse_bulletin("，。；、“”！？……——\n\n。。。", dated());
  ASSERT_TRUE(std::holds_alternative<ParseResult>(result));
  EXPECT_TRUE(std::get<ParseResult>(result).projects.empty());
}

TEST(ParseBulletin, BinaryInputIsAnError) {
  const std::string binary(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00\x00\x00\x00",
      12);
  const auto result = parse_bulletin(binary, dated());
  ASSERT_TRUE(std::holds_alternative<ParseError>(result));
  EXPECT_FALSE(std::get<ParseError>(result).message.empty());
}

TEST(ParseBulletin, InvalidBytesAreReportedWithTheirOffset) {
  const std::string text = std::string("项目总投资") + "\xFF\xFE\xFF" + "亿元";
  const auto result = parse_bulletin(text, dated());
  ASSERT_TRUE(std::holds_alternative<ParseError>(result));
  EXPECT_EQ(std::get<ParseError>(result).code, "INVALID_ENCODING");
  EXPECT_EQ(std::get<ParseError>(result).offset, 15u);
}

TEST(ParseBulletin, LongLineWithoutSentencesFinishes) {
  std::string line;
  while (line.size() < 2'000'000) line += "项目工程基地产业园中心";
  const auto result = parse_bulletin(line, dated());
  ASSERT_TRUE(std::holds_alternative<ParseResult>(result));
}

TEST(ParseBulletin, LongLineOfYearsWithoutPunctuationFinishes) {
  // Every year is weighed as a possible publication year; a long run of them must still finish.
  std::string line = "## 标题\n\n";
  while (line.size() < 2'000'000) line += "项目2022年投产";
  const auto result = parse_bulletin(line, ParseOptions{});
  ASSERT_TRUE(std::holds_alternative<ParseResult>(result));
  EXPECT_EQ(std::get<ParseResult>(result).base_date.year, 2022);
}

TEST(ParseBulletin, GivenBaseDateIsUsed) {
  const auto result =
      std::get<ParseResult>(parse_bulletin("## 标题\n\n本刊讯 10月24日，召开会议。\n", dated()));
  EXPECT_EQ(result.base_date, (CivilDate{2023, 10, 31}));
  ASSERT_EQ(result.articles.size(), 1u);
  ASSERT_TRUE(result.articles[0].date);
  EXPECT_EQ(*result.articles[0].date, (CivilDate{2023, 10, 24}));
}

TEST(ParseBulletin, BaseDateIsInferredFromTheLatestDayReported) {
  const auto result = std::get<ParseResult>(
      parse_bulletin("## 标题\n\n本刊讯 10月24日，召开会议。项目于2023年1月建成。\n\n本刊讯 "
                     "10月29日，协会成立。\n",
                     ParseOptions{}));
  EXPECT_EQ(result.base_date, (CivilDate{2023, 10, 29}));
  const bool warned = std::any_of(result.warnings.begin(), result.warnings.end(),
                                  [](const Warning& w) { return w.code == "BASE_DATE_INFERRED"; });
  EXPECT_TRUE(warned);
}

bool warned(const ParseResult& result, const std::string& code) {
  return std::any_of(result.warnings.begin(), result.warnings.end(),
                     [&](const Warning& w) { return w.code == code; });
}

ParseResult undated(const std::string& text) {
  return std::get<ParseResult>(parse_bulletin(text, ParseOptions{}));
}

TEST(ParseBulletin, AMastheadIssueLineGivesTheYear) {
  // The issue line lands in the first title; the days below it are in that year.
  EXPECT_EQ(undated("山西经济信息\n2022年第12期\n\n本刊讯 11月5日，召开会议。\n").base_date,
            (CivilDate{2022, 11, 5}));
  EXPECT_EQ(
      undated(
          "## 招商动态 2021年第3期（总第45期）\n\n本报讯 2月26日，项目签约。3月1日，项目开工。\n")
          .base_date,
      (CivilDate{2021, 3, 1}));
}

TEST(ParseBulletin, ATitleOrADatelineGivesTheDate) {
  const ParseResult circular = undated(
      "## 2022年省级重点工程建设进展情况通报\n\n一、总体情况\n\n1-9月，全省完成投资1856亿元。\n");
  EXPECT_EQ(circular.base_date.year, 2022);
  EXPECT_TRUE(warned(circular, "BASE_DATE_INFERRED"));
  EXPECT_EQ(undated("# 项目建设跑出加速度\n\n发布时间：2021-08-15 "
                    "来源：长治日报\n\n截至7月底，全县完成投资45亿元。\n")
                .base_date,
            (CivilDate{2021, 8, 15}));
  EXPECT_EQ(undated("## 县域经济\n\n日期：2020/6/30\n\n今年以来，项目建设提速。\n").base_date,
            (CivilDate{2020, 6, 30}));
}

TEST(ParseBulletin, PlannedAndForecastYearsDoNotDateTheBulletin) {
  // Each names only a year still to come: no year the bulletin reports, so today's date is used.
  for (const char* sentence :
       {"项目预计2031年底前建成。", "该项目力争2031年投产。", "到2031年，全市产能达到100万吨。",
        "项目计划于2031年6月完工。", "一期工程有望2031年建成运营。",
        "园区规划2031年产值突破百亿元。", "項目預計2031年底前建成。"}) {
    const ParseResult result =
        undated(std::string("## 新闻\n\n本刊讯 9月30日，") + sentence + "\n");
    EXPECT_TRUE(warned(result, "BASE_DATE_DEFAULTED")) << sentence;
    EXPECT_NE(result.base_date.year, 2031) << sentence;
  }
  // A year reported in another clause of the same sentence still counts, and so does its day.
  EXPECT_EQ(undated("## 新闻\n\n该项目于2022年3月18日开工，预计2031年建成投产。\n").base_date,
            (CivilDate{2022, 3, 18}));
  // A planned day in the reported year does not move the date past what was reported.
  EXPECT_EQ(undated("## 新闻\n\n2022年5月6日，项目开工，计划2022年12月20日建成。\n").base_date,
            (CivilDate{2022, 5, 6}));
}

TEST(ParseBulletin, DeterministicAndThreadSafe) {
  const std::string text =
      "## 新闻\n\n本报讯 "
      "总投资5亿元的晋城市光机电产业园项目开工。同时，沁水县煤层气综合利用项目已建成投产。\n";
  const auto reference = std::get<ParseResult>(parse_bulletin(text, dated()));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const auto again = std::get<ParseResult>(parse_bulletin(text, dated()));
        if (again.projects.size() != reference.projects.size()) ++mismatches;
        for (std::size_t k = 0; k < again.projects.size() && k < reference.projects.size(); ++k) {
          if (again.projects[k].display_name != reference.projects[k].display_name ||
              again.projects[k].status != reference.projects[k].status) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(reference.projects.size(), 2u);
}

TEST(ParseBulletin, Gb18030InputIsDecoded) {
  // "项目开工" in GB18030.
  const std::string gbk("\xcf\xee\xc4\xbf\xbf\xaa\xb9\xa4", 8);
  const auto result = parse_bulletin(gbk, dated());
  ASSERT_TRUE(std::holds_alternative<ParseResult>(result));
  EXPECT_EQ(std::get<ParseResult>(result).encoding, Encoding::kGb18030);
  EXPECT_EQ(std::get<ParseResult>(result).text, "项目开工");
}

}  // namespace
}  // namespace investtrack::parser

namespace investtrack::parser {
namespace {

// parse_bulletin_owned moves valid UTF-8 instead of copying it; it must read exactly as
// parse_bulletin does, on every path (plain, BOM, GB18030, errors).
TEST(ParseBulletinOwned, ReadsExactlyAsParseBulletin) {
  const std::vector<std::string> inputs = {
      "## 新闻\n\n本报讯 总投资5亿元的晋城市光机电产业园项目开工。\n",
      "\xEF\xBB\xBF## 新闻\n\n总投资3亿元的城市物流配送中心建成投用。\n",
      std::string("\xcf\xee\xc4\xbf\xbf\xaa\xb9\xa4", 8),
      std::string("\xEF\xBB\xBF") + "\xFF\xFE",
      std::string("a\0b", 3),
      "",
  };
  for (const auto& input : inputs) {
    const auto copied = parse_bulletin(input, dated());
    const auto moved = parse_bulletin_owned(std::string(input), dated());
    ASSERT_EQ(copied.index(), moved.index()) << input;
    if (const auto* error = std::get_if<ParseError>(&copied)) {
      EXPECT_EQ(error->offset, std::get<ParseError>(moved).offset);
      EXPECT_EQ(error->code, std::get<ParseError>(moved).code);
      continue;
    }
    const auto& a = std::get<ParseResult>(copied);
    const auto& b = std::get<ParseResult>(moved);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.encoding, b.encoding);
    ASSERT_EQ(a.projects.size(), b.projects.size());
    for (std::size_t i = 0; i < a.projects.size(); ++i) {
      EXPECT_EQ(a.projects[i].display_name, b.projects[i].display_name);
      EXPECT_EQ(a.projects[i].status, b.projects[i].status);
    }
  }
}

// Above a few MiB the result's copy of the text is made after handing the reading's freed memory
// back to the system: that path must read exactly as the small one, and the text stays intact.
TEST(ParseBulletinOwned, LargeBulletinReadsAsItsCopy) {
  std::ifstream in(std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt",
                   std::ios::binary);
  std::stringstream seed;
  seed << in.rdbuf();
  ASSERT_FALSE(seed.str().empty());
  std::string input;
  while (input.size() < (9u << 20)) input += seed.str() + "\n\n";
  const auto copied = parse_bulletin(input, dated());
  const auto moved = parse_bulletin_owned(std::string(input), dated());
  ASSERT_TRUE(std::holds_alternative<ParseResult>(copied));
  ASSERT_TRUE(std::holds_alternative<ParseResult>(moved));
  const auto& a = std::get<ParseResult>(copied);
  const auto& b = std::get<ParseResult>(moved);
  EXPECT_TRUE(b.text == input);
  ASSERT_EQ(a.projects.size(), b.projects.size());
  ASSERT_FALSE(b.projects.empty());
  for (std::size_t i = 0; i < a.projects.size(); ++i) {
    EXPECT_EQ(a.projects[i].display_name, b.projects[i].display_name);
    ASSERT_EQ(a.projects[i].evidence.size(), b.projects[i].evidence.size());
    for (std::size_t k = 0; k < b.projects[i].evidence.size(); ++k) {
      const Evidence& e = b.projects[i].evidence[k];
      EXPECT_EQ(e.sentence, a.projects[i].evidence[k].sentence);
      EXPECT_EQ(e.span, a.projects[i].evidence[k].span);
      EXPECT_LE(e.span.end, b.text.size());
    }
  }
  ASSERT_EQ(a.articles.size(), b.articles.size());
  EXPECT_EQ(b.articles.back().paragraphs.back().sentences.back().text,
            a.articles.back().paragraphs.back().sentences.back().text);
}

// A list of one-line items, the text with the most projects per byte.
std::string one_line_items(int count) {
  static const char* const kHeads[] = {"产业园项目", "物流中心", "光伏电站", "污水处理厂"};
  static const char* const kStages[] = {"开工建设", "竣工投产", "签约落地"};
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += "某县第" + std::to_string(i) + "号" + kHeads[i % 4] + kStages[i % 3] + "，总投资" +
            std::to_string(1 + i % 50) + "亿元。\n\n";
  }
  return text;
}

TEST(ParseBulletin, ACallerCanStopTheParseEarly) {
  ParseOptions options = dated();
  options.should_stop = [] { return true; };
  const auto result = parse_bulletin(one_line_items(50), options);
  ASSERT_TRUE(std::holds_alternative<ParseError>(result));
  EXPECT_EQ(std::get<ParseError>(result).code, "STOPPED");
}

TEST(ParseBulletin, StopIsAskedInsideTheLongLoopsNotOnlyBetweenStages) {
  // Asked often enough that a stop asked for half-way ends the parse, on one thread and on two.
  for (const int threads : {1, 2}) {
    std::atomic<int> asked{0};
    ParseOptions options = dated();
    options.threads = threads;
    options.should_stop = [&asked] { return ++asked > 8; };
    const auto result = parse_bulletin(one_line_items(20'000), options);
    ASSERT_TRUE(std::holds_alternative<ParseError>(result)) << threads;
    EXPECT_EQ(std::get<ParseError>(result).code, "STOPPED");
  }
}

// The caller's work on the idle second thread (while_idle) is told to stop when attribution ends,
// and a parse stopped meanwhile still ends: the work spins here until stop() says so.
TEST(ParseBulletin, TheCallersIdleWorkIsToldToStop) {
  for (const bool stopped : {false, true}) {
    std::atomic<int> asked{0};
    std::atomic<bool> idle_ran{false};
    ParseOptions options = dated();
    options.threads = 2;
    if (stopped) options.should_stop = [&asked] { return ++asked > 8; };
    options.while_idle = [&idle_ran](const std::vector<Article>& articles,
                                     const std::function<bool()>& stop) {
      EXPECT_FALSE(articles.empty());
      idle_ran = true;
      while (!stop()) std::this_thread::yield();
    };
    const auto result = parse_bulletin(one_line_items(20'000), options);
    if (stopped) {
      ASSERT_TRUE(std::holds_alternative<ParseError>(result));
      EXPECT_EQ(std::get<ParseError>(result).code, "STOPPED");
    } else {
      ASSERT_TRUE(std::holds_alternative<ParseResult>(result));
      EXPECT_TRUE(idle_ran);
    }
  }
}

TEST(ParseBulletin, ANeverStoppingCallerChangesNothing) {
  ParseOptions options = dated();
  options.should_stop = [] { return false; };
  const auto asked = parse_bulletin(one_line_items(300), options);
  const auto plain = parse_bulletin(one_line_items(300), dated());
  ASSERT_TRUE(std::holds_alternative<ParseResult>(asked));
  ASSERT_TRUE(std::holds_alternative<ParseResult>(plain));
  EXPECT_EQ(std::get<ParseResult>(asked).projects.size(),
            std::get<ParseResult>(plain).projects.size());
  EXPECT_GT(std::get<ParseResult>(asked).projects.size(), 200u);
}

}  // namespace
}  // namespace investtrack::parser
