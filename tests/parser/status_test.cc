#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "investtrack/parser/projects.h"
// The skip-ahead read_status() and the head-word scan use; internal, so reached by path.
#include "phrase_table.h"
#include "random_texts.h"

namespace investtrack::parser {
namespace {

using S = ProjectStatus;

struct StatusCase {
  const char* clause;
  ProjectStatus reached;
  ProjectStatus planned;
};

// Test names show the clause, not the case's bytes (a pointer among them, so names changed from
// build to build).
void PrintTo(const StatusCase& c, std::ostream* out) { *out << c.clause; }

class StatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(StatusTest, ReadsReachedAndPlannedStages) {
  const auto& c = GetParam();
  const StatusReading reading = read_status(c.clause);
  EXPECT_EQ(reading.status, c.reached) << c.clause << " phrase=" << reading.phrase;
  EXPECT_EQ(reading.planned, c.planned) << c.clause << " planned=" << reading.planned_phrase;
}

INSTANTIATE_TEST_SUITE_P(
    Phrases, StatusTest,
    ::testing::Values(
        // reached stages, one family each
        StatusCase{"目前已进入全面开工阶段", S::kUnderConstruction, S::kUnknown},
        // milestones of the works: still being built
        StatusCase{"青龙峡隧道于上月顺利贯通", S::kUnderConstruction, S::kUnknown},
        StatusCase{"跨江大桥主桥昨日成功合龙", S::kUnderConstruction, S::kUnknown},
        StatusCase{"全线已进入铺轨阶段", S::kUnderConstruction, S::kUnknown},
        StatusCase{"综合楼主体完工，正在进行内部装修", S::kUnderConstruction, S::kUnknown},
        StatusCase{"预计年底全线贯通", S::kUnknown, S::kUnderConstruction},
        StatusCase{"于2023年1月正式建成", S::kCompleted, S::kUnknown},
        StatusCase{"该项目已获得国家发改委“路条”", S::kPreparing, S::kUnknown},
        StatusCase{"1~5月份已累计完成投资10亿元", S::kUnderConstruction, S::kUnknown},
        StatusCase{"目前已完成场平，部分设备已订购", S::kPreparing, S::kUnknown},
        StatusCase{"中药产业园正在进行设备调试", S::kUnderConstruction, S::kUnknown},
        // a day of starts and completions: not a completion
        StatusCase{"该项目是全市重大项目集中开竣工活动之一", S::kUnderConstruction, S::kUnknown},
        StatusCase{"全区23个项目今天集中开竣工", S::kUnderConstruction, S::kUnknown},
        StatusCase{"正在进行300亩征地工作", S::kPreparing, S::kUnknown},
        StatusCase{"已引进某某公司加工项目", S::kSigned, S::kUnknown},
        StatusCase{"该项目去年12月竣工投产", S::kOperating, S::kUnknown},
        StatusCase{"一期工程已并网发电", S::kOperating, S::kUnknown},
        StatusCase{"项目主体结构顺利封顶", S::kUnderConstruction, S::kUnknown},
        StatusCase{"生产线进入试生产阶段", S::kOperating, S::kUnknown},
        StatusCase{"项目已完成立项备案", S::kPreparing, S::kUnknown},
        StatusCase{"取得施工许可证", S::kPreparing, S::kUnknown},
        StatusCase{"项目因资金问题停工", S::kSuspended, S::kUnknown},
        StatusCase{"双方已解约", S::kCancelled, S::kUnknown},
        StatusCase{"正在洽谈一批储备项目", S::kAnnounced, S::kUnknown},
        StatusCase{"工地上一派施工繁忙景象", S::kUnderConstruction, S::kUnknown},
        StatusCase{"场地平整工作基本完成", S::kPreparing, S::kUnknown},
        StatusCase{"医院新院区已投入使用", S::kOperating, S::kUnknown},
        StatusCase{"項目已經開工", S::kUnknown,
                   S::kUnknown},  // traditional script is folded before this stage
        // plans and goals are not reached stages
        StatusCase{"确保明年投产", S::kUnknown, S::kOperating},
        StatusCase{"建设者正在朝着一二期项目明年投产目标倒排工期", S::kUnknown, S::kOperating},
        StatusCase{"预计2025年建成", S::kUnknown, S::kCompleted},
        // a refused approval ends a project; a halt ordered from above suspends it
        StatusCase{"市政府决定对该化工园项目不予立项", S::kCancelled, S::kUnknown},
        StatusCase{"经研究,垃圾焚烧厂不予申请立项", S::kCancelled, S::kUnknown},
        StatusCase{"省发改委对该煤电项目不予核准", S::kCancelled, S::kUnknown},
        StatusCase{"因群众反对,PX项目最终下马", S::kCancelled, S::kUnknown},
        StatusCase{"违规建设的高尔夫球场被叫停", S::kSuspended, S::kUnknown},
        // a step of the works, not the end of them
        StatusCase{"首批主装置顺利实现中间交付", S::kUnderConstruction, S::kUnknown},
        StatusCase{"新港区一期建设取得重大进展", S::kUnderConstruction, S::kUnknown},
        // wishes, preparations and days still ahead
        StatusCase{"为早日投产达效打下坚实基础", S::kUnknown, S::kOperating},
        StatusCase{"全面转入投产准备阶段", S::kUnknown, S::kOperating},
        StatusCase{"乐园开园之日接待能力约5万人", S::kUnknown, S::kOperating},
        // a bare 日 after a stage is a daily figure, not a day ahead
        StatusCase{"污水处理厂正式投运日处理能力5万吨", S::kOperating, S::kUnknown},
        StatusCase{"海洋馆于上周六正式开馆", S::kOperating, S::kUnknown},
        // works that stopped and do not start again
        StatusCase{"该工地至今尚未复工", S::kSuspended, S::kUnknown},
        StatusCase{"公司无复工复产计划", S::kSuspended, S::kUnknown},
        StatusCase{"停工三个月后全面复工", S::kSuspended,
                   S::kUnknown},  // suspension outranks progress
        StatusCase{"项目无开工迹象", S::kPreparing, S::kUnknown},
        // 开幕 opens fairs and conferences, not works
        StatusCase{"第三届投洽会今天在厦门开幕", S::kUnknown, S::kUnknown},
        StatusCase{"计划年底前开工", S::kUnknown, S::kUnderConstruction},
        StatusCase{"力争早日竣工", S::kUnknown, S::kCompleted},
        StatusCase{"建成后可年产10万吨", S::kUnknown, S::kCompleted},
        StatusCase{"项目将于下月投产", S::kUnknown, S::kOperating},
        // negation, false friends
        // a start not yet made leaves the project being prepared; a plan not to start is no stage
        StatusCase{"项目尚未开工", S::kPreparing, S::kUnknown},
        StatusCase{"因土地手续未完成，暂未实质性开工", S::kPreparing, S::kUnknown},
        StatusCase{"該廠房至今未动工", S::kPreparing, S::kUnknown},
        StatusCase{"项目已开工", S::kUnderConstruction, S::kUnknown},
        StatusCase{"城市建成区面积扩大", S::kUnknown, S::kUnknown},
        StatusCase{"施工单位进场前", S::kUnknown, S::kUnderConstruction},
        StatusCase{"研究解决具体问题", S::kUnknown, S::kUnknown},
        // a working site described, works partly done
        StatusCase{"项目建设现场塔吊林立、机器轰鸣", S::kUnderConstruction, S::kUnknown},
        StatusCase{"目前路基工程完成75%", S::kUnderConstruction, S::kUnknown},
        StatusCase{"完成投资1856亿元，占年度计划的82.3%", S::kUnknown, S::kUnknown},
        StatusCase{"计划年底前完成60%", S::kUnknown, S::kUnknown},
        // the latest stage in a clause wins
        StatusCase{"签约仅三个月即开工", S::kUnderConstruction, S::kUnknown},
        StatusCase{"已建成投产", S::kOperating, S::kUnknown},
        // stages offered as alternatives are a target
        StatusCase{"加快一批重大项目开工或投产", S::kUnknown, S::kOperating},
        StatusCase{"抓好建成或部分建成项目", S::kUnknown, S::kCompleted},
        // water works in service once they carry water; a channel carrying water is a step
        StatusCase{"南水北调配套工程正式通水", S::kOperating, S::kUnknown},
        StatusCase{"城乡供水一体化工程建成通水", S::kOperating, S::kUnknown},
        StatusCase{"预计年底正式通水", S::kUnknown, S::kOperating},
        StatusCase{"枢纽导流明渠通水", S::kUnknown, S::kUnknown},
        // approvals and notices before construction
        StatusCase{"国家发改委已批复可研报告", S::kPreparing, S::kUnknown},
        StatusCase{"产能置换方案已公示", S::kPreparing, S::kUnknown},
        StatusCase{"同意开展前期工作", S::kPreparing, S::kUnknown},
        // works going on, said of the building
        StatusCase{"项目建设稳步推进", S::kUnderConstruction, S::kUnknown},
        StatusCase{"二期工程正抓紧建设", S::kUnderConstruction, S::kUnknown},
        StatusCase{"机场改扩建等项目启动实施", S::kUnderConstruction, S::kUnknown},
        StatusCase{"新馆于今年3月启动建设", S::kUnderConstruction, S::kUnknown},
        // a plan to build is an announcement (the clause opens with 计划: a plan as a whole)
        StatusCase{"下半年计划建设一批重大项目", S::kAnnounced, S::kUnknown},
        // a clause opening with a plan word is a plan however far its verb stands
        StatusCase{"计划年内将城南片区综合管廊全线建成通车", S::kUnknown, S::kOperating},
        StatusCase{"力争今年三季度末主体工程和配套设施全部竣工", S::kUnknown, S::kCompleted}));

TEST(StatusTest, CeremonyIsConstructionFlagged) {
  const auto reading = read_status("举行集中开工仪式");
  EXPECT_EQ(reading.status, S::kUnderConstruction);
  EXPECT_TRUE(reading.ceremony);
  const auto groundbreaking = read_status("项目隆重奠基");
  EXPECT_EQ(groundbreaking.status, S::kUnderConstruction);
  EXPECT_TRUE(groundbreaking.ceremony);
  EXPECT_FALSE(read_status("项目全面开工").ceremony);
}

TEST(StatusTest, KeepsTheDecidingPhraseAndItsSpan) {
  const std::string clause = "目前已进入全面开工阶段";
  const auto reading = read_status(clause);
  EXPECT_EQ(reading.phrase, "全面开工");
  EXPECT_EQ(clause.substr(reading.span.begin, reading.span.end - reading.span.begin), "全面开工");
}

TEST(StatusTest, ObjectTakingVerbsAreMarked) {
  EXPECT_TRUE(read_status("已引进某公司项目").object_first);
  EXPECT_FALSE(read_status("项目已建成").object_first);
}

TEST(StatusTest, SuspensionOutranksProgress) {
  EXPECT_GT(status_rank(S::kSuspended), status_rank(S::kOperating));
  EXPECT_GT(status_rank(S::kOperating), status_rank(S::kCompleted));
  EXPECT_GT(status_rank(S::kPreparing), status_rank(S::kSigned));
}

TEST(StatusTest, EmptyAndPunctuationOnlyClauses) {
  EXPECT_EQ(read_status("").status, S::kUnknown);
  EXPECT_EQ(read_status("，，。。！！").status, S::kUnknown);
  EXPECT_EQ(read_status("\xE5\xBB").status, S::kUnknown);  // a cut multi-byte character
}

// next_candidate() may skip only character starts where no word starts: every position it steps
// over (by the scans' UTF-8 step) must hold no word, and it must land on that step chain. Texts mix
// the words, their halves, ASCII, two- and four-byte characters, a truncated character and stray
// continuation bytes; one word list has a one-character word, where nothing may be skipped.
TEST(PhraseTableSkip, NeverStepsOverAWord) {
  const std::vector<std::string_view> long_words = {"项目",     "开工",   "开工建设",
                                                    "建成投产", "产业园", "“项"};
  const std::vector<std::string_view> with_short = {"项目", "开工", "a", "产业园"};
  const std::vector<std::string> pieces = {
      "项目",   "项", "目",       "开工", "开",   "工", "建设",      "建成投产", "投产",
      "产业园", "园", "，",       "。",   "“",    "”",  "a",         "12",       " ",
      "é",      "𠀀", "\xE9\xA1", "\x80", "\xF8", "的", "年产5000台"};
  const std::vector<std::string> texts = test_support::random_texts(
      pieces, {"", "项", "项目", "的的的的的的的的的的的的的的的的的的项目", "aaaa开工建设"}, 3000,
      16, 12345);
  bool skipped_some = false;
  for (const auto* words : {&long_words, &with_short}) {
    const PhraseTable table(*words);
    auto any_word_at = [&](std::string_view text, std::size_t pos) {
      for (std::string_view w : *words)
        if (text.substr(pos).starts_with(w)) return true;
      return false;
    };
    for (const std::string& text : texts) {
      for (std::size_t start = 0; start <= text.size(); ++start) {
        const std::size_t landed = table.next_candidate(text, start);
        ASSERT_LE(landed, text.size());
        ASSERT_GE(landed, start);
        std::size_t pos = start;
        while (pos < landed) {
          ASSERT_FALSE(any_word_at(text, pos)) << "skipped a word in \"" << text << "\" at " << pos;
          pos += utf8_sequence_length(static_cast<unsigned char>(text[pos]));
        }
        ASSERT_EQ(std::min(pos, text.size()), landed)
            << "left the step chain in \"" << text << "\" from " << start;
        if (words == &with_short) {
          ASSERT_EQ(landed, start);
        }
        if (landed > start) skipped_some = true;
      }
    }
  }
  EXPECT_TRUE(skipped_some);
}

}  // namespace
}  // namespace investtrack::parser
