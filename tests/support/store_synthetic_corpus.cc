#include "store_synthetic_corpus.h"

#include <algorithm>
#include <random>
#include <set>

namespace investtrack::bench {
namespace {

struct Place {
  const char* province_short;  // as company names start: 山西, 河南, ...
  const char* city;
  const char* county;
};

// Real county-level divisions with their real prefecture cities, from several provinces, so the
// parser's place tables resolve them as they would in real bulletins.
const std::vector<Place>& places() {
  static const std::vector<Place> kPlaces = {
      {"山西", "长治市", "武乡县"}, {"山西", "长治市", "襄垣县"}, {"山西", "长治市", "沁县"},
      {"山西", "晋中市", "榆次区"}, {"山西", "晋中市", "太谷区"}, {"山西", "晋中市", "寿阳县"},
      {"山西", "晋中市", "平遥县"}, {"山西", "大同市", "阳高县"}, {"山西", "运城市", "盐湖区"},
      {"山西", "运城市", "永济市"}, {"山西", "忻州市", "原平市"}, {"山西", "忻州市", "定襄县"},
      {"山西", "吕梁市", "孝义市"}, {"山西", "临汾市", "洪洞县"}, {"山西", "朔州市", "怀仁市"},
      {"河南", "郑州市", "中牟县"}, {"河南", "洛阳市", "偃师区"}, {"河南", "新乡市", "长垣市"},
      {"河南", "许昌市", "长葛市"}, {"江苏", "苏州市", "昆山市"}, {"江苏", "盐城市", "射阳县"},
      {"江苏", "徐州市", "沛县"},   {"江苏", "南通市", "如东县"}, {"安徽", "合肥市", "肥西县"},
      {"安徽", "阜阳市", "界首市"}, {"安徽", "滁州市", "天长市"}, {"四川", "宜宾市", "叙州区"},
      {"四川", "眉山市", "彭山区"}, {"湖北", "襄阳市", "谷城县"}, {"湖北", "宜昌市", "枝江市"},
      {"陕西", "榆林市", "神木市"}, {"山东", "潍坊市", "寿光市"}, {"山东", "临沂市", "沂水县"},
  };
  return kPlaces;
}

struct Product {
  const char* words;
  const char* capacity_unit;  // empty: the name carries no capacity
  int capacity_step;
  const char* industry_word;  // for the owner's company name
};

const std::vector<Product>& products() {
  static const std::vector<Product> kProducts = {
      {"玉米深加工项目", "万吨", 5, "食品"},
      {"光伏组件生产基地项目", "GW", 2, "新能源"},
      {"锂电池负极材料项目", "万吨", 3, "新材料"},
      {"新能源汽车零部件项目", "万套", 10, "汽车零部件"},
      {"中药材精深加工项目", "吨", 500, "生物科技"},
      {"肉牛屠宰加工项目", "万头", 2, "农业发展"},
      {"再生铝项目", "万吨", 10, "金属材料"},
      {"绿色建材产业园项目", "万平方米", 50, "建材"},
      {"冷链物流中心项目", "", 0, "物流"},
      {"大数据中心项目", "", 0, "数据科技"},
      {"抽水蓄能电站项目", "", 0, "能源"},
      {"生物医药产业园项目", "", 0, "医药"},
      {"智能制造产业园项目", "", 0, "装备制造"},
      {"文旅康养小镇项目", "", 0, "文化旅游"},
      {"风电装备制造基地项目", "", 0, "风电装备"},
      {"氢能装备生产线项目", "", 0, "氢能科技"},
  };
  return kProducts;
}

const std::vector<const char*>& brands() {
  static const std::vector<const char*> kBrands = {"华晟", "中晶", "金鼎", "瑞丰", "宏达", "天润",
                                                   "鑫源", "恒通", "国昇", "蓝海", "盛泰", "远航",
                                                   "正弘", "嘉禾", "德润", "汇川"};
  return kBrands;
}

const std::vector<const char*>& company_forms() {
  static const std::vector<const char*> kForms = {"有限公司", "股份有限公司", "集团有限公司"};
  return kForms;
}

// Sentences with no project in them, as bulletins have between the facts.
const std::vector<const char*>& fillers() {
  static const std::vector<const char*> kFillers = {
      "各级各部门要强化要素保障，持续优化营商环境。",
      "会议要求压实工作责任，加快形成更多实物工作量。",
      "相关负责人表示，将全力做好用地、用能、融资等服务。",
      "下一步，当地将坚持项目为王，推动高质量发展。",
      "现场施工人员紧张有序，各类机械设备往来穿梭。",
      "该县持续深化“放管服”改革，为企业提供全流程代办服务。",
  };
  return kFillers;
}

struct ProjectSpec {
  std::string name;
  std::string company;
  std::string county;
};

std::vector<ProjectSpec> project_pool(std::size_t count, std::mt19937& random) {
  std::vector<ProjectSpec> pool;
  std::set<std::string> seen;
  const auto& all_places = places();
  const auto& all_products = products();
  const auto& all_brands = brands();
  std::uniform_int_distribution<std::size_t> form(0, company_forms().size() - 1);
  // Mixed radix over place, product and brand, then a growing capacity, so names are distinct
  // by construction while every component varies.
  for (std::size_t i = 0; pool.size() < count; ++i) {
    const Place& place = all_places[i % all_places.size()];
    const std::size_t rest = i / all_places.size();
    const Product& product = all_products[rest % all_products.size()];
    const std::size_t rest2 = rest / all_products.size();
    const char* brand = all_brands[rest2 % all_brands.size()];
    const std::size_t round = rest2 / all_brands.size();
    std::string name = std::string(place.county) + brand;
    if (*product.capacity_unit != '\0') {
      name += "年产" + std::to_string(product.capacity_step * static_cast<int>(1 + round % 9)) +
              product.capacity_unit;
    } else if (round > 0) {
      name += std::to_string(round + 1) + "号";
    }
    name += product.words;
    if (!seen.insert(name).second) continue;
    ProjectSpec spec;
    spec.name = std::move(name);
    spec.company = std::string(place.province_short) + brand + product.industry_word +
                   company_forms()[form(random)];
    spec.county = place.county;
    pool.push_back(std::move(spec));
  }
  return pool;
}

std::string amount_text(std::mt19937& random) {
  std::uniform_int_distribution<int> kind(0, 3);
  if (kind(random) == 0) {
    std::uniform_int_distribution<int> wan(12, 98);
    return std::to_string(wan(random) * 100) + "万元";
  }
  std::uniform_int_distribution<int> tenths(5, 999);
  const int value = tenths(random);
  return std::to_string(value / 10) + (value % 10 != 0 ? "." + std::to_string(value % 10) : "") +
         "亿元";
}

std::string mention_sentence(const ProjectSpec& project, int month, int day, std::mt19937& random) {
  const std::string quoted = "“" + project.name + "”";
  const std::string m = std::to_string(month);
  const std::string d = std::to_string(day);
  std::uniform_int_distribution<int> stage(0, 5);
  switch (stage(random)) {
    case 0:
      return project.county + "正在谋划" + quoted + "，计划总投资" + amount_text(random) + "。";
    case 1:
      return m + "月" + d + "日，" + project.county + "与" + project.company + "正式签约" + quoted +
             "，项目总投资" + amount_text(random) + "。";
    case 2:
      return project.company + "投资建设的" + quoted +
             "已完成立项备案和环评批复，正在办理施工许可。";
    case 3:
      return m + "月" + d + "日，" + project.company + "投资的" + quoted +
             "正式开工建设，项目总投资" + amount_text(random) + "。";
    case 4:
      return "由" + project.company + "建设的" + quoted + "已于" + m + "月" + d +
             "日竣工验收，总投资" + amount_text(random) + "。";
    default:
      return project.company + quoted + "已于" + m + "月正式投产，项目总投资" +
             amount_text(random) + "。";
  }
}

}  // namespace

std::vector<SyntheticBulletin> synthetic_corpus(const SyntheticCorpusOptions& options) {
  std::mt19937 random(options.seed);
  const std::vector<ProjectSpec> pool = project_pool(options.distinct_projects, random);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<std::size_t> how_many(options.min_projects_per_bulletin,
                                                      options.max_projects_per_bulletin);
  std::uniform_int_distribution<int> year(2023, 2024);
  std::uniform_int_distribution<int> month(1, 12);
  std::uniform_int_distribution<int> day(1, 28);
  std::uniform_int_distribution<std::size_t> filler(0, fillers().size() - 1);
  const std::vector<const char*> sources = {"山西日报", "项目建设简报", "发展改革动态",
                                            "投资促进快讯"};

  std::vector<SyntheticBulletin> corpus;
  corpus.reserve(options.bulletins);
  for (std::size_t b = 0; b < options.bulletins; ++b) {
    SyntheticBulletin bulletin;
    bulletin.source = sources[b % sources.size()];
    bulletin.date = {year(random), month(random), day(random)};
    // The issue number makes every bulletin's bytes (and content hash) distinct.
    std::string text = bulletin.source + "（第" + std::to_string(b + 1) + "期）\n" +
                       std::to_string(bulletin.date.year) + "年" +
                       std::to_string(bulletin.date.month) + "月" +
                       std::to_string(bulletin.date.day) + "日\n\n重点项目建设动态\n\n";
    const std::size_t mentions = how_many(random);
    std::set<std::size_t> chosen;
    while (chosen.size() < mentions) chosen.insert(pick(random));
    for (const std::size_t index : chosen) {
      const int mention_day = std::min(bulletin.date.day, day(random));
      text += mention_sentence(pool[index], bulletin.date.month, mention_day, random);
      text += fillers()[filler(random)];
      text += "\n\n";
    }
    bulletin.text = std::move(text);
    corpus.push_back(std::move(bulletin));
  }
  return corpus;
}

}  // namespace investtrack::bench
