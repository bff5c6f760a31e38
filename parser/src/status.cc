// Status wording -> lifecycle stage. The table follows the stages physical-project trackers use
// (see docs/parser.md): each phrase is evidence of a stage; tense decides whether it was reached.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

#include "byte_match.h"
#include "investtrack/parser/projects.h"
#include "investtrack/parser/utf8.h"
#include "phrase_table.h"

namespace investtrack::parser {
namespace {

using S = ProjectStatus;

struct StatusPhrase {
  std::string_view text;
  ProjectStatus status;
  bool ceremony = false;
  bool takes_object = false;  // 引进X / 签约X / 开工建设X
};

// Longest phrase wins at a position, so 施工许可 (preparing) beats 施工 (construction) and 建成投产
// (operating) beats 建成 (completed).
constexpr StatusPhrase kPhrases[] = {
    // announced: plans only, no concrete step
    {"谋划", S::kAnnounced},
    {"储备", S::kAnnounced},
    {"策划", S::kAnnounced},
    {"拟建", S::kAnnounced},
    {"规划建设", S::kAnnounced},
    {"意向", S::kAnnounced},
    {"洽谈", S::kAnnounced},
    {"在谈", S::kAnnounced},
    {"对接洽谈", S::kAnnounced},
    {"计划建设", S::kAnnounced},
    {"拟建设", S::kAnnounced},
    {"计划新建", S::kAnnounced},
    {"谋划建设", S::kAnnounced},
    // signed: an agreement, no land or permits yet
    {"签约", S::kSigned, false, true},
    {"签订", S::kSigned, false, true},
    {"签署", S::kSigned, false, true},
    {"成功引进", S::kSigned, false, true},
    {"引进", S::kSigned, false, true},
    {"入驻", S::kSigned},
    {"落户", S::kSigned},
    {"招引", S::kSigned, false, true},
    // preparing: pre-construction work; clearing a site is not construction
    {"前期手续", S::kPreparing},
    {"前期工作", S::kPreparing},
    {"立项", S::kPreparing},
    {"可研", S::kPreparing},
    {"备案", S::kPreparing},
    {"核准", S::kPreparing},
    {"环评批复", S::kPreparing},
    {"规划许可", S::kPreparing},
    {"施工许可", S::kPreparing},
    {"征地", S::kPreparing},
    {"土地摘牌", S::kPreparing},
    {"摘牌", S::kPreparing},
    {"场地平整", S::kPreparing},
    {"场平", S::kPreparing},  // 场地平整 shortened (已完成场平)
    {"土地平整", S::kPreparing},
    {"三通一平", S::kPreparing},
    {"五通一平", S::kPreparing},
    {"拆迁", S::kPreparing},
    {"初步设计", S::kPreparing},
    {"招标", S::kPreparing},
    // approvals and the notices that precede them: 批复可研, 产能置换公示, 环评公示, 用地预审
    {"批复", S::kPreparing},
    {"公示", S::kPreparing},
    {"产能置换", S::kPreparing},
    {"用地预审", S::kPreparing},
    {"选址意见", S::kPreparing},
    {"环评", S::kPreparing},
    {"能评", S::kPreparing},
    // The state's leave to start preliminary work (获得国家发改委“路条”).
    {"路条", S::kPreparing},
    {"开展前期", S::kPreparing},
    // under construction
    {"开工", S::kUnderConstruction, false, true},
    {"动工", S::kUnderConstruction},
    {"破土动工", S::kUnderConstruction},
    {"全面开工", S::kUnderConstruction},
    {"新开工", S::kUnderConstruction},
    {"开工建设", S::kUnderConstruction, false, true},
    {"在建", S::kUnderConstruction},
    {"续建", S::kUnderConstruction},
    {"复工", S::kUnderConstruction},
    {"施工", S::kUnderConstruction},
    {"加快建设", S::kUnderConstruction},
    {"加紧建设", S::kUnderConstruction},
    {"正在建设", S::kUnderConstruction},
    {"建设中", S::kUnderConstruction},
    {"主体施工", S::kUnderConstruction},
    {"封顶", S::kUnderConstruction},
    {"设备安装", S::kUnderConstruction},
    // Machines being set to work before production (国药集团中药产业园设备调试).
    {"设备调试", S::kUnderConstruction},
    {"进场", S::kUnderConstruction},
    {"开建", S::kUnderConstruction},
    {"奠基", S::kUnderConstruction, true},
    // works going on, said of the building: 项目建设抓紧推进, 稳步推进
    {"抓紧建设", S::kUnderConstruction},
    {"建设抓紧推进", S::kUnderConstruction},
    {"建设稳步推进", S::kUnderConstruction},
    {"建设有序推进", S::kUnderConstruction},
    {"稳步推进", S::kUnderConstruction},
    {"启动实施", S::kUnderConstruction},
    {"启动建设", S::kUnderConstruction},
    // A working site described rather than named: cranes, machines, the works partly done.
    {"建设现场", S::kUnderConstruction},
    {"施工现场", S::kUnderConstruction},
    {"塔吊林立", S::kUnderConstruction},
    {"机器轰鸣", S::kUnderConstruction},
    {"热火朝天", S::kUnderConstruction},
    {"如火如荼", S::kUnderConstruction},
    {"主体工程", S::kUnderConstruction},
    {"路基工程", S::kUnderConstruction},
    {"形象进度", S::kUnderConstruction},
    {"开工仪式", S::kUnderConstruction, true},
    {"集中开工", S::kUnderConstruction, true},
    {"开工奠基", S::kUnderConstruction, true},
    // A day of starts and completions (集中开竣工活动) says neither of one project; most of its
    // projects start, and 竣工 alone would read it as finished.
    {"开竣工", S::kUnderConstruction, true},
    // completed: built, not yet said to produce
    {"建成", S::kCompleted},
    {"竣工", S::kCompleted},
    {"完工", S::kCompleted},
    {"竣工验收", S::kCompleted},
    {"交付", S::kCompleted},
    {"交付使用", S::kOperating},
    // operating, including commissioning
    {"试生产", S::kOperating},
    {"试运行", S::kOperating},
    {"试运营", S::kOperating},
    {"投产", S::kOperating},
    {"投运", S::kOperating},
    {"并网", S::kOperating},
    {"正式运营", S::kOperating},
    {"投入运营", S::kOperating},
    {"投入运行", S::kOperating},
    {"投入使用", S::kOperating},
    {"投用", S::kOperating},
    {"投入生产", S::kOperating},
    {"开业", S::kOperating},
    {"达产", S::kOperating},
    {"满产", S::kOperating},
    {"建成投产", S::kOperating},
    {"竣工投产", S::kOperating},
    {"建成运营", S::kOperating},
    {"通车", S::kOperating},
    {"通航", S::kOperating},
    // Water works carry water once finished (引汉济渭工程正式通水); a bare 通水 is also a step of
    // the works (导流明渠通水), so only the finished forms count.
    {"正式通水", S::kOperating},
    {"建成通水", S::kOperating},
    {"启用", S::kOperating},
    {"开园", S::kOperating},
    {"开馆", S::kOperating},
    {"运营中", S::kOperating},
    {"正式运行", S::kOperating},
    // suspended, cancelled
    {"停工", S::kSuspended},
    {"停建", S::kSuspended},
    {"缓建", S::kSuspended},
    {"暂停", S::kSuspended},
    {"搁置", S::kSuspended},
    {"终止", S::kCancelled},
    {"解约", S::kCancelled},
    {"撤销", S::kCancelled},
    {"取消建设", S::kCancelled},
    {"下马", S::kCancelled},
    {"叫停", S::kSuspended},
    // An approval refused is the end of a project that was being prepared: 不予(申请)立项.
    {"不予立项", S::kCancelled},
    {"不予申请立项", S::kCancelled},
    {"不予批准", S::kCancelled},
    {"不予核准", S::kCancelled},
    {"不予审批", S::kCancelled},
    {"不予备案", S::kCancelled},
    // Units handed over to the owner mid-construction (中间交付) are a step of the works, not
    // the project's completion; "the works made progress" is work under way.
    {"中间交付", S::kUnderConstruction},
    {"建设取得", S::kUnderConstruction},
    // Money spent on the works so far (已累计完成投资10亿元): they are going on.
    {"累计完成投资", S::kUnderConstruction},
    // Milestones of the works themselves: a tunnel holed through, a bridge's spans joined, track
    // laid, the main structure finished. The project is still being built.
    {"贯通", S::kUnderConstruction},
    {"合龙", S::kUnderConstruction},
    {"铺轨", S::kUnderConstruction},
    {"主体完工", S::kUnderConstruction},
    {"主体结构完工", S::kUnderConstruction},
};

// Words whose presence before a phrase makes it a plan or a directive rather than a reached stage.
constexpr std::string_view kPlanBefore[] = {
    "将",
    "计划",
    "预计",
    "力争",
    "争取",
    "确保",
    "目标",
    "拟",
    "有望",
    "即将",
    "准备",
    "预期",
    "明年",
    "后年",
    "年底前",
    "年内",
    "尽早",
    "尽快",
    "早日",
    "要求",
    "必须",
    "力促",
    "推动",
    "加快推进",
    "待",
    "如期",
    "按期",
    "期待",
    "希望",
    "规划",
    // Stages offered as alternatives are a target, not a stage reached: 开工或投产.
    "或",
};
// Words right after a phrase that make it hypothetical or a goal: 建成后, 投产目标, 开工条件.
// 投产准备 (getting ready to produce) and 开园之日 (the opening day) name a stage still ahead; a
// bare 日 does not (投运日处理能力 is a daily capacity).
constexpr std::string_view kPlanAfter[] = {"后",   "前",   "目标", "计划", "任务", "条件", "时间",
                                           "节点", "之后", "以后", "准备", "之日", "日期", "或"};
constexpr std::string_view kNegations[] = {"未", "尚未",     "没有",       "暂未",
                                           "不", "未实质性", "暂未实质性", "无"};
// Phrases that look like status words but are not: 建成区 (built-up area), 施工单位 (the builder).
constexpr std::string_view kFalseFriends[] = {"建成区", "施工单位", "施工方", "引进来"};

bool starts_with_at(std::string_view text, std::size_t pos, std::string_view word) {
  return pos <= text.size() && text.substr(pos).starts_with(word);
}

bool ends_with_at(std::string_view text, std::size_t end, std::string_view word) {
  return end >= word.size() && text.substr(end - word.size(), word.size()) == word;
}

// Plan and negation markers count only within a few characters before the phrase (same clause).
constexpr std::size_t kMarkerWindowBytes = ideograph_bytes(8);

// A clause that opens with a word of plan is a plan as a whole, however far its verbs stand
// from it: 计划年内A竣工、B建成通车.
constexpr std::string_view kClausePlanOpeners[] = {"计划", "预计", "力争", "争取", "确保",
                                                   "将",   "拟",   "有望", "即将"};

bool opens_with_plan(std::string_view clause) {
  while (!clause.empty() && clause.front() == ' ') clause.remove_prefix(1);
  return std::any_of(std::begin(kClausePlanOpeners), std::end(kClausePlanOpeners),
                     [&](std::string_view w) { return clause.starts_with(w); });
}

bool is_plan(std::string_view clause, std::size_t begin, std::size_t end) {
  for (auto after : kPlanAfter) {
    if (starts_with_at(clause, end, after)) return true;
  }
  if (opens_with_plan(clause)) return true;
  const std::size_t window_start = begin > kMarkerWindowBytes ? begin - kMarkerWindowBytes : 0;
  const std::string_view before = clause.substr(window_start, begin - window_start);
  return std::any_of(std::begin(kPlanBefore), std::end(kPlanBefore), [&](std::string_view w) {
    return find_word(before, w) != std::string_view::npos;
  });
}

bool is_negated(std::string_view clause, std::size_t begin) {
  return std::any_of(std::begin(kNegations), std::end(kNegations),
                     [&](std::string_view w) { return ends_with_at(clause, begin, w); });
}

// Suspension and cancellation override progress; otherwise later stages rank higher.
int rank(ProjectStatus status) {
  switch (status) {
    case S::kUnknown:
      return 0;
    case S::kAnnounced:
      return 1;
    case S::kSigned:
      return 2;
    case S::kPreparing:
      return 3;
    case S::kUnderConstruction:
      return 4;
    case S::kCompleted:
      return 5;
    case S::kOperating:
      return 6;
    case S::kSuspended:
      return 7;
    case S::kCancelled:
      return 8;
  }
  return 0;
}

const PhraseTable& phrase_table() {
  static const PhraseTable table = [] {
    std::vector<std::string_view> words;
    for (const auto& phrase : kPhrases) words.push_back(phrase.text);
    return PhraseTable(words);
  }();
  return table;
}

// 路基工程完成75%: works partly done are works under way. Only a percentage right after 完成
// counts; 完成投资……占年度计划的82%% measures money, not the works.
void read_partial_progress(std::string_view clause, StatusReading& reading) {
  for (std::size_t at = find_word(clause, "完成"); at != std::string_view::npos;
       at = find_word(clause, "完成", at + 1)) {
    std::size_t p = at + std::string_view("完成").size();
    if (clause.substr(p).starts_with("了")) p += std::string_view("了").size();
    const std::size_t digits = p;
    while (p < clause.size() &&
           (std::isdigit(static_cast<unsigned char>(clause[p])) || clause[p] == '.'))
      ++p;
    if (p == digits || p >= clause.size() || clause[p] != '%') continue;
    const std::string_view number = clause.substr(digits, p - digits);
    if (number == "100" || number.starts_with("100.")) continue;  // all done is not "under way"
    if (is_negated(clause, at) || is_plan(clause, at, p + 1)) continue;
    reading.status = ProjectStatus::kUnderConstruction;
    reading.phrase = std::string(clause.substr(at, p + 1 - at));
    reading.span = {at, p + 1};
    return;
  }
}

}  // namespace

int status_rank(ProjectStatus status) { return rank(status); }

StatusReading read_status(std::string_view clause) {
  StatusReading reading;
  const PhraseTable& phrases = phrase_table();
  for (std::size_t pos = 0; pos < clause.size();) {
    // Most characters start no status phrase: step over them in one tight loop.
    pos = phrases.next_candidate(clause, pos);
    if (pos >= clause.size()) break;
    const int found = phrases.longest_at(clause, pos);
    const StatusPhrase* best = found < 0 ? nullptr : &kPhrases[found];
    const bool false_friend =
        best && std::any_of(std::begin(kFalseFriends), std::end(kFalseFriends),
                            [&](std::string_view w) { return starts_with_at(clause, pos, w); });
    if (!best || false_friend) {
      pos += false_friend ? 3 : utf8_sequence_length(static_cast<unsigned char>(clause[pos]));
      continue;
    }
    const std::size_t end = pos + best->text.size();
    const bool negated = is_negated(clause, pos);
    // 尚未复工, 无复工复产计划: works that stopped and do not start again are suspended.
    if (negated && best->text == "复工" && rank(S::kSuspended) > rank(reading.status)) {
      reading.status = S::kSuspended;
      reading.phrase = std::string(clause.substr(pos, end - pos));
      reading.span = {pos, end};
    }
    // 尚未开工, 暂未实质性开工: a project not yet begun is still being prepared.
    else if (negated && best->status == S::kUnderConstruction &&
             rank(S::kPreparing) > rank(reading.status) && !is_plan(clause, pos, end)) {
      reading.status = S::kPreparing;
      reading.phrase = std::string(clause.substr(pos, end - pos));
      reading.span = {pos, end};
    }
    if (!negated) {
      if (is_plan(clause, pos, end)) {
        if (rank(best->status) > rank(reading.planned)) {
          reading.planned = best->status;
          reading.planned_phrase = std::string(best->text);
          reading.planned_span = {pos, end};
        }
      } else if (rank(best->status) > rank(reading.status)) {
        reading.status = best->status;
        reading.phrase = std::string(best->text);
        reading.span = {pos, end};
        reading.ceremony = best->ceremony;
        reading.object_first = best->takes_object;
      }
    }
    pos = end;
  }
  if (reading.status == ProjectStatus::kUnknown) read_partial_progress(clause, reading);
  return reading;
}

}  // namespace investtrack::parser
