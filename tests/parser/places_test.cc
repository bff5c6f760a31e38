#include "investtrack/parser/places.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace investtrack::parser {
namespace {

const Gazetteer& gazetteer() { return Gazetteer::instance(); }

// The text of every non-zone mention, in order.
std::vector<std::string> place_texts(std::string_view text) {
  std::vector<std::string> out;
  for (const PlaceMention& m : gazetteer().find(text))
    if (!m.is_zone) out.emplace_back(text.substr(m.span.begin, m.span.end - m.span.begin));
  return out;
}

std::vector<std::string> zone_names(std::string_view text) {
  std::vector<std::string> out;
  for (const PlaceMention& m : gazetteer().find(text))
    if (m.is_zone) out.push_back(m.zone_name);
  return out;
}

Location locate(std::string_view text, const Location& context = {}) {
  return gazetteer().resolve(gazetteer().find(text), context);
}

using Names = std::vector<std::string>;

// --- the tables

TEST(GazetteerTable, CodesAndParents) {
  const Division* wuxiang = gazetteer().by_code("140429");
  ASSERT_NE(wuxiang, nullptr);
  EXPECT_EQ(wuxiang->name, "武乡县");
  EXPECT_EQ(wuxiang->short_name, "武乡");
  EXPECT_EQ(wuxiang->level, DivisionLevel::kCounty);
  EXPECT_EQ(wuxiang->parent_code, "140400");
  const Division* changzhi = gazetteer().by_code("140400");
  ASSERT_NE(changzhi, nullptr);
  EXPECT_EQ(changzhi->name, "长治市");
  EXPECT_EQ(changzhi->parent_code, "140000");
  const Division* shanxi = gazetteer().by_code("140000");
  ASSERT_NE(shanxi, nullptr);
  EXPECT_EQ(shanxi->name, "山西省");
  EXPECT_EQ(shanxi->level, DivisionLevel::kProvince);
  EXPECT_EQ(gazetteer().by_code("999999"), nullptr);
  EXPECT_EQ(gazetteer().by_code(""), nullptr);
}

TEST(GazetteerTable, MunicipalityDistrictsHangUnderTheProvince) {
  const Division* chaoyang = gazetteer().by_code("110105");
  ASSERT_NE(chaoyang, nullptr);
  EXPECT_EQ(chaoyang->name, "朝阳区");
  EXPECT_EQ(chaoyang->parent_code, "110000");
  // The 市辖区 placeholder is not a division of its own.
  EXPECT_EQ(gazetteer().by_code("110100"), nullptr);
}

TEST(GazetteerTable, ShortNamesOfAutonomousDivisions) {
  EXPECT_EQ(gazetteer().by_code("150000")->short_name, "内蒙古");
  EXPECT_EQ(gazetteer().by_code("450000")->short_name, "广西");
  EXPECT_EQ(gazetteer().by_code("650000")->short_name, "新疆");
  EXPECT_EQ(gazetteer().by_code("222400")->short_name, "延边");
  EXPECT_EQ(gazetteer().by_code("652800")->short_name, "巴音郭楞");
}

TEST(GazetteerTable, CommonWordShortNamesAreDisabled) {
  // 和平区 (Shenyang, Tianjin): 和平 is "peace".
  EXPECT_EQ(gazetteer().by_code("210102")->short_name, "");
  // 河南蒙古族自治县: 河南 means the province.
  const Division* henan_county = gazetteer().by_code("632324");
  ASSERT_NE(henan_county, nullptr);
  EXPECT_EQ(henan_county->short_name, "");
}

// --- find: full and short names

TEST(GazetteerFind, FullNamesLongestFirst) {
  EXPECT_EQ(place_texts("山西省长治市武乡县"), (Names{"山西省", "长治市", "武乡县"}));
  EXPECT_EQ(place_texts("内蒙古自治区鄂尔多斯市"), (Names{"内蒙古自治区", "鄂尔多斯市"}));
  EXPECT_EQ(place_texts("吉林省延边朝鲜族自治州和龙市"),
            (Names{"吉林省", "延边朝鲜族自治州", "和龙市"}));
}

TEST(GazetteerFind, ShortNames) {
  EXPECT_EQ(place_texts("山西太原、忻州两地"), (Names{"山西", "太原", "忻州"}));
  EXPECT_EQ(place_texts("项目落户武乡，总投资5亿元"), (Names{"武乡"}));
  EXPECT_EQ(place_texts("长治高新区"), (Names{"长治"}));
}

TEST(GazetteerFind, ListsOfCities) {
  EXPECT_EQ(place_texts("朔州、大同、忻州三市"), (Names{"朔州", "大同", "忻州"}));
  EXPECT_EQ(place_texts("云南红河州"), (Names{"云南", "红河"}));
  EXPECT_EQ(place_texts("建设美丽中国，全国各地"), (Names{}));
}

TEST(GazetteerFind, CandidatesForRepeatedNames) {
  const auto mentions = gazetteer().find("鼓楼区");
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0].candidates.size(), 4u);  // 开封, 南京, 徐州, 福州
}

TEST(GazetteerFind, SpansAreByteOffsets) {
  const std::string text = "2023年，武乡县";
  const auto mentions = gazetteer().find(text);
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(text.substr(mentions[0].span.begin, mentions[0].span.end - mentions[0].span.begin),
            "武乡县");
}

TEST(GazetteerFind, ShortNameInsideASmallerPlace) {
  EXPECT_TRUE(place_texts("南武乡镇政府").empty());
  EXPECT_TRUE(place_texts("位于太原路与长治路交叉口").empty());
  EXPECT_EQ(place_texts("太原武宿国际机场"), (Names{"太原"}));
}

TEST(GazetteerFind, IdiomsAndWordsAreNotPlaces) {
  EXPECT_TRUE(place_texts("实现长治久安").empty());
  EXPECT_TRUE(place_texts("推进普通化工产品升级").empty());
  EXPECT_TRUE(place_texts("两种方案大同小异").empty());
  EXPECT_TRUE(place_texts("确保定期完成").empty());
  EXPECT_TRUE(place_texts("全年日照时数2600小时").empty());
  EXPECT_TRUE(place_texts("积极推广安全生产经验").empty());
  EXPECT_TRUE(place_texts("新乡村建设").empty());
  EXPECT_EQ(place_texts("东莞松山湖"), (Names{"东莞"}));
}

TEST(GazetteerFind, TrapGivesWayToAFullName) {
  // 年日照 is a trap (全年日照时数), but 2023年日照市 names the city.
  EXPECT_EQ(place_texts("2023年日照市新开工项目"), (Names{"日照市"}));
  EXPECT_EQ(place_texts("日照港"), (Names{"日照"}));
}

TEST(GazetteerFind, CommonWordsNeedTheirFullName) {
  EXPECT_TRUE(place_texts("维护世界和平").empty());
  EXPECT_EQ(place_texts("沈阳市和平区"), (Names{"沈阳市", "和平区"}));
  EXPECT_TRUE(place_texts("光明前景，东方红，平安建设，资源节约，合作共赢").empty());
  EXPECT_TRUE(place_texts("朝阳产业").empty());
  EXPECT_TRUE(place_texts("白云蓝天青山绿水").empty());
  EXPECT_TRUE(place_texts("江南水乡").empty());
}

TEST(GazetteerFind, GenericDistrictNamesNeedTheirCity) {
  EXPECT_TRUE(place_texts("老城区改造").empty());
  EXPECT_TRUE(place_texts("主城区交通").empty());
  const auto mentions = gazetteer().find("阳泉市城区");
  ASSERT_EQ(mentions.size(), 2u);
  ASSERT_EQ(mentions[1].candidates.size(), 1u);
  EXPECT_EQ(mentions[1].candidates[0]->code, "140302");
}

TEST(GazetteerFind, TwoCharacterFullNamesInPhrases) {
  EXPECT_TRUE(place_texts("市委和县委联合召开").empty());
  EXPECT_EQ(place_texts("安徽省和县"), (Names{"安徽省", "和县"}));
  EXPECT_TRUE(place_texts("新华区域发展").empty() || place_texts("新华区域发展") == Names{});
}

TEST(GazetteerFind, SingleCharacterAbbreviationsAreNotRead) {
  EXPECT_TRUE(place_texts("晋煤外运").empty());
  EXPECT_TRUE(place_texts("忻定盆地").empty());
}

TEST(GazetteerFind, CountyShortNameNeedsAWordStart) {
  // 平遥 is kept as a short name, but not inside another word.
  EXPECT_EQ(place_texts("在平遥古城"), (Names{"平遥"}));
  EXPECT_TRUE(place_texts("太平遥远").empty());
}

TEST(GazetteerFind, NoCrashOnBrokenBytes) {
  const std::string broken =
      std::string("武乡\xE6\xAD", 8) + "\xFF\x00长治" + std::string("\xE5", 1);
  EXPECT_NO_THROW(gazetteer().find(broken));
  EXPECT_TRUE(gazetteer().find("").empty());
  EXPECT_TRUE(gazetteer().find("abc 123").empty());
}

// --- zones

TEST(GazetteerZones, ZoneNamedByAPlace) {
  const auto mentions = gazetteer().find("忻州经济开发区管委会");
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_TRUE(mentions[0].is_zone);
  EXPECT_EQ(mentions[0].zone_name, "忻州经济开发区");
  EXPECT_FALSE(mentions[1].is_zone);
  EXPECT_EQ(mentions[1].candidates.front()->name, "忻州市");
}

TEST(GazetteerZones, ZoneWithWordsBetweenPlaceAndSuffix) {
  EXPECT_EQ(zone_names("太原武宿综合保税区"), (Names{"太原武宿综合保税区"}));
  EXPECT_EQ(zone_names("山西省长治市高新技术产业开发区"),
            (Names{"山西省长治市高新技术产业开发区"}));
  EXPECT_EQ(zone_names("落户晋中国家农业高新技术产业示范区"),
            (Names{"晋中国家农业高新技术产业示范区"}));
}

TEST(GazetteerZones, ZoneFromTheTable) {
  const auto mentions = gazetteer().find("苏州工业园区");
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_TRUE(mentions[0].is_zone);
  ASSERT_EQ(mentions[0].candidates.size(), 1u);
  EXPECT_EQ(mentions[0].candidates[0]->name, "苏州市");
}

TEST(GazetteerZones, BoundedByPunctuation) {
  EXPECT_EQ(zone_names("项目位于，临港经济开发区，"), (Names{"临港经济开发区"}));
}

TEST(GazetteerZones, ConservativeWithoutAPlace) {
  EXPECT_TRUE(zone_names("加快建设新区").empty());
  EXPECT_TRUE(zone_names("，国家级经济技术开发区").empty());
  EXPECT_TRUE(zone_names("项目落户开发区").empty());
  EXPECT_TRUE(zone_names("全省各类开发区").empty());
  EXPECT_TRUE(zone_names("忻州引进项目落户开发区").empty());
  EXPECT_TRUE(zone_names("，推动综合保税区建设").empty());
  EXPECT_TRUE(zone_names("，服务开发区，").empty());
  // A province and a bare suffix speak of the province's zones in general.
  EXPECT_TRUE(zone_names("山西省开发区协会成立").empty());
  EXPECT_TRUE(zone_names("广东省工业园区").empty());
  EXPECT_EQ(zone_names("山西综改示范区"), (Names{"山西综改示范区"}));
}

TEST(GazetteerFind, PlaceRightAfterAnUnrelatedPlace) {
  // 双流 (成都) right after 忻州 is part of a phrase, not a district.
  EXPECT_EQ(place_texts("忻州双流合抱"), (Names{"忻州"}));
  // 武乡 right after its own city is the county.
  EXPECT_EQ(place_texts("长治武乡"), (Names{"长治", "武乡"}));
}

TEST(GazetteerTable, CountyLevelCitiesAreNotZones) {
  const Division* xinghua = gazetteer().by_code("321281");
  ASSERT_NE(xinghua, nullptr);
  EXPECT_EQ(xinghua->name, "兴化市");
  EXPECT_EQ(gazetteer().by_code("130171"), nullptr);  // 石家庄高新技术产业开发区: a zone
}

TEST(GazetteerZones, DivisionNamedNewAreaIsNotAZone) {
  const auto mentions = gazetteer().find("上海市浦东新区");
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_FALSE(mentions[1].is_zone);
  EXPECT_EQ(mentions[1].candidates.front()->code, "310115");
  EXPECT_EQ(zone_names("兰州新区"), (Names{"兰州新区"}));
}

// --- resolve

TEST(GazetteerResolve, CountyFixesCityAndProvince) {
  const Location loc = locate("武乡县光伏项目");
  EXPECT_EQ(loc.province, "山西省");
  EXPECT_EQ(loc.city, "长治市");
  EXPECT_EQ(loc.county, "武乡县");
  EXPECT_EQ(loc.division_code, "140429");
}

TEST(GazetteerResolve, ShortCityName) {
  const Location loc = locate("忻州");
  EXPECT_EQ(loc.province, "山西省");
  EXPECT_EQ(loc.city, "忻州市");
  EXPECT_EQ(loc.county, "");
  EXPECT_EQ(loc.division_code, "140900");
}

TEST(GazetteerResolve, MunicipalityDistrict) {
  const Location loc = locate("朝阳区", Location{"北京市", "", "", "", ""});
  EXPECT_EQ(loc.province, "北京市");
  EXPECT_EQ(loc.city, "北京市");
  EXPECT_EQ(loc.county, "朝阳区");
  EXPECT_EQ(loc.division_code, "110105");
  const Location city = locate("上海");
  EXPECT_EQ(city.province, "上海市");
  EXPECT_EQ(city.city, "上海市");
  EXPECT_EQ(city.division_code, "310000");
}

TEST(GazetteerResolve, RepeatedDistrictByContext) {
  const Location nanjing = locate("鼓楼区", Location{"江苏省", "南京市", "", "", ""});
  EXPECT_EQ(nanjing.county, "鼓楼区");
  EXPECT_EQ(nanjing.city, "南京市");
  EXPECT_EQ(nanjing.division_code, "320106");
  const Location fuzhou = locate("鼓楼区", Location{"福建省", "", "", "", ""});
  EXPECT_EQ(fuzhou.city, "福州市");
  EXPECT_EQ(fuzhou.province, "福建省");
}

TEST(GazetteerResolve, RepeatedDistrictByAnotherMention) {
  const Location loc = locate("徐州市鼓楼区");
  EXPECT_EQ(loc.city, "徐州市");
  EXPECT_EQ(loc.county, "鼓楼区");
  EXPECT_EQ(loc.province, "江苏省");
}

TEST(GazetteerResolve, AmbiguousLeftEmptyRatherThanGuessed) {
  const Location loc = locate("鼓楼区");
  EXPECT_EQ(loc.county, "");
  EXPECT_EQ(loc.city, "");
  EXPECT_EQ(loc.province, "");
  // Two 铁西区 are in 辽宁 (沈阳, 鞍山), one in 吉林 (四平): with 辽宁 known, the city stays open.
  const Location liaoning = locate("辽宁铁西区");
  EXPECT_EQ(liaoning.province, "辽宁省");
  EXPECT_EQ(liaoning.county, "");
}

TEST(GazetteerResolve, UnambiguousMentionBeatsContext) {
  const Location loc = locate("江苏盐城", Location{"山西省", "长治市", "", "", "140400"});
  EXPECT_EQ(loc.province, "江苏省");
  EXPECT_EQ(loc.city, "盐城市");
}

TEST(GazetteerResolve, ContextAddsAConsistentCity) {
  const Location loc = locate("山西省重点工程", Location{"山西省", "长治市", "", "", ""});
  EXPECT_EQ(loc.city, "长治市");
  EXPECT_EQ(loc.division_code, "140400");
}

TEST(GazetteerResolve, MostSupportedAndSpecific) {
  const Location loc = locate("山西省忻州市，太原以北");
  EXPECT_EQ(loc.city, "忻州市");
  const Location county = locate("山西太原小店区与武乡县合作");
  EXPECT_EQ(county.province, "山西省");
  EXPECT_EQ(county.county, "小店区");
}

TEST(GazetteerResolve, ZoneKeepsItsName) {
  const Location loc = locate("忻州经济开发区");
  EXPECT_EQ(loc.zone, "忻州经济开发区");
  EXPECT_EQ(loc.city, "忻州市");
  EXPECT_EQ(loc.province, "山西省");
  const Location table = locate("苏州工业园区");
  EXPECT_EQ(table.zone, "苏州工业园区");
  EXPECT_EQ(table.city, "苏州市");
}

TEST(GazetteerResolve, NothingFoundKeepsTheContext) {
  const Location context{"山西省", "长治市", "", "", "140400"};
  const Location loc = locate("项目进展顺利", context);
  EXPECT_EQ(loc.city, "长治市");
  EXPECT_TRUE(locate("项目进展顺利").empty());
}

TEST(GazetteerResolve, ContextZoneKeptWhenConsistent) {
  const Location context{"山西省", "忻州市", "", "忻州经济开发区", "140900"};
  EXPECT_EQ(locate("忻州市", context).zone, "忻州经济开发区");
  EXPECT_EQ(locate("江苏盐城", context).zone, "");
}

TEST(GazetteerResolve, ProvinceDirectCountyLevelCity) {
  const Location loc = locate("济源市");
  EXPECT_EQ(loc.province, "河南省");
  EXPECT_EQ(loc.county, "济源市");
  EXPECT_EQ(loc.city, "");
}

TEST(Gazetteer, SharedBetweenThreads) {
  std::vector<std::thread> threads;
  std::vector<std::size_t> counts(4, 0);
  for (std::size_t t = 0; t < counts.size(); ++t)
    threads.emplace_back(
        [&counts, t] { counts[t] = Gazetteer::instance().find("山西省长治市武乡县").size(); });
  for (auto& thread : threads) thread.join();
  for (std::size_t count : counts) EXPECT_EQ(count, 3u);
}

// Speed is measured in bench/, not here; this checks that a long text is read the same as its
// parts (nothing lost or doubled at scale).
TEST(Gazetteer, LongTextIsReadLikeItsParts) {
  std::ifstream in(std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt",
                   std::ios::binary);
  ASSERT_TRUE(in) << "sample bulletin missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string one = buffer.str() + "\n";
  std::string text;
  for (int i = 0; i < 200; ++i) text += one;
  const std::size_t per_copy = gazetteer().find(one).size();
  ASSERT_GT(per_copy, 10u);
  EXPECT_EQ(gazetteer().find(text).size(), per_copy * 200);
}

// find() steps over runs of characters that start no name (or whose pair with the next character
// starts none) in one tight loop. Whatever precedes a full stop must not change what is read after
// it: the same mentions, shifted by the prefix, for prefixes of ordinary text, of characters that
// do start names (山, 太, 长) followed by ones that do not, of ASCII, broken bytes and names.
TEST(GazetteerFind, SkippedRunsChangeNothingAfterThem) {
  const std::vector<std::string> prefixes = {
      "",       "的的的的的的", "山的山的太的长的", "项目建设进展顺利",
      "abc123", "\xE4\xB8",     "\x80\x80",         "山西省太原市",
      "在太原", "é𠀀新",        "长治武乡"};
  const std::vector<std::string> bodies = {"山西省太原市小店区",
                                           "在长治武乡县建设项目",
                                           "忻州经济开发区管委会",
                                           "阳泉市城区",
                                           "太原路",
                                           "年日照市",
                                           "新建山西转型综合改革示范区",
                                           "和县委",
                                           "晋中",
                                           "大同、朔州和忻州",
                                           "鼓楼区"};
  for (const std::string& prefix : prefixes) {
    for (const std::string& body : bodies) {
      const std::string alone = "。" + body;
      const std::string text = prefix + alone;
      const auto expected = gazetteer().find(alone);
      std::vector<PlaceMention> after;
      for (const PlaceMention& m : gazetteer().find(text))
        if (m.span.begin >= prefix.size()) after.push_back(m);
      ASSERT_EQ(after.size(), expected.size()) << text;
      for (std::size_t k = 0; k < after.size(); ++k) {
        EXPECT_EQ(after[k].span.begin, expected[k].span.begin + prefix.size()) << text;
        EXPECT_EQ(after[k].span.end, expected[k].span.end + prefix.size()) << text;
        EXPECT_EQ(after[k].candidates, expected[k].candidates) << text;
        EXPECT_EQ(after[k].is_zone, expected[k].is_zone) << text;
        EXPECT_EQ(after[k].zone_name, expected[k].zone_name) << text;
      }
    }
  }
}

}  // namespace
}  // namespace investtrack::parser
