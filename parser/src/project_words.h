// The projects stage's word lists. Each list is about bulletins in general: the wording of
// Chinese government and company announcements (head words of project names, stop words, list
// introducers, verbs of visiting ...), not about any one bulletin. Internal to parser/; the rules
// that read them are in the project_*.cc and mention_*.cc files.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string_view>

#include "phrase_table.h"

namespace investtrack::parser::projects_internal {

// ---------------------------------------------------------------------------------------------
// Word lists. Each list is about bulletins in general: the wording of Chinese government and
// trade-press reports on investment projects.

enum class HeadStrength { kStrong, kWeak };

struct HeadWord {
  std::string_view text;
  HeadStrength strength;
};

// The noun that ends a project's name. Weak heads (中心, 公园) name projects only with project
// context; otherwise they are places someone visited.
inline constexpr HeadWord kHeads[] = {
    {"项目", HeadStrength::kStrong},
    {"工程", HeadStrength::kStrong},
    {"基地", HeadStrength::kStrong},
    {"生产线", HeadStrength::kStrong},
    {"电站", HeadStrength::kStrong},
    {"产业园区", HeadStrength::kStrong},
    {"产业园", HeadStrength::kStrong},
    {"工业园区", HeadStrength::kStrong},
    {"工业园", HeadStrength::kStrong},
    {"物流园", HeadStrength::kStrong},
    {"科技园", HeadStrength::kStrong},
    {"改扩建", HeadStrength::kStrong},
    {"扩建工程", HeadStrength::kStrong},
    {"风电场", HeadStrength::kStrong},
    {"产业城", HeadStrength::kStrong},
    {"中心", HeadStrength::kWeak},
    {"园区", HeadStrength::kWeak},
    {"公园", HeadStrength::kWeak},
    {"度假区", HeadStrength::kWeak},
    {"景区", HeadStrength::kWeak},
    {"综合体", HeadStrength::kWeak},
    {"小镇", HeadStrength::kWeak},
    {"厂区", HeadStrength::kWeak},
    {"医院", HeadStrength::kWeak},
    {"乐园", HeadStrength::kWeak},
    // A school's new campus (外语外事学院綦江校区四期校区全面投用).
    {"校区", HeadStrength::kWeak},
    // Works of infrastructure: named projects when their clause says what happens to them
    // (跨渭河大桥建成通车, 通用机场施工进入收尾阶段, 开工建设的环线高速公路).
    {"大桥", HeadStrength::kWeak},
    {"机场", HeadStrength::kWeak},
    {"铁路", HeadStrength::kWeak},
    {"高速公路", HeadStrength::kWeak},
    {"高铁", HeadStrength::kWeak},
    {"水库", HeadStrength::kWeak},
    {"码头", HeadStrength::kWeak},
    {"电厂", HeadStrength::kWeak},
    {"隧道", HeadStrength::kWeak},
    {"航站楼", HeadStrength::kWeak},
    {"号线", HeadStrength::kWeak},
    {"支线", HeadStrength::kWeak},
    {"变电站", HeadStrength::kWeak},
    {"水电站", HeadStrength::kWeak},
    {"枢纽", HeadStrength::kWeak},
};

// Heads of routes, which a section of the route may follow: 环线高速公路德阳至简阳段.
inline constexpr std::string_view kRouteHeads[] = {"高速公路", "铁路", "高铁", "公路",
                                                   "号线",     "支线", "高速"};

// Works that run between places (蒙华铁路湖南段, 祁常高速, 昌都与藏中电网联网工程): the city an
// article is about is not where they are.
inline constexpr std::string_view kIntercityWorks[] = {"铁路", "高铁",     "城际",   "高速",
                                                       "公路", "客运专线", "联络线", "电网联网"};
// After such a word, a word that makes the name a facility at one place (高铁站, 铁路物流园,
// 高速公路服务区, 公路自行车赛道, 高速动车组, 高铁新城).
inline constexpr std::string_view kFacilityAfterWorks[] = {"站",   "枢纽",   "园",   "城",  "中心",
                                                           "基地", "赛道",   "车",   "厂",  "场",
                                                           "港",   "服务区", "研究", "学院"};

// Words that open a clause going on about the subject before it: time, stage and adverbs
// (；目前已开工, ；预计年底投产, ；项目总投资……).
inline constexpr std::string_view kClauseOpeners[] = {
    "目前", "现已", "已",   "正",     "预计", "计划", "将",   "今年", "年内",
    "明年", "同时", "并",   "于",     "截至", "截止", "随后", "现",   "力争",
    "争取", "确保", "其中", "总投资", "项目", "工程", "一期", "二期", "三期",
    "建成", "投产", "达产", "全部",   "主体", "累计", "当年", "年底", "上半年"};

// Praise before 的, after a verb of aim, makes the noun after it an aim (打造全球重要的……基地,
// 成为国内领先的……高地).
inline constexpr std::string_view kAimVerbs[] = {"打造", "成为", "建成", "建设成", "争创", "创建"};
inline constexpr std::string_view kAcclaimWords[] = {"重要", "领先", "一流",     "最大",    "最强",
                                                     "知名", "著名", "有影响力", "有竞争力"};

// Words that may follow a head and still belong to the name: 基地项目, 改扩建工程, 项目(一期).
inline constexpr std::string_view kNameTails[] = {"项目", "工程", "(一期)", "(二期)", "(三期)",
                                                  "一期", "二期", "三期",   "四期",   "首期"};

inline constexpr std::string_view kPhaseWords[] = {"一二期", "一期", "二期", "三期",
                                                   "四期",   "五期", "首期"};

static_assert(std::all_of(std::begin(kPhaseWords), std::end(kPhaseWords),
                          [](std::string_view w) { return w.ends_with("期"); }),
              "read_named looks for 期 before it looks for a phase word");

// Words that end the text before a name: verbs of visiting, reporting and pushing, prepositions,
// conjunctions. A name never starts with one of these.
inline constexpr std::string_view kLeftStops[] = {
    // Single characters only where no brand or place name is likely to contain them (成都, 正泰,
    // 国有, 同煤 keep 都, 正, 有, 同 out of this list); places and companies are read as whole
    // units
    // before these are checked, which protects 和平区 and 向阳区.
    "的",
    "了",
    "在",
    "到",
    "是",
    "为",
    "和",
    "与",
    "及",
    "以及",
    "对",
    "把",
    "将",
    "由",
    "从",
    "于",
    "向",
    "至",
    "跟",
    "被",
    "让",
    "给",
    "等",
    "以",
    "引进",
    "推进",
    "推动",
    "实施",
    "考察",
    "调研",
    "来到",
    "走进",
    "前往",
    "察看",
    "查看",
    "视察",
    "参观",
    "观摩",
    "检查",
    "督导",
    "调度",
    "听取",
    "了解",
    "深入",
    "看望",
    "打造",
    "建设",
    "建成",
    "新建",
    "扩建",
    "开工",
    "签约",
    "签订",
    "签署",
    "落户",
    "入驻",
    "包括",
    "加快",
    "支持",
    "抓好",
    "推介",
    "发挥",
    "带动",
    "肯定",
    "成为",
    "作为",
    "属于",
    "位于",
    "启动",
    "完成",
    "开展",
    "举行",
    "召开",
    "出席",
    "主持",
    "参加",
    "谋划",
    "储备",
    "争取",
    "申报",
    "投资",
    "投建",
    "承建",
    "运营",
    "服务",
    "保障",
    "围绕",
    "依托",
    "聚焦",
    "这",
    "该",
    "此",
    "各",
    "每",
    "其中",
    "已经",
    "正在",
    "并且",
    "还有",
    "目前",
    "今年",
    "去年",
    "明年",
    "近日",
    "日前",
    "此外",
    "同时",
    "以来",
    "期间",
    "上午",
    "下午",
    "据悉",
    "据了解",
    "重点",
    "一批",
    "一个",
    "多个",
    "个",
    "座",
    "标志着",
    "提供",
    "导读",
    "全线",
    "部分",
    "含",
    "组织",
    "相继",
    "建有",
    "拥有",
    "意味着",
    "没有",
    "途经",
    "暨",
    "经过",
    "乘坐",
    "通过",
    // Verbs of setting up, doing and surpassing that take a name as their object (决定在开发区设立X
    // 基地, 做好X项目, 掀起X热潮, 超过X电站的) and verbs of arranging sectors (集中布局X产业).
    "设立",
    "做好",
    "掀起",
    "吹响",
    "超过",
    "进行",
    "布局",
    "坚持",
    // 开工的有A、B: "there are"; ends_with_stop keeps 有 that opens a word (有色金属).
    "的有",
    "随着",
    "随著",  // 隨著 converted one character at a time
    "其",
    // Verbs of emphasis before their object (加大X项目, 突出X项目), and of reporting (负责人介绍
    // 项目……).
    "加大",
    "突出",
    "介绍",
    "表示",
    // 都迎来新项目; a stage reached, or the time after it, before a name (……投运后藏东南清洁动力
    // 基地每年可……, 建成后X).
    "迎来",
    // 续建X铁路: the works go on; like 新建, no part of the name.
    "续建",
    "介入",
    "参与",
    // 钦州市有A、B等50个项目开竣工: "in the city there are"; ends_with_stop keeps 有 that opens a
    // word (某县有色金属冶炼项目), as for 的有.
    "市有",
    "县有",
    "区有",
    "省有",
    "投产",
    "投运",
    "投产后",
    "投运后",
    "建成后",
    "竣工后",
    "开工后",
};

// Companies that bulletins name by their short name alone (比亚迪长沙基地, 华能岳阳电厂): the
// largest state and private groups of energy, industry, vehicles, technology and food. A name
// starts at them as it does at a place or a company the text names in full. Left out: short names
// that are also common words or sit inside them (美的 in 优美的, 中建 in 集中建设, 京东 in
// 北京东站, 小米, 联想, 绿地, 远景, 国网 in 全国网络).
inline constexpr std::string_view kKnownCompanies[] = {
    // energy
    "华能", "大唐", "华电", "国家电投", "国家能源集团", "三峡集团", "中核集团", "中广核", "中石化",
    "中石油", "中海油", "中国石化", "中国石油", "中国海油", "延长石油", "国家电网", "南方电网",
    "神华", "中煤集团", "晋能", "华润电力", "浙能", "京能", "申能", "协鑫", "金风科技", "明阳智能",
    "远景能源", "阳光电源", "隆基", "晶科", "晶澳", "天合光能", "通威", "爱旭", "东方日升", "正泰",
    "特变电工", "大全能源", "合盛硅业",
    // batteries and vehicles
    "宁德时代", "比亚迪", "亿纬锂能", "国轩高科", "中创新航", "蜂巢能源", "欣旺达", "孚能科技",
    "赣锋锂业", "天齐锂业", "华友钴业", "格林美", "恩捷", "璞泰来", "贝特瑞", "杉杉", "吉利",
    "长城汽车", "长安汽车", "奇瑞", "上汽集团", "上汽通用", "广汽集团", "广汽埃安", "中国一汽",
    "一汽解放", "东风汽车", "北汽集团", "蔚来", "小鹏汽车", "理想汽车", "零跑", "特斯拉",
    "江淮汽车", "宇通", "三一重工", "三一集团", "徐工", "中联重科", "柳工", "潍柴", "中国中车",
    // materials and chemicals
    "中国宝武", "宝武", "鞍钢", "首钢", "河钢", "沙钢", "万华化学", "恒力", "荣盛", "盛虹", "恒逸",
    "桐昆", "新凤鸣", "浙石化", "卫星化学", "宝丰能源", "中国铝业", "中铝", "魏桥", "海螺",
    "华新水泥", "金隅", "紫金矿业",
    // technology
    "华为", "腾讯", "阿里巴巴", "阿里云", "百度", "京东方", "京东集团", "京东物流", "字节跳动",
    "富士康", "立讯精密", "歌尔", "中芯国际", "长江存储", "长鑫存储", "华星光电", "惠科", "维信诺",
    "紫光", "海康威视", "科大讯飞", "浪潮集团", "联想集团", "小米集团", "美团", "中兴通讯",
    // food and consumer goods
    "伊利", "蒙牛", "双汇", "温氏", "牧原", "新希望", "中粮", "益海嘉里", "农夫山泉", "娃哈哈",
    "雪花啤酒", "茅台", "五粮液", "格力", "海尔", "海信", "美的集团", "安踏",
    // building, property, logistics, medicine
    "中国建筑", "中国中铁", "中国铁建", "中国交建", "中国电建", "中国能建", "中国中冶", "万达",
    "万科", "碧桂园", "华润", "招商局", "保利", "融创", "华侨城", "复星", "顺丰", "菜鸟", "圆通",
    "申通", "韵达", "中远海运", "国药集团", "恒瑞", "药明康德", "石药", "齐鲁制药", "科伦"};

inline const PhraseTable& known_companies() {
  static const PhraseTable table(kKnownCompanies);
  return table;
}

inline const PhraseTable& left_stops() {
  static const PhraseTable table(
      std::vector<std::string_view>(std::begin(kLeftStops), std::end(kLeftStops)));
  return table;
}

// Person titles: a name never reaches back over the person speaking or visiting.
inline constexpr std::string_view kPersonTitles[] = {"书记", "省长",   "市长", "县长",   "区长",
                                                     "主任", "董事长", "总裁", "总经理", "部长",
                                                     "厅长", "局长",   "主席", "一行"};

// Words that say nothing about which project is meant: 重大项目, 配套项目, 我省重点工程.
inline constexpr std::string_view kGenericWords[] = {
    "我省",
    "我市",
    "我县",
    "我区",
    "全省",
    "全市",
    "全县",
    "全区",
    "本省",
    "本市",
    "省级",
    "市级",
    "县级",
    "国家级",
    "国家",
    "重大",
    "重点",
    "重要",
    "转型",
    "产业链",
    "全产业链",
    "上下游",
    "产业",
    "配套",
    "招商引资",
    "招商",
    "签约",
    "在建",
    "新建",
    "续建",
    "新开工",
    "开工",
    "竣工",
    "投产",
    "储备",
    "谋划",
    "民生",
    "民心",
    "基础设施",
    "精品",
    "标杆",
    "样板",
    "示范",
    "亿元",
    "万元",
    "一批",
    "一个",
    "多个",
    "各类",
    "有关",
    "相关",
    "其他",
    "其它",
    "建设",
    "发展",
    "一二期",
    "一期",
    "二期",
    "三期",
    "首期",
    "本次",
    "此次",
    "这批",
    "整个",
    "全部",
    "所有",
    "优质",
    "好",
    "大",
    "新",
    "该",
    "此",
    "这",
    "本",
    "各",
    "上述",
    "前述",
    "首批",
    "系列",
    "等",
    "个",
    "类",
    "级",
    "的",
    "省",
    "市",
    "县",
    "区",
    "工业",
    "农业",
    "服务业",
    "文旅",
    "同类",
    "外资",
    "内资",
    "龙头",
    "优势",
    "特色",
    "亿",
    "万",
    "年度",
    "当年",
    "计划",
    "拟",
    "这些",
    "那些",
    "哪些",
    "标志性",
    "省列",
    "市列",
    "县列",
    "省属",
    "市属",
    "控制性",
    "重难点",
    "全线",
    "部分",
    "前期工作",
    "领导联络",
    "层面",
    "前期",
    "突破",
    "强省",
    "强市",
    "强县",
    // How many, not which: 一大批项目落户, 一系列重大工程.
    "一大批",
    "大批",
    "一系列",
    "众多",
    "诸多",
    "若干",
    "一些",
    "许多",
    "大量",
    // Which one by rank, not by name: 全县最大招商引资项目, 首个……项目.
    "最大",
    "首个",
    // The region as a whole, as 全区 is (1-7月自治区重大项目).
    "自治区",
    // 又一重大项目: yet another, not which.
    "又一",
    // Facilities of a kind, not one (建成一批大型文化设施项目).
    "设施",
};

// Words that name a sector, a kind or a batch of projects rather than one project: a name made of
// nothing else (农林水利项目, 社会事业项目, 清洁能源基地, 集中开复工项目, 中德合作项目) is a
// category or an aggregate unless a place, a company or quotes make it one project.
inline constexpr std::string_view kSectorWords[] = {"农林水利",
                                                    "农林",
                                                    "水利",
                                                    "现代农业",
                                                    "农业",
                                                    "林业",
                                                    "牧业",
                                                    "渔业",
                                                    "乡村振兴",
                                                    "社会事业",
                                                    "社会民生",
                                                    "民生改善",
                                                    "民生",
                                                    "生态环保",
                                                    "生态建设",
                                                    "生态",
                                                    "环境保护",
                                                    "环保",
                                                    "环境",
                                                    "清洁能源",
                                                    "新能源",
                                                    "能源",
                                                    "电力",
                                                    "电网",
                                                    "风电",
                                                    "光伏",
                                                    "水电",
                                                    "火电",
                                                    "储能",
                                                    "房地产",
                                                    "地产",
                                                    "综合交通",
                                                    "轨道交通",
                                                    "交通",
                                                    "城市基础设施",
                                                    "基础设施",
                                                    "市政",
                                                    "城建",
                                                    "城市建设",
                                                    "城市更新",
                                                    "产业",
                                                    "工业",
                                                    "商业",
                                                    "商贸",
                                                    "现代服务业",
                                                    "服务业",
                                                    "先进制造业",
                                                    "制造业",
                                                    "高端制造",
                                                    "装备制造",
                                                    "高新技术",
                                                    "高精尖",
                                                    "科技",
                                                    "科创",
                                                    "创新",
                                                    "数字经济",
                                                    "数字",
                                                    "电子信息",
                                                    "信息",
                                                    "生物医药",
                                                    "医药",
                                                    "新材料",
                                                    "化工",
                                                    "冶金",
                                                    "钢铁",
                                                    "汽车",
                                                    "文化",
                                                    "文旅",
                                                    "旅游",
                                                    "体育",
                                                    "教育",
                                                    "医疗",
                                                    "卫生",
                                                    "养老",
                                                    "现代物流",
                                                    "物流",
                                                    "仓储",
                                                    "合作",
                                                    "外资",
                                                    "内资",
                                                    "央企",
                                                    "省属",
                                                    "市属",
                                                    "大型",
                                                    "中型",
                                                    "小型",
                                                    "集中",
                                                    "开复工",
                                                    "复工",
                                                    "新开工",
                                                    "续建",
                                                    "在建",
                                                    "提质升级",
                                                    "提质",
                                                    "升级",
                                                    "创新载体",
                                                    "载体",
                                                    "领域",
                                                    "板块",
                                                    "行业",
                                                    "方面",
                                                    "地区",
                                                    "区域",
                                                    "一般性",
                                                    "百万千瓦级",
                                                    "千万千瓦级",
                                                    "百万吨级",
                                                    "千万吨级",
                                                    "客货运",
                                                    "投资",
                                                    "引资",
                                                    "中德",
                                                    "中外",
                                                    "中美",
                                                    "中欧",
                                                    "中法",
                                                    "中英",
                                                    "中日",
                                                    "中韩",
                                                    "中俄",
                                                    "中新",
                                                    "京津冀",
                                                    "协同发展",
                                                    "高精尖",
                                                    "经济结构",
                                                    "城市功能",
                                                    "战略性新兴产业",
                                                    "新兴产业",
                                                    "未来产业",
                                                    "产业链",
                                                    "延链",
                                                    "强链",
                                                    "补链",
                                                    "一大批",
                                                    "国内",
                                                    "国外",
                                                    "著名",
                                                    "知名",
                                                    "企业",
                                                    "人民币",
                                                    "超",
                                                    "政策性开发性金融工具",
                                                    "金融工具",
                                                    "专项债",
                                                    "调整改造",
                                                    "构建",
                                                    "功能",
                                                    "结构",
                                                    "新基建",
                                                    "新型基础设施",
                                                    "航空航天",
                                                    "活动",
                                                    "发展和改革委员会",
                                                    "改革委员会",
                                                    "委员会",
                                                    "发改委",
                                                    "集成电路",
                                                    "人工智能",
                                                    "大数据",
                                                    "云计算",
                                                    "区块链",
                                                    "新一代信息技术",
                                                    "高端装备",
                                                    "节能环保",
                                                    "大健康",
                                                    "生命健康",
                                                    "纺织",
                                                    "机电",
                                                    "智能制造",
                                                    "补短板",
                                                    "煤炭",
                                                    "油气",
                                                    "绿色经济",
                                                    "城市交通",
                                                    "循环经济",
                                                    "融合"};

// Verbs and adverbs of a clause that no project's name holds: a "name" holding one is the clause
// that runs up to a head word (武汉已连续举办七场重大项目, 随时面临资金链断裂导致项目,
// 也意味着港珠澳 大桥工程).
inline constexpr std::string_view kClauseVerbs[] = {
    "进一步", "完善", "强调", "举办", "连续", "导致", "面临", "随时", "如今", "当时", "刷新",
    "来自", "意味着", "意味著", "已经", "正在", "将要", "继续", "实现了", "完成了", "标志着",
    "成为", "作为", "爆出", "曝出", "传出", "宣布", "签署", "签订", "都有", "兼有", "改善",
    // A question (看看有哪些大项目) names nothing.
    "哪些", "什么", "哪个"};

// Verbs and adverbs of government exhortation that put 项目 in object position (进一步强化抓项目,
// 要锚定项目, 精准破解项目): words before 项目 that hold one are no project's name.
inline constexpr std::string_view kExhortationWords[] = {
    "抓",   "强化", "锚定", "破解", "进一步", "要",   "精准", "着力", "全力", "大力",
    "持续", "加强", "推进", "加快", "优化",   "提升", "做好", "服务", "保障", "落实",
    "围绕", "聚焦", "盯",   "跑",   "谋",     "推动", "狠抓", "实现", "宣布", "活动",
    "投放", "积极", "协调", "建立", "完善",   "促进", "深化", "提高", "扩大", "坚持",
    "力促", "梳理", "记者", "更多", "保证",   "确保",
};

// Determiners that make a bare head refer back to the project just named: 该项目, 项目, 一二期项目.
inline constexpr std::string_view kAnaphorWords[] = {"该",   "此",   "这个",   "这",   "本",
                                                     "上述", "整个", "一二期", "一期", "二期",
                                                     "三期", "首期", "全部"};

// Verbs of building that end many names right before their head: 基站建设项目, 异地新建项目.
inline constexpr std::string_view kNameBuildVerbs[] = {"建设",   "新建", "扩建", "改建",
                                                       "改扩建", "迁建", "续建"};

// Agreement kinds that bring an investment in (a company signing one is a project); 合作协议 and
// 战略合作协议 are not.
inline constexpr std::string_view kInvestmentAgreements[] = {"入园", "投资", "入驻", "落户",
                                                             "项目", "招商", "建设", "进驻"};

// Verbs that introduce the project an agreement is about: 拟建设X, 投资建设X, 将打造X.
inline constexpr std::string_view kBuildVerbs[] = {"建设", "投资", "新建", "打造",
                                                   "实施", "投建", "建成", "布局"};

// Words that mark a company's role in a project within one clause.
inline constexpr std::string_view kOrgRoles[] = {"投资", "建设",     "实施", "承建", "引进",
                                                 "运营", "投建",     "开发", "出资", "主导",
                                                 "牵头", "建设运营", "合资"};

// How the name of a list item ends when it names a project (中信昆仑碳酸锂 need not; 京沪高速铁路,
// 德厚水库, 昭通支线三期 do): a list most of whose items end so is a list of projects.
inline constexpr std::string_view kItemHeads[] = {
    "项目",   "工程",   "基地",     "生产线", "电站",   "电厂",   "热电",   "码头",   "港区",
    "泊位",   "航道",   "高速公路", "高速",   "公路",   "铁路",   "高铁",   "城际",   "专线",
    "机场",   "跑道",   "航站楼",   "水库",   "枢纽",   "大桥",   "隧道",   "通道",   "支线",
    "干线",   "管线",   "管道",     "中心",   "园区",   "产业园", "工业园", "物流园", "科技园",
    "产业城", "医院",   "学校",     "大学",   "学院",   "公园",   "工厂",   "综合体", "小镇",
    "机组",   "平台",   "大楼",     "大厦",   "广场",   "街区",   "社区",   "场馆",   "体育馆",
    "博物馆", "展示馆", "水厂",     "变电站", "改扩建", "扩建",   "扩能",   "扩容",   "改造",
    "一期",   "二期",   "三期",     "四期",   "五期",   "(一期)", "(二期)", "(三期)", "线",
    "段",     "站",     "厂",       "港",     "馆",     "城",     "园",     "路",     "桥",
    "场",     "楼"};

// Nouns after 等 that say the items before it are projects: A、B等一批重大项目, 等6条天然气支线.
inline constexpr std::string_view kListProjectNouns[] = {"项目", "工程", "一批"};

// Words that introduce a list of projects: 分别为A、B, 主要有A、B, 安排A、B等4个重大项目.
inline constexpr std::string_view kListIntroducers[] = {
    "分别为", "分别是", "主要有", "主要包括", "包括", "包含", "涵盖", "安排", "如"};

// Words before a list's first item that are not part of its name: introducers, and the verbs and
// words of plan that state the items' status (新开工A、B, 计划年内A竣工、B通车).
inline constexpr std::string_view kListTriggers[] = {
    "分别为", "分别是", "主要有", "主要包括", "包括", "包含", "涵盖", "涉及", "安排", "如",
    "新开工", "开工建设", "开工", "推进", "计划", "力争", "确保", "年内", "年底前", "今年", "建成",
    "投产", "签约", "启动", "实施",
    // Mass starts and completions before the list (玉林市集中开竣工A项目、B工程等62个项目).
    "开竣工", "开复工",
    // Among a count of projects (追踪统计的131个项目中A、B等27个项目已完工).
    "项目中", "工程中"};

// Bodies that address or report, ending the first line of a notice or a speech (各市县人民政府,
// 我代表市人民政府, 区长……向区委): no project is named so.
inline constexpr std::string_view kAddressedBodies[] = {
    "政府", "管委会", "委员会", "常委会", "代表团", "办公室", "办公厅",
    "省委", "市委",   "县委",   "区委",   "州委",   "党委"};

// Verbs that end reported speech (据省发改委相关人士介绍, 记者从市商务局获悉).
inline constexpr std::string_view kReportingVerbs[] = {"介绍", "表示", "获悉", "了解到"};

// Words before a list that say it lists what one project builds (主要建设内容为A、B), its parts.
// Words that join two lines of business in one name (储能与动力电池项目).
inline constexpr std::string_view kJoiningWords[] = {"和", "与", "及"};

// Words for fields of work after a list's 等 (等领域, 等多个方面, 等行业): the items are fields.
inline constexpr std::string_view kFieldWords[] = {"领域", "方面", "行业", "板块"};

// A facility's own amenities (体育设施包括塑胶跑道、篮球场) are its parts too.
inline constexpr std::string_view kWorksIntroducers[] = {"建设内容", "建设规模", "主要建设",
                                                         "配套设施", "附属设施", "体育设施"};

// Words that 有 opens (有色金属, 有机肥): after 的 they are the start of a name, not 的有 "there
// are".
constexpr std::string_view kWordsOpeningWithYou[] = {"有色", "有机", "有限", "有线",
                                                     "有效", "有关", "有益", "有序"};

// Verbs of visiting: what follows them is what was seen (了解航站楼、飞行区等施工进度), parts of a
// project as often as projects.
inline constexpr std::string_view kVisitVerbs[] = {"了解", "察看", "查看", "考察", "视察",
                                                   "参观", "调研", "观摩", "检查", "听取",
                                                   "走访", "来到", "深入"};

// Words after which the last item of a list without 等 has ended: its status or an adverb of it.
inline constexpr std::string_view kItemEnders[] = {
    "已",   "正在", "正",   "将",   "均",       "全部", "相继", "先后", "顺利",   "即将",
    "加快", "开工", "建成", "竣工", "投产",     "签约", "完成", "开始", "进入",   "启动",
    "稳步", "抓紧", "于",   "在",   "项目建设", "建设", "实现", "获得", "为",     "是",
    "均为", "都是", "属于", "列入", "年内",     "年底", "今年", "明年", "上半年", "下半年"};

// Words no project's name holds but a clause of reporting does: an item holding one is a
// clause, not a name (完成年计划的91%, 实现开工).
inline constexpr std::string_view kClauseWords[] = {"完成", "实现", "推进", "加快", "取得", "超过",
                                                    "达到", "累计", "亿元", "万元", "同比", "增长",
                                                    "计划", "以上", "以来", "导读"};

}  // namespace investtrack::parser::projects_internal
