#include "investtrack/parser/entities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace investtrack::parser {
namespace {

using Names = std::vector<std::string>;

Names orgs(std::string_view text) {
  Names out;
  for (const OrgMention& m : find_organizations(text)) out.push_back(m.name);
  return out;
}

// --- organizations: where a name starts

TEST(Organizations, StopsAtTheVerbBefore) {
  EXPECT_EQ(orgs("已引进江苏维扬豆制品有限公司豆制品加工项目"), (Names{"江苏维扬豆制品有限公司"}));
  EXPECT_EQ(orgs("成功引进浙江晶科能源有限公司"), (Names{"浙江晶科能源有限公司"}));
  EXPECT_EQ(orgs("县政府签订山西华阳集团新能源合作协议"), (Names{"山西华阳集团"}));
}

TEST(Organizations, StopsAtPrepositions) {
  EXPECT_EQ(orgs("由三峡新能源集团山西分公司和忻州经济开发区共同引进"),
            (Names{"三峡新能源集团山西分公司"}));
  EXPECT_EQ(orgs("与福建达利园食品有限公司签订了入园协议"), (Names{"福建达利园食品有限公司"}));
  EXPECT_EQ(orgs("与康师傅公司签订合作协议"), (Names{"康师傅公司"}));
  EXPECT_EQ(orgs("向中国银行忻州分行申请贷款"), (Names{"中国银行忻州分行"}));
}

TEST(Organizations, StopsAtPunctuation) {
  EXPECT_EQ(orgs("会议指出，国家电投集团山西电力有限公司要加快进度。"),
            (Names{"国家电投集团山西电力有限公司"}));
  EXPECT_EQ(orgs("参会企业：太原重型机械集团、山西焦煤集团有限责任公司"),
            (Names{"太原重型机械集团", "山西焦煤集团有限责任公司"}));
}

TEST(Organizations, ParenthesisedPlaceInsideTheName) {
  EXPECT_EQ(orgs("董明珠先后到一道新能源科技(衢州)有限公司考察"),
            (Names{"一道新能源科技(衢州)有限公司"}));
  EXPECT_EQ(orgs("中铁十二局集团（山西）建设有限公司承建"),
            (Names{"中铁十二局集团（山西）建设有限公司"}));
}

TEST(Organizations, NameStartingWithAWeakStopCharacter) {
  // 同 and 和 are prepositions, but also begin names: they stop only after a whole stem.
  EXPECT_EQ(orgs("，同方股份有限公司发布公告"), (Names{"同方股份有限公司"}));
  EXPECT_EQ(orgs("忻州市和山西建投集团合作"), (Names{"山西建投集团"}));
}

TEST(Organizations, GenericWordsAreNoNames) {
  EXPECT_TRUE(orgs("本公司承诺").empty());
  EXPECT_TRUE(orgs("该公司负责运营").empty());
  EXPECT_TRUE(orgs("请有关公司配合").empty());
  EXPECT_TRUE(orgs("由其全资子公司建设").empty());
  EXPECT_TRUE(orgs("3家公司参与").empty());
  EXPECT_TRUE(orgs("公司").empty());
}

TEST(Organizations, VerbBeforeAnAssociationIsNoName) {
  EXPECT_TRUE(orgs("，支持协会开展工作").empty());
  EXPECT_TRUE(orgs("，希望协会充分发挥作用").empty());
  EXPECT_TRUE(orgs("全省各开发区管委会负责同志").empty());
  EXPECT_EQ(orgs("，山西省开发区协会正式成立"), (Names{"山西省开发区协会"}));
}

TEST(Organizations, RealOrgsThatLookGeneric) {
  EXPECT_EQ(orgs("由省国资运营公司牵头"), (Names{"省国资运营公司"}));
}

TEST(Organizations, InstitutionsAndCooperatives) {
  EXPECT_EQ(orgs("与中国科学院山西煤炭化学研究所合作"), (Names{"中国科学院山西煤炭化学研究所"}));
  EXPECT_EQ(orgs("组建武乡县丰收种植专业合作社"), (Names{"武乡县丰收种植专业合作社"}));
  EXPECT_EQ(orgs("忻州经济开发区管委会负责人介绍"), (Names{"忻州经济开发区管委会"}));
}

TEST(Organizations, SeveralInOneSentenceAndSpans) {
  const std::string text =
      "晶科能源股份有限公司与长治市政府签约，隆基绿能科技股份有限公司也已入驻。";
  const auto found = find_organizations(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "晶科能源股份有限公司");
  EXPECT_EQ(text.substr(found[0].span.begin, found[0].span.end - found[0].span.begin),
            found[0].name);
  EXPECT_EQ(found[1].name, "隆基绿能科技股份有限公司");
  EXPECT_EQ(text.substr(found[1].span.begin, found[1].span.end - found[1].span.begin),
            found[1].name);
}

TEST(Organizations, DatesAndNumbersBeforeANameAreDropped) {
  EXPECT_EQ(orgs("2023年华为技术有限公司"), (Names{"华为技术有限公司"}));
}

// Every word that ends a name is found after characters that share bytes with its first
// character (兴 and 公 share E5 85; 顶 and 项 share E9 A1), after full-width digits, and at the
// very start and end of a text: the byte filters before the keyword lookup must drop no name.
TEST(Organizations, EveryNameEndingIsFound) {
  for (std::string_view anchor :
       {"公司", "集团", "研究院", "研究所", "设计院", "银行", "分行", "支行", "合作社", "管委会",
        "管理委员会", "商会", "协会", "事务所", "研究中心"}) {
    const std::string name = "山西华兴顶峰" + std::string(anchor);
    EXPECT_EQ(orgs("２０２３年，引进" + name + "，共建兴业项目"), (Names{name})) << anchor;
    EXPECT_EQ(orgs(name), (Names{name})) << anchor;
  }
}

TEST(Organizations, NoCrashOnBrokenInput) {
  EXPECT_NO_THROW(
      find_organizations(std::string("\xE5\x85", 2) + "公司" + std::string("\xFF(", 2)));
  EXPECT_NO_THROW(find_organizations(")有限公司"));
  EXPECT_NO_THROW(find_organizations("(衢州)有限公司"));
  EXPECT_TRUE(find_organizations("").empty());
}

// --- industry

TEST(Industry, SpecificKeys) {
  EXPECT_EQ(classify_industry("年产10GW高效单晶硅片项目"), "photovoltaics");
  EXPECT_EQ(classify_industry("太原武宿国际机场三期改扩建工程，新建航站楼"), "airport");
  EXPECT_EQ(classify_industry("豆制品加工项目"), "food_processing");
  EXPECT_EQ(classify_industry("12英寸集成电路晶圆制造"), "semiconductor");
  EXPECT_EQ(classify_industry("新能源汽车整车生产基地"), "new_energy_vehicle");
  EXPECT_EQ(classify_industry("200MW风电场"), "wind_power");
  EXPECT_EQ(classify_industry("绿氢制氢加氢一体化"), "hydrogen");
  EXPECT_EQ(classify_industry("100MW/200MWh电网侧储能电站"), "energy_storage");
  EXPECT_EQ(classify_industry("跨境电商产业园"), "cross_border_ecommerce");
  EXPECT_EQ(classify_industry("大数据中心一期"), "data_center");
}

TEST(Industry, GeneralKeys) {
  EXPECT_EQ(classify_industry("年产120万吨焦化项目"), "coal");
  EXPECT_EQ(classify_industry("精细化工园区"), "chemicals");
  EXPECT_EQ(classify_industry("不锈钢深加工"), "steel");
  EXPECT_EQ(classify_industry("冷链物流园"), "logistics");
  EXPECT_EQ(classify_industry("景区提升文旅项目"), "tourism");
  EXPECT_EQ(classify_industry("人民医院新院区"), "healthcare");
  EXPECT_EQ(classify_industry("太佳高速公路"), "transport");
  EXPECT_EQ(classify_industry("城乡供水一体化"), "water");
  EXPECT_EQ(classify_industry("设施农业大棚种植"), "agriculture");
  EXPECT_EQ(classify_industry("高端装备制造产业园"), "manufacturing");
}

TEST(Industry, MostSpecificWins) {
  // A photovoltaic module line is also manufacturing; a vegetable processing plant is also farming.
  EXPECT_EQ(classify_industry("光伏组件智能制造生产线"), "photovoltaics");
  EXPECT_EQ(classify_industry("蔬菜种植基地及蔬菜加工"), "food_processing");
}

TEST(Industry, NothingFits) {
  EXPECT_EQ(classify_industry("会议强调要提高站位"), "");
  // 高速 alone is "rapid", not a motorway.
  EXPECT_EQ(classify_industry("经济高速发展"), "");
}

// --- project level

TEST(ProjectLevel, AsWritten) {
  EXPECT_EQ(find_project_level("该项目是省级重点工程"), "省级重点工程");
  EXPECT_EQ(find_project_level("列入国家重大项目库"), "国家重大项目");
  EXPECT_EQ(find_project_level("被列为全省重大转型项目"), "全省重大转型项目");
  EXPECT_EQ(find_project_level("作为市级重点项目推进"), "市级重点项目");
  EXPECT_EQ(find_project_level("省重点建设项目"), "省重点建设项目");
  EXPECT_EQ(find_project_level("是省、市重点项目"), "省、市重点项目");
  EXPECT_EQ(find_project_level("属于国家级重点工程项目"), "国家级重点工程项目");
  EXPECT_EQ(find_project_level("该基地是我省重大转型项目"), "我省重大转型项目");
}

TEST(ProjectLevel, UnscopedRanks) {
  EXPECT_EQ(find_project_level("该项目为重大转型项目"), "重大转型项目");
  EXPECT_EQ(find_project_level("全县重点工程进展顺利"), "全县重点工程");
  EXPECT_EQ(find_project_level("这是一项重点工程"), "重点工程");
}

TEST(ProjectLevel, NoRank) {
  EXPECT_EQ(find_project_level("重大项目集中开工"), "");
  EXPECT_EQ(find_project_level("重点推进招商引资"), "");
  EXPECT_EQ(find_project_level("忻州重点项目"), "");
  EXPECT_EQ(find_project_level(""), "");
}

// Speed is measured in bench/, not here; this checks that a long text is read the same as its
// parts (nothing lost or doubled at scale).
TEST(Entities, LongTextIsReadLikeItsParts) {
  std::ifstream in(std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt",
                   std::ios::binary);
  ASSERT_TRUE(in) << "sample bulletin missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string one = buffer.str() + "\n";
  std::string text;
  for (int i = 0; i < 200; ++i) text += one;
  const std::size_t per_copy = find_organizations(one).size();
  ASSERT_GT(per_copy, 3u);
  EXPECT_EQ(find_organizations(text).size(), per_copy * 200);
}

// The tally must read the pieces exactly as their concatenation, including keywords cut between
// two pieces (光|伏, 数据|中心) and ties decided by which rule was seen first; and so must a tally
// given each piece's keywords found beforehand (keywords_in, as the parser's second thread does).
void expect_tally_matches_whole_text(const std::vector<std::vector<std::string>>& cases) {
  for (const auto& pieces : cases) {
    IndustryTally tally;
    IndustryTally read_ahead;
    std::string joined;
    for (const auto& piece : pieces) {
      tally.add(piece);
      read_ahead.add(piece, IndustryTally::keywords_in(piece));
      joined += piece;
    }
    EXPECT_EQ(tally.result(), classify_industry(joined)) << joined;
    EXPECT_EQ(read_ahead.result(), classify_industry(joined)) << joined;
  }
}

TEST(IndustryTallyTest, EqualsClassifyingTheJoinedText) {
  const std::vector<std::vector<std::string>> cases = {
      {"晶科能源光", "伏组件项目"},
      {"新建数据", "中心，配套储能"},
      {"食品加工项目", "开工", "建设大型物流园，冷链", "仓储"},
      {"养殖基地", "种植园", "机械制造"},
      {"", "风电", "", "场"},
      {"无关的文字", "没有行业"},
  };
  expect_tally_matches_whole_text(cases);
  // Pieces longer than any keyword: keywords inside a piece, across each seam, and a piece that
  // ends in the middle of a character's bytes.
  const std::string filler = "市委书记在调研时强调要加快推进";
  const std::vector<std::vector<std::string>> long_cases = {
      {filler + "煤矿旁建设风", "电场" + filler + "冷链物流" + filler},
      {filler + "新建数据", "中心" + filler, filler + "食品", "加工"},
      {filler + "光伏组件", filler + "锂电池", "储能" + filler + "半导"},
      {filler + "太阳能", "电池" + filler},
      {filler + std::string("\xE9"),
       std::string("\xA3\x8E") + "电" + filler},  // 风 cut inside its bytes
  };
  expect_tally_matches_whole_text(long_cases);
  EXPECT_EQ(IndustryTally().result(), "");
  // The only wind-power keyword is cut in two; missing it would leave coal.
  IndustryTally split;
  split.add("煤矿旁建设风");
  split.add("电场");
  EXPECT_EQ(split.result(), "wind_power");
}

// The scans step over runs of characters that start no keyword in one loop. Random pieces of
// keywords, their halves, filler, ASCII and broken bytes, cut anywhere: the tally must still equal
// classifying the joined text, and a company after a long run of filler is still read whole.
TEST(IndustryTallyTest, RandomPiecesEqualTheJoinedText) {
  const std::vector<std::string> parts = {
      "光伏",   "光",   "伏",   "储能", "锂电池",   "数据中心",
      "数据",   "中心", "食品", "加工", "的",       "市委书记在调研时强调",
      "TOPCon", "a",    "，",   "\xE9", "\xA3\x8E", "风电",
      "煤矿",   "物流", "冷链", "\x80", "é",        "𠀀"};
  std::uint32_t state = 77;
  for (int t = 0; t < 400; ++t) {
    std::string joined;
    const int length = 1 + static_cast<int>(state % 12);
    for (int k = 0; k < length; ++k) {
      state = state * 1103515245U + 12345U;
      joined += parts[(state >> 8) % parts.size()];
    }
    std::vector<std::string> pieces;
    for (std::size_t at = 0; at < joined.size();) {
      state = state * 1103515245U + 12345U;
      const std::size_t size = 1 + (state >> 8) % 9;
      pieces.push_back(joined.substr(at, size));
      at += size;
    }
    expect_tally_matches_whole_text({pieces});
  }
}

TEST(Organizations, FoundAfterLongRunsOfOtherCharacters) {
  const std::string filler = "市委书记在调研时强调要加快推进项目建设，";
  for (const std::string& run :
       {std::string(), filler, filler + filler + filler, std::string("abc，") + filler}) {
    const auto found = find_organizations(run + "晶科能源有限公司投资建设");
    ASSERT_EQ(found.size(), 1U) << run;
    EXPECT_EQ(found[0].name, "晶科能源有限公司");
    EXPECT_EQ(found[0].span.begin, run.size());
  }
}

}  // namespace
}  // namespace investtrack::parser
