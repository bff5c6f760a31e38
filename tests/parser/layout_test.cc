#include "investtrack/parser/layout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace investtrack::parser {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Keeps the NormalizedText alive next to the result, since spans point into it.
struct Laid {
  explicit Laid(std::string text)
      : original(std::move(text)), normalized(NormalizedText::build(original)) {
    result = split_articles(normalized);
  }
  std::string original;
  NormalizedText normalized;
  LayoutResult result;

  const std::vector<Article>& articles() const { return result.articles; }
  std::vector<std::string> sentences(std::size_t article) const {
    std::vector<std::string> out;
    for (const Paragraph& p : result.articles.at(article).paragraphs) {
      for (const Sentence& s : p.sentences) out.emplace_back(s.text);
    }
    return out;
  }
  std::string body(std::size_t article) const {
    std::string out;
    for (const std::string& s : sentences(article)) out += s;
    return out;
  }
  bool has_warning(std::string_view code) const {
    for (const Warning& w : result.warnings) {
      if (w.code == code) return true;
    }
    return false;
  }
};

// Every sentence is the concatenation of its pieces, and pieces are in bounds, in order and never
// cut a UTF-8 sequence.
void expect_consistent_pieces(const Laid& laid) {
  const std::string& t = laid.normalized.text();
  auto on_boundary = [&](std::size_t offset) {
    return offset == t.size() || (static_cast<unsigned char>(t[offset]) & 0xC0) != 0x80;
  };
  for (const Article& a : laid.articles()) {
    EXPECT_LE(a.span.begin, a.span.end);
    EXPECT_LE(a.span.end, t.size());
    for (const Paragraph& p : a.paragraphs) {
      for (const Sentence& s : p.sentences) {
        std::string joined;
        std::size_t last_end = 0;
        ASSERT_FALSE(s.pieces.empty());
        for (const Span& piece : s.pieces) {
          ASSERT_LT(piece.begin, piece.end);
          ASSERT_LE(piece.end, t.size());
          EXPECT_GE(piece.begin, last_end);
          EXPECT_TRUE(on_boundary(piece.begin) && on_boundary(piece.end));
          joined += t.substr(piece.begin, piece.end - piece.begin);
          last_end = piece.end;
        }
        EXPECT_EQ(joined, s.text);
        EXPECT_FALSE(s.text.starts_with(" ") || s.text.ends_with(" ")) << s.text;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Article boundaries

TEST(Layout, EmptyTextHasNoArticles) {
  const Laid laid("");
  EXPECT_TRUE(laid.articles().empty());
  EXPECT_TRUE(laid.result.warnings.empty());
  const Laid blank("\n\n   \n");
  EXPECT_TRUE(blank.articles().empty());
}

TEST(Layout, PlainParagraphsMakeOneUntitledArticle) {
  const Laid laid(
      "长治市上党区新建生物医药产业园，总投资8亿元，目前已完成主体施工。\n"
      "该项目建成后可实现年产值15亿元。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].title, "");
  EXPECT_EQ(laid.articles()[0].paragraphs.size(), 2u);
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("长治市上党区新建生物医药产业园，总投资8亿元，目前已完成主体施工。",
                          "该项目建成后可实现年产值15亿元。"));
  expect_consistent_pieces(laid);
}

TEST(Layout, MarkdownHeadingsStartArticles) {
  const Laid laid(
      "# 晋城市光伏组件项目签约\n\n本报讯 3月2日，晋城市与某企业签约光伏组件项目。(李强)\n\n"
      "## 运城市重点工程集中开工\n\n本报讯 3月3日，运城市12个重点工程集中开工。(赵敏)\n\n"
      "## 吕梁市氢能产业园投产\n\n吕梁市氢能产业园一期正式投产。\n");
  ASSERT_EQ(laid.articles().size(), 3u);
  EXPECT_EQ(laid.articles()[0].title, "晋城市光伏组件项目签约");
  EXPECT_EQ(laid.articles()[1].title, "运城市重点工程集中开工");
  EXPECT_EQ(laid.articles()[2].title, "吕梁市氢能产业园投产");
  EXPECT_EQ(laid.articles()[1].byline, "赵敏");
  EXPECT_THAT(laid.sentences(2), ElementsAre("吕梁市氢能产业园一期正式投产。"));
  // Spans cover each article from its heading to its last line and do not overlap.
  const std::string& t = laid.normalized.text();
  EXPECT_TRUE(t.substr(laid.articles()[1].span.begin).starts_with("## 运城市"));
  EXPECT_LE(laid.articles()[0].span.end, laid.articles()[1].span.begin);
  EXPECT_EQ(laid.articles()[2].span.end, t.size() - 1);
}

TEST(Layout, ConsecutiveHeadingLinesFormOneTitle) {
  const Laid laid(
      "## 副省长在大同调研时强调\n\n# 抓项目 强产业 稳增长\n\n本刊讯 "
      "5月6日，副省长在大同调研重点项目。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].title, "副省长在大同调研时强调 抓项目 强产业 稳增长");
}

TEST(Layout, LeadInAboveAHeadingOpensTheNextArticle) {
  const Laid laid(
      "## 第一篇\n\n朔州市风电项目并网发电。(王刚)\n\n"
      "6月1日，省发展改革委召开新闻发布会，介绍上半年重点项目建设情况——\n\n"
      "# 重点项目建设跑出加速度\n\n今年以来，全省新开工项目532个。\n");
  ASSERT_EQ(laid.articles().size(), 2u);
  EXPECT_THAT(laid.sentences(0), ElementsAre("朔州市风电项目并网发电。"));
  EXPECT_EQ(laid.articles()[1].title, "重点项目建设跑出加速度");
  ASSERT_EQ(laid.articles()[1].paragraphs.size(), 2u);
  EXPECT_EQ(laid.articles()[1].paragraphs[0].sentences[0].text,
            "6月1日，省发展改革委召开新闻发布会，介绍上半年重点项目建设情况——");
  const std::string& t = laid.normalized.text();
  EXPECT_TRUE(t.substr(laid.articles()[1].span.begin).starts_with("6月1日"));
}

TEST(Layout, ParagraphEndingInColonBeforeHeadingIsALeadIn) {
  const Laid laid(
      "## 甲\n\n甲文。\n\n记者从省商务厅获悉，近期三个外资项目落地，具体情况如下：\n## "
      "乙\n\n乙文。\n");
  ASSERT_EQ(laid.articles().size(), 2u);
  EXPECT_EQ(laid.sentences(0).size(), 1u);
  EXPECT_EQ(laid.sentences(1).front(), "记者从省商务厅获悉，近期三个外资项目落地，具体情况如下：");
}

TEST(Layout, HeadinglessTitleLineBecomesTheTitle) {
  const Laid laid(
      "阳泉市数据中心项目开工建设\n\n本报讯 4月12日，阳泉市数据中心项目开工建设，总投资20亿元。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].title, "阳泉市数据中心项目开工建设");
  EXPECT_EQ(laid.articles()[0].lead, "本报讯 4月12日");
}

TEST(Layout, HeadinglessPageSplitsAfterAClosingCredit) {
  const Laid laid(
      "晋中市新材料产业园签约\n\n晋中市与两家企业签约新材料项目。(刘洋)\n\n"
      "忻州市文旅项目集中开工\n\n忻州市五个文旅项目集中开工。(完)\n\n"
      "临汾市物流园投入运营\n\n临汾市国际物流园正式投入运营。\n");
  ASSERT_EQ(laid.articles().size(), 3u);
  EXPECT_EQ(laid.articles()[0].title, "晋中市新材料产业园签约");
  EXPECT_EQ(laid.articles()[0].byline, "刘洋");
  EXPECT_EQ(laid.articles()[1].title, "忻州市文旅项目集中开工");
  EXPECT_THAT(laid.sentences(1), ElementsAre("忻州市五个文旅项目集中开工。"));
  EXPECT_EQ(laid.articles()[2].title, "临汾市物流园投入运营");
}

TEST(Layout, TitleLikeLineWithoutAPrecedingCreditIsASubheading) {
  const Laid laid(
      "晋中市新材料产业园签约\n\n晋中市与两家企业签约新材料项目。\n\n强化要素保障\n\n"
      "市里为项目协调用地300亩。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  ASSERT_EQ(laid.articles()[0].paragraphs.size(), 3u);
  EXPECT_TRUE(laid.articles()[0].paragraphs[1].subheading);
  EXPECT_EQ(laid.articles()[0].paragraphs[1].sentences[0].text, "强化要素保障");
}

TEST(Layout, GovernmentPageWithPublicationLine) {
  const Laid laid(
      "晋城市三季度重点项目集中开工\r\n发布时间：2023-09-28 来源：晋城市发展和改革委员会\r\n"
      "\xE3\x80\x80\xE3\x80\x80"
      "9月27日，晋城市重点项目集中开工活动在泽州县举行。\r\n"
      "一、项目建设情况\r\n"
      "\xE3\x80\x80\xE3\x80\x80高平市新材料产业园项目占地500亩，计划明年6月竣工。\r\n\r\n"
      "责任编辑：王芳\r\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  const Article& a = laid.articles()[0];
  EXPECT_EQ(a.title, "晋城市三季度重点项目集中开工");
  EXPECT_EQ(a.lead, "发布时间：2023-09-28 来源：晋城市发展和改革委员会");
  EXPECT_EQ(a.byline, "");
  ASSERT_EQ(a.paragraphs.size(), 3u);
  EXPECT_TRUE(a.paragraphs[1].subheading);
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("9月27日，晋城市重点项目集中开工活动在泽州县举行。", "一、项目建设情况",
                          "高平市新材料产业园项目占地500亩，计划明年6月竣工。"));
}

// A picture or a bare address on a line of its own is page furniture: it neither starts the
// article's first paragraph nor is glued to it. An address inside prose stays.
TEST(Layout, ImageAndLinkLinesAreDropped) {
  const Laid laid(
      "![](http://static.example.com/images/cq27-min.png)\n"
      "![图片](a.jpg)\n"
      "https://www.example.com/news/2017/0327.html\n"
      "27日上午，我县集中开工了22个重大项目。\n"
      "详见 http://www.example.com 的公告。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_THAT(laid.sentences(0), ElementsAre("27日上午，我县集中开工了22个重大项目。",
                                             "详见 http://www.example.com 的公告。"));
}

// A notice's record: one field to a line, no closing punctuation. The fields make one paragraph
// with a sentence each, never the title, and a field's line never runs into the next line.
TEST(Layout, RecordFieldsMakeOneParagraphWithASentenceEach) {
  const Laid laid(
      "某某产业基地环境影响评价第一次公示\n\n"
      "项目名称：某某产业基地\n"
      "建设单位:某某建筑集成有限公司\n"
      "投资总额：100083.96万元\n"
      "建设地点：经济技术开发区，吉家庄村南侧220m\n"
      "二、联系方式\n"
      "联系人：李工\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  const Article& a = laid.articles()[0];
  EXPECT_EQ(a.title, "某某产业基地环境影响评价第一次公示");
  ASSERT_EQ(a.paragraphs.size(), 3u) << laid.body(0);
  EXPECT_FALSE(a.paragraphs[0].subheading);
  std::vector<std::string> record;
  for (const Sentence& s : a.paragraphs[0].sentences) record.emplace_back(s.text);
  EXPECT_THAT(record,
              ElementsAre("项目名称：某某产业基地", "建设单位:某某建筑集成有限公司",
                          "投资总额：100083.96万元", "建设地点：经济技术开发区，吉家庄村南侧220m"));
  EXPECT_TRUE(a.paragraphs[1].subheading);
  EXPECT_EQ(a.paragraphs[2].sentences.at(0).text, "联系人：李工");
  expect_consistent_pieces(laid);
}

// Lines that only look like fields: the field word alone (单位:万元) is a note on units, a table
// row is read as cells, and a label that is no field word (董事长表示：) opens a quotation that
// the page may have wrapped.
TEST(Layout, NotEveryLabelBeforeAColonIsARecordField) {
  const Laid units(
      "全市重大项目投资计划表\n\n单位:万元 | ||\n序号 | 项目名称 | 总投资 |\n1 | 某某中心 | 5000 "
      "|\n");
  ASSERT_EQ(units.articles().size(), 1u);
  EXPECT_THAT(units.articles()[0].title, HasSubstr("单位:万元"));
  const Laid wrapped(
      "某某集团在我市投资建设的新材料产业园项目今天开工，集团董\n"
      "事长张三表示：项目将于明年投产。\n");
  ASSERT_EQ(wrapped.articles().size(), 1u);
  EXPECT_THAT(
      wrapped.sentences(0),
      ElementsAre("某某集团在我市投资建设的新材料产业园项目今天开工，集团董事长张三表示：项目将于"
                  "明年投产。"));
}

TEST(Layout, DeeperHeadingLevelsAreSubheadings) {
  const Laid laid("# 要闻\n\n## 太原地铁2号线全线贯通\n\n### 一、工程概况\n\n线路全长23.6公里。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].title, "要闻 太原地铁2号线全线贯通");
  ASSERT_EQ(laid.articles()[0].paragraphs.size(), 2u);
  EXPECT_TRUE(laid.articles()[0].paragraphs[0].subheading);
  EXPECT_EQ(laid.articles()[0].paragraphs[0].sentences[0].text, "一、工程概况");
}

TEST(Layout, HeadingWithoutBodyIsWarned) {
  const Laid laid("## 有标题无正文\n\n## 第二篇\n\n正文一句。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].title, "有标题无正文 第二篇");
  const Laid separated("## 有标题无正文\n\n(完)\n\n## 第二篇\n\n正文一句。\n");
  ASSERT_EQ(separated.articles().size(), 2u);
  EXPECT_TRUE(separated.has_warning("ARTICLE_WITHOUT_BODY"));
}

TEST(Layout, HashtagIsNotAHeading) {
  const Laid laid("## 标题\n\n#数字山西# 云计算中心二期投用。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].title, "标题");
  EXPECT_THAT(laid.sentences(0), ElementsAre("#数字山西# 云计算中心二期投用。"));
}

// ---------------------------------------------------------------------------------------------
// Bylines

TEST(Layout, AuthorLineUnderTheTitleIsTheByline) {
  const Laid laid("# 开放型经济迈上新台阶\n\n王晓红\n\n全省实际使用外资同比增长12%。\n");
  ASSERT_EQ(laid.articles().size(), 1u);
  EXPECT_EQ(laid.articles()[0].byline, "王晓红");
  EXPECT_THAT(laid.sentences(0), ElementsAre("全省实际使用外资同比增长12%。"));
}

TEST(Layout, ReporterCreditUnderTheTitle) {
  const Laid laid("# 开放型经济迈上新台阶\n\n本刊记者 王晓红 通讯员 李四\n\n全省外资增长。\n");
  EXPECT_EQ(laid.articles().at(0).byline, "本刊记者 王晓红 通讯员 李四");
  EXPECT_EQ(laid.sentences(0).size(), 1u);
}

TEST(Layout, ColumnWordUnderTheTitleIsNotAByline) {
  const Laid laid("# 开放型经济迈上新台阶\n\n编者按\n\n全省外资增长。\n");
  EXPECT_EQ(laid.articles().at(0).byline, "");
}

TEST(Layout, ClosingCreditInParenthesesIsTakenOff) {
  const Laid laid("## 标题\n\n项目进展顺利。\n\n预计年底建成投产。(记者 孙丽 通讯员 周杰)\n");
  EXPECT_EQ(laid.articles().at(0).byline, "记者 孙丽 通讯员 周杰");
  EXPECT_THAT(laid.sentences(0), ElementsAre("项目进展顺利。", "预计年底建成投产。"));
}

TEST(Layout, ParenthesesInsideProseAreNotACredit) {
  const Laid laid("## 标题\n\n本次签约仪式由省商务厅主办，在中国(太原)\n\n跨境电商综试区举行。\n");
  EXPECT_EQ(laid.articles().at(0).byline, "");
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("本次签约仪式由省商务厅主办，在中国(太原)跨境电商综试区举行。"));
}

TEST(Layout, EditorCreditLineIsNeitherBodyNorByline) {
  const Laid laid("## 标题\n\n项目竣工验收。(张伟)\n\n责任编辑：刘芳\n");
  EXPECT_EQ(laid.articles().at(0).byline, "张伟");
  EXPECT_THAT(laid.sentences(0), ElementsAre("项目竣工验收。"));
}

// ---------------------------------------------------------------------------------------------
// Leads

TEST(Layout, BenkanXunLeadKeepsTheDateInTheBody) {
  const Laid laid("## 标题\n\n本刊讯 11月3日下午，晋城市召开项目推进会。会议要求加快建设。\n");
  const Article& a = laid.articles().at(0);
  EXPECT_EQ(a.lead, "本刊讯 11月3日下午");
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("11月3日下午，晋城市召开项目推进会。", "会议要求加快建设。"));
}

TEST(Layout, LeadWithoutADatePhraseIsJustTheMarker) {
  const Laid laid("## 标题\n\n本报讯 晋城市经济技术开发区管委会与三家企业签约，总投资9亿元。\n");
  EXPECT_EQ(laid.articles().at(0).lead, "本报讯");
  EXPECT_EQ(laid.sentences(0).front(), "晋城市经济技术开发区管委会与三家企业签约，总投资9亿元。");
}

TEST(Layout, NewspaperXunWithReporterCredit) {
  const Laid laid("## 标题\n\n山西日报讯(记者 郭燕)近日，太原市一批项目集中签约。\n");
  const Article& a = laid.articles().at(0);
  EXPECT_EQ(a.lead, "山西日报讯 近日");
  EXPECT_EQ(a.byline, "记者 郭燕");
  EXPECT_EQ(laid.sentences(0).front(), "近日，太原市一批项目集中签约。");
}

TEST(Layout, AgencyDatelineToDian) {
  const Laid laid(
      "## 标题\n\n新华社太原3月2日电(记者 王小明)山西省今年安排省级重点工程项目600个。\n");
  const Article& a = laid.articles().at(0);
  EXPECT_EQ(a.lead, "新华社太原3月2日电");
  EXPECT_EQ(a.byline, "记者 王小明");
  EXPECT_EQ(laid.sentences(0).front(), "山西省今年安排省级重点工程项目600个。");
}

TEST(Layout, AgencyNameInProseIsNoDateline) {
  const Laid laid("## 标题\n\n新华社记者日前从国家电网获悉，特高压工程年内开工。\n");
  EXPECT_EQ(laid.articles().at(0).lead, "");
  EXPECT_EQ(laid.sentences(0).front(), "新华社记者日前从国家电网获悉，特高压工程年内开工。");
}

TEST(Layout, ReporterReportsLead) {
  const Laid laid("## 标题\n\n本报记者 刘洋 报道：6月5日，大同市召开招商引资推介会。\n");
  const Article& a = laid.articles().at(0);
  EXPECT_EQ(a.lead, "本报记者 刘洋 报道 6月5日");
  EXPECT_EQ(a.byline, "本报记者 刘洋");
  EXPECT_EQ(laid.sentences(0).front(), "6月5日，大同市召开招商引资推介会。");
}

TEST(Layout, SourceInParenthesesLead) {
  const Laid laid("## 标题\n\n(山西日报) 7月8日，长治市新能源重卡项目投产。\n");
  EXPECT_EQ(laid.articles().at(0).lead, "(山西日报) 7月8日");
  EXPECT_EQ(laid.sentences(0).front(), "7月8日，长治市新能源重卡项目投产。");
}

TEST(Layout, OrdinaryOpeningIsNoLead) {
  const Laid laid("## 标题\n\n通讯员张三近日来到施工现场，了解项目进展。\n");
  EXPECT_EQ(laid.articles().at(0).lead, "");
  EXPECT_EQ(laid.sentences(0).front(), "通讯员张三近日来到施工现场，了解项目进展。");
}

// ---------------------------------------------------------------------------------------------
// Captions and page notes

TEST(Layout, PhotoCaptionsAreSetApart) {
  const Laid laid(
      "## 标题\n\n项目现场机器轰鸣。\n\n工人们在吊装钢结构。赵建国摄\n\n"
      "图为正在建设中的厂房\n\n新建厂房航拍图(记者 李娜 摄)\n\n项目预计年内完工。\n");
  const Article& a = laid.articles().at(0);
  EXPECT_THAT(a.captions, ElementsAre("工人们在吊装钢结构。赵建国摄", "图为正在建设中的厂房",
                                      "新建厂房航拍图(记者 李娜 摄)"));
  EXPECT_THAT(laid.sentences(0), ElementsAre("项目现场机器轰鸣。", "项目预计年内完工。"));
}

TEST(Layout, VerbsEndingInSheAreNotCaptions) {
  const Laid laid("## 标题\n\n县融媒体中心全程跟踪拍摄\n\n项目宣传片由无人机航拍摄\n");
  EXPECT_TRUE(laid.articles().at(0).captions.empty());
}

TEST(Layout, ContinuationNotesAreRemovedAndWarned) {
  const Laid laid(
      "## 标题\n\n(上接第2版)项目累计完成投资3亿元。\n\n二期工程正在加紧建设。(下转D3版)\n\n"
      "三期已完成备案。下转第四版\n");
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("项目累计完成投资3亿元。", "二期工程正在加紧建设。", "三期已完成备案。"));
  EXPECT_TRUE(laid.has_warning("ARTICLE_CONTINUES_ELSEWHERE"));
  EXPECT_TRUE(laid.has_warning("ARTICLE_CONTINUED_FROM_ELSEWHERE"));
}

TEST(Layout, ProseMentioningAPageIsNotANote) {
  const Laid laid("## 标题\n\n相关报道请转第3版\n");
  EXPECT_THAT(laid.sentences(0), ElementsAre("相关报道请转第3版"));
}

TEST(Layout, WarningOffsetsPointIntoTheOriginalText) {
  // Full-width spaces shrink in normalization; the warning must still point at the note itself.
  const std::string original = "## 标题\n\n\xE3\x80\x80\xE3\x80\x80项目建设加快推进。(下转第2版)\n";
  const Laid laid(original);
  ASSERT_EQ(laid.result.warnings.size(), 1u);
  EXPECT_TRUE(original.substr(laid.result.warnings[0].offset).starts_with("(下转第2版)"));
}

// ---------------------------------------------------------------------------------------------
// Rejoining and sentences

TEST(Layout, SentenceCutByACaptionIsRejoined) {
  const Laid laid(
      "## 标题\n\n市长来到项目现场。他要求，要加快推进\n\n\n"
      "施工人员正在浇筑混凝土。王明摄\n\n"
      "项目建设，确保年底前建成投用。\n");
  const std::vector<std::string> s = laid.sentences(0);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1], "他要求，要加快推进项目建设，确保年底前建成投用。");
  const Sentence& joined = laid.articles()[0].paragraphs.at(0).sentences.at(1);
  ASSERT_EQ(joined.pieces.size(), 2u);
  const std::string& t = laid.normalized.text();
  EXPECT_EQ(t.substr(joined.pieces[0].begin, joined.pieces[0].end - joined.pieces[0].begin),
            "他要求，要加快推进");
  EXPECT_EQ(laid.articles()[0].captions.size(), 1u);
  expect_consistent_pieces(laid);
}

// A sentence of one piece is a view of the normalized text, a rejoined one has a string of its
// own; either way the text stays readable once the NormalizedText is gone, in copies and moves.
TEST(Layout, SentenceTextOutlivesTheNormalizedText) {
  std::vector<Article> articles;
  const void* normalized_buffer = nullptr;
  {
    const NormalizedText normalized = NormalizedText::build(
        "## 标题\n\n市长来到项目现场。他要求，要加快推进\n\n\n"
        "施工人员正在浇筑混凝土。王明摄\n\n"
        "项目建设，确保年底前建成投用。\n");
    normalized_buffer = normalized.text().data();
    LayoutResult result = split_articles(normalized);
    const std::vector<Sentence>& sentences = result.articles.at(0).paragraphs.at(0).sentences;
    ASSERT_EQ(sentences.size(), 2u);
    // One piece: the very bytes of the normalized text, no copy.
    EXPECT_EQ(sentences[0].storage, normalized.shared_text());
    EXPECT_EQ(
        static_cast<const void*>(sentences[0].text.data()),
        static_cast<const void*>(normalized.text().data() + sentences[0].pieces.front().begin));
    // Rejoined: in a block of rejoined texts that storage holds.
    EXPECT_NE(sentences[1].storage, normalized.shared_text());
    ASSERT_NE(sentences[1].storage, nullptr);
    EXPECT_GE(sentences[1].text.data(), sentences[1].storage->data());
    EXPECT_LE(sentences[1].text.data() + sentences[1].text.size(),
              sentences[1].storage->data() + sentences[1].storage->size());
    const LayoutResult copy = result;  // a copy must read the same text
    articles = copy.articles;
  }
  ASSERT_NE(normalized_buffer, nullptr);
  const std::vector<Sentence> moved = std::move(articles.at(0).paragraphs.at(0).sentences);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].text, "市长来到项目现场。");
  EXPECT_EQ(moved[1].text, "他要求，要加快推进项目建设，确保年底前建成投用。");
}

// Rejoined sentences share blocks: each reads its own joined text however many share one, a long
// one is not cut where a block would end, and the texts outlive the layout and its other articles.
TEST(Layout, RejoinedSentencesShareBlocksAndEachReadsItsOwnText) {
  std::string text;
  std::vector<std::string> expected;
  for (int k = 0; k < 300; ++k) {
    const std::string first = "第" + std::to_string(k) + "个项目要加快推进";
    // Every 50th sentence is longer than a quarter of a block, which gets a block of its own.
    std::string rest;
    const int repeats = k % 50 == 7 ? 400 : 1;
    for (int r = 0; r < repeats; ++r) rest += "厂房主体施工和设备安装";
    rest += "，确保年底前建成投用" + std::to_string(k) + "。";
    text += "## 标题" + std::to_string(k) + "\n\n市长来到项目现场。" + first +
            "\n\n\n施工人员正在浇筑混凝土。王明摄\n\n" + rest + "\n\n";
    expected.push_back(first + rest);
  }
  std::vector<Sentence> kept;
  {
    const NormalizedText normalized = NormalizedText::build(text);
    const LayoutResult result = split_articles(normalized);
    ASSERT_EQ(result.articles.size(), expected.size());
    std::set<const std::string*> blocks;
    for (std::size_t k = 0; k < expected.size(); ++k) {
      const Article& article = result.articles[k];
      ASSERT_EQ(article.paragraphs.size(), 1u) << k;
      ASSERT_EQ(article.paragraphs[0].sentences.size(), 2u) << k;
      const Sentence& sentence = article.paragraphs[0].sentences[1];
      ASSERT_EQ(sentence.pieces.size(), 2u) << k;
      EXPECT_EQ(sentence.text, expected[k]) << k;
      blocks.insert(sentence.storage.get());
      kept.push_back(sentence);
    }
    // Packed: far fewer blocks than rejoined sentences, but more than one.
    EXPECT_GT(blocks.size(), 1u);
    EXPECT_LT(blocks.size(), expected.size() / 4);
  }
  for (std::size_t k = 0; k < expected.size(); ++k) EXPECT_EQ(kept[k].text, expected[k]) << k;
}

TEST(Layout, PageNumbersBetweenTheHalvesOfASentenceAreDropped) {
  const Laid laid("## 标题\n\n园区已引进企业12家，正在洽谈的还\n\n— 12 —\n\n第13页\n\n有5家。\n");
  EXPECT_THAT(laid.sentences(0), ElementsAre("园区已引进企业12家，正在洽谈的还有5家。"));
}

TEST(Layout, HardBreakSubheadingsAreNotGlued) {
  const Laid laid(
      "## 标题\n\n全年目标任务顺利完成。\n\n优化营商环境提升服务效能  "
      "\n强化要素保障助力项目落地\n\n"
      "今年以来，全市新增市场主体1.2万户。\n");
  const Article& a = laid.articles().at(0);
  ASSERT_EQ(a.paragraphs.size(), 4u);
  EXPECT_TRUE(a.paragraphs[1].subheading);
  EXPECT_TRUE(a.paragraphs[2].subheading);
  EXPECT_FALSE(a.paragraphs[3].subheading);
  EXPECT_EQ(a.paragraphs[1].sentences[0].text, "优化营商环境提升服务效能");
  EXPECT_EQ(a.paragraphs[3].sentences[0].text, "今年以来，全市新增市场主体1.2万户。");
  EXPECT_FALSE(laid.has_warning("UNTERMINATED_PARAGRAPH"));
}

TEST(Layout, HardWrappedParagraphIsJoined) {
  const Laid laid(
      "## 标题\n\n"
      "阳曲县现代农业产业园项目位于县城东\n"
      "部，规划面积2000亩，计划总投资5亿\n"
      "元，目前一期已建成投产，二期正在进\n"
      "行场地平整。项目全部建成后可带动周\n"
      "边农户增收。\n");
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("阳曲县现代农业产业园项目位于县城东部，规划面积2000亩，计划总投资5亿元，"
                          "目前一期已建成投产，二期正在进行场地平整。",
                          "项目全部建成后可带动周边农户增收。"));
  EXPECT_EQ(laid.articles()[0].paragraphs.size(), 1u);
}

TEST(Layout, QuotedSpeechStaysOneSentence) {
  const Laid laid("## 标题\n\n他说：“要抓好项目。要确保投产！”随后，他察看了车间。\n");
  EXPECT_THAT(laid.sentences(0),
              ElementsAre("他说：“要抓好项目。要确保投产！”", "随后，他察看了车间。"));
}

TEST(Layout, UnbalancedQuoteDoesNotSwallowTheParagraph) {
  const Laid laid("## 标题\n\n他说：“要抓好项目。要确保投产。随后，他察看了车间。\n");
  EXPECT_EQ(laid.sentences(0).size(), 3u);
}

TEST(Layout, SemicolonsStayInsideASentence) {
  const Laid laid("## 标题\n\n一期已投产；二期在建；三期完成备案。四期在谈？\n");
  EXPECT_THAT(laid.sentences(0), ElementsAre("一期已投产；二期在建；三期完成备案。", "四期在谈？"));
}

TEST(Layout, SentencesAreTrimmed) {
  const Laid laid("## 标题\n\n\xE3\x80\x80\xE3\x80\x80项目开工。  项目投产。\t\n");
  EXPECT_THAT(laid.sentences(0), ElementsAre("项目开工。", "项目投产。"));
  expect_consistent_pieces(laid);
}

TEST(Layout, UnterminatedLastParagraphIsWarned) {
  const Laid laid("## 标题\n\n项目已完成投资3亿元，正在进行设备安\n");
  EXPECT_TRUE(laid.has_warning("UNTERMINATED_PARAGRAPH"));
  EXPECT_THAT(laid.sentences(0), ElementsAre("项目已完成投资3亿元，正在进行设备安"));
}

TEST(Layout, UnterminatedParagraphIsNotGluedAcrossAHeading) {
  const Laid laid("## 一\n\n项目已完成投资3亿元，正在进行设备安\n\n## 二\n\n另一条新闻。\n");
  ASSERT_EQ(laid.articles().size(), 2u);
  EXPECT_THAT(laid.sentences(1), ElementsAre("另一条新闻。"));
  EXPECT_TRUE(laid.has_warning("UNTERMINATED_PARAGRAPH"));
}

TEST(Layout, TraditionalInputIsSplitInSimplifiedForm) {
  const Laid laid("## 項目動態\n\n本報訊 3月9日，晉中市項目開工。\n");
  EXPECT_EQ(laid.articles().at(0).title, "项目动态");
  EXPECT_EQ(laid.articles()[0].lead, "本报讯 3月9日");
  EXPECT_EQ(laid.sentences(0).front(), "3月9日，晋中市项目开工。");
}

TEST(Layout, OddInputNeverBreaksTheInvariants) {
  const std::vector<std::string> parts = {"#",      "## ",  "\n",   "\n\n", "。",   "，",   "“",
                                          "”",      "(",    ")",    "摄",   "王明", "下转", "第2版",
                                          "本刊讯", " ",    "  \n", "项目", "\xE5", "\xFF", "——",
                                          "：",     "图为", "(完)", "记者"};
  std::uint32_t seed = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int k = 0; k < 40; ++k) {
      seed = seed * 1664525u + 1013904223u;
      text += parts[(seed >> 8) % parts.size()];
    }
    const Laid laid(text);
    expect_consistent_pieces(laid);
    for (const Warning& w : laid.result.warnings) EXPECT_LE(w.offset, laid.original.size());
  }
}

// With two threads, the drafts are finished in two runs; the articles and warnings must be the
// same as one pass's. Pages of short hard-wrapped articles with datelines, lead-ins and credits,
// where the article before the cut may look ahead at the next one's dateline line, cut at many
// places.
TEST(Layout, TwoThreadsLayOutWhatOneThreadDoes) {
  const std::vector<std::string> lines = {"阳泉市数据中心项目开工建设",
                                          "晋中市新材料产业园签约",
                                          "本报讯 4月12日，阳泉市数据中心项目",
                                          "新华社太原3月2日电(记者 王小明)山西",
                                          "阳曲县现代农业产业园项目位于县城东",
                                          "部，规划面积2000亩，计划总投资5亿",
                                          "元，目前一期已建成投产。(刘洋)",
                                          "边农户增收。(完)",
                                          "强化要素保障",
                                          "图为项目现场。李兆民摄",
                                          "本刊讯 11月3日下午，晋城市召开项目推进会。",
                                          "(下转第2版)",
                                          "——记山西省开发区协会",
                                          "## 忻州市文旅项目集中开工",
                                          "本报讯 4月12日，市长介绍有关情况——",
                                          "本报讯 项目建设现场会召开"};
  std::uint32_t seed = 2024;
  for (int round = 0; round < 12; ++round) {
    std::string text;
    while (text.size() < (80u << 10)) {
      seed = seed * 1664525u + 1013904223u;
      text += lines[(seed >> 8) % lines.size()];
      text += ((seed >> 4) % 3 == 0) ? "\n\n" : "\n";
    }
    const NormalizedText normalized = NormalizedText::build(text);
    const LayoutResult one = split_articles(normalized, 1);
    const LayoutResult two = split_articles(normalized, 2);
    ASSERT_EQ(one.articles.size(), two.articles.size());
    for (std::size_t k = 0; k < one.articles.size(); ++k) {
      const Article& a = one.articles[k];
      const Article& b = two.articles[k];
      EXPECT_EQ(a.title, b.title) << k;
      EXPECT_EQ(a.lead, b.lead) << k;
      EXPECT_EQ(a.byline, b.byline) << k;
      EXPECT_EQ(a.captions, b.captions) << k;
      EXPECT_EQ(a.span, b.span) << k;
      ASSERT_EQ(a.paragraphs.size(), b.paragraphs.size()) << k;
      for (std::size_t p = 0; p < a.paragraphs.size(); ++p) {
        EXPECT_EQ(a.paragraphs[p].subheading, b.paragraphs[p].subheading);
        ASSERT_EQ(a.paragraphs[p].sentences.size(), b.paragraphs[p].sentences.size());
        for (std::size_t i = 0; i < a.paragraphs[p].sentences.size(); ++i) {
          const Sentence& x = a.paragraphs[p].sentences[i];
          const Sentence& y = b.paragraphs[p].sentences[i];
          EXPECT_EQ(x.text, y.text);
          EXPECT_TRUE(
              std::equal(x.pieces.begin(), x.pieces.end(), y.pieces.begin(), y.pieces.end()));
        }
      }
    }
    ASSERT_EQ(one.warnings.size(), two.warnings.size());
    for (std::size_t k = 0; k < one.warnings.size(); ++k) {
      EXPECT_EQ(one.warnings[k].code, two.warnings[k].code);
      EXPECT_EQ(one.warnings[k].message, two.warnings[k].message);
      EXPECT_EQ(one.warnings[k].offset, two.warnings[k].offset);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The sample magazine page

TEST(Layout, SampleMagazinePage) {
  std::ifstream in(std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt",
                   std::ios::binary);
  ASSERT_TRUE(in) << "sample missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const Laid laid(buffer.str());
  const std::vector<Article>& a = laid.articles();
  ASSERT_EQ(a.size(), 5u);
  EXPECT_THAT(a[0].title, HasSubstr("金湘军现场办公推进晶科能源等重大项目"));
  EXPECT_THAT(a[0].title, HasSubstr("压实责任"));
  EXPECT_EQ(a[0].lead, "本刊讯 10月24日");
  EXPECT_EQ(a[0].byline, "张巨峰");
  EXPECT_EQ(a[1].title, "山西省开发区协会成立");
  EXPECT_TRUE(a[3].title.starts_with("武乡现代农业产业示范区"));
  EXPECT_EQ(a[3].byline, "张振伟");
  EXPECT_EQ(a[4].title, "山西：建设对外开放新高地步伐不断加快");
  EXPECT_EQ(a[4].byline, "李若男");
  EXPECT_TRUE(
      a[4].paragraphs.at(0).sentences.at(0).text.starts_with("10月25日上午，省政府新闻办举行"));

  bool rejoined = false;
  for (const std::string& s : laid.sentences(0)) {
    if (s.find("要深刻认识全面加强基础设施建设的重大意义") != std::string::npos) rejoined = true;
  }
  EXPECT_TRUE(rejoined);
  ASSERT_EQ(a[0].captions.size(), 1u);
  EXPECT_TRUE(a[0].captions[0].ends_with("李兆民摄"));
  EXPECT_EQ(laid.body(0).find("李兆民摄"), std::string::npos);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(laid.body(i).find("(张巨峰)"), std::string::npos);
    EXPECT_EQ(laid.body(i).find("下转"), std::string::npos);
  }
  int subheadings = 0;
  for (const Paragraph& p : a[4].paragraphs) subheadings += p.subheading ? 1 : 0;
  EXPECT_EQ(subheadings, 2);
  EXPECT_TRUE(laid.has_warning("ARTICLE_CONTINUES_ELSEWHERE"));
  EXPECT_FALSE(laid.has_warning("UNTERMINATED_PARAGRAPH"));
  expect_consistent_pieces(laid);
}

// Pieces are held inline while there is one and on the heap from the second on; every way of
// copying, moving and growing them must keep the same spans in the same order.
std::vector<Span> spans_of(const SentencePieces& pieces) { return {pieces.begin(), pieces.end()}; }

TEST(SentencePiecesTest, KeepsSpansInOrderInlineAndOnTheHeap) {
  SentencePieces pieces;
  EXPECT_TRUE(pieces.empty());
  EXPECT_EQ(pieces.begin(), pieces.end());
  std::vector<Span> expected;
  for (std::size_t k = 0; k < 11; ++k) {  // past the heap arrays of two, four and eight
    const Span piece{10 * k, 10 * k + 7};
    pieces.push_back(piece);
    expected.push_back(piece);
    ASSERT_EQ(pieces.size(), expected.size());
    EXPECT_EQ(spans_of(pieces), expected);
    EXPECT_EQ(pieces.front(), expected.front());
    EXPECT_EQ(pieces.back(), expected.back());
    EXPECT_EQ(pieces[k], piece);
  }
}

// The inline slot marks an empty or heap-held list by an end no text offset reaches; a piece
// that ends there anyway is still kept, on the heap, and reads back unchanged.
TEST(SentencePiecesTest, KeepsPiecesWhoseEndLooksLikeAMark) {
  const std::size_t top = ~std::size_t{0};
  for (const std::size_t end : {top, top - 1, top - 2}) {
    SentencePieces pieces;
    pieces.push_back({5, end});
    ASSERT_EQ(pieces.size(), 1u) << end;
    EXPECT_EQ(pieces.front(), (Span{5, end}));
    pieces.push_back({1, 2});
    EXPECT_EQ(spans_of(pieces), (std::vector<Span>{{5, end}, {1, 2}}));
    const SentencePieces copy = pieces;
    EXPECT_EQ(spans_of(copy), spans_of(pieces));
  }
  SentencePieces one;
  one.push_back({3, 4});
  SentencePieces moved_from = one;
  const SentencePieces moved = std::move(moved_from);
  EXPECT_EQ(spans_of(moved), (std::vector<Span>{{3, 4}}));
}

TEST(SentencePiecesTest, CopiesAndMovesAreIndependentAndComplete) {
  for (const std::size_t count : {1u, 2u, 5u}) {
    SentencePieces original;
    for (std::size_t k = 0; k < count; ++k) original.push_back({k, k + 1});
    const std::vector<Span> expected = spans_of(original);

    SentencePieces copy(original);
    EXPECT_EQ(spans_of(copy), expected);
    copy.push_back({100, 101});  // growing the copy leaves the original alone
    EXPECT_EQ(spans_of(original), expected);
    EXPECT_EQ(copy.size(), count + 1);

    SentencePieces assigned;
    assigned.push_back({7, 8});
    assigned = original;
    EXPECT_EQ(spans_of(assigned), expected);
    const SentencePieces& alias = assigned;
    assigned = alias;  // self-assignment keeps the pieces
    EXPECT_EQ(spans_of(assigned), expected);

    SentencePieces moved(std::move(copy));
    EXPECT_EQ(moved.size(), count + 1);
    EXPECT_EQ(moved.back(), (Span{100, 101}));
    SentencePieces move_assigned;
    move_assigned = std::move(moved);
    EXPECT_EQ(move_assigned.size(), count + 1);
    EXPECT_EQ(spans_of(move_assigned).front(), expected.front());
  }
}

}  // namespace
}  // namespace investtrack::parser
