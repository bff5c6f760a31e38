// Clustering: which mentions of a bulletin name one project (same key, a shorter name inside a
// longer one with the same figures, a brand's short form, an alias it was introduced by). Step 3
// of the projects stage (see projects.cc).
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "projects_internal.h"

namespace investtrack::parser::projects_internal {

namespace {

// The digits of a name, in order: 年产90万吨 and 年产100万吨 name two projects, and 水泥粉磨 says
// too little to be either.
std::string figures_of(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isdigit(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

// A name without its figures and their units: 南山口240万千瓦抽水蓄能 -> 南山口抽水蓄能.
std::string without_figures(std::string_view name) {
  static constexpr std::string_view kUnits[] = {
      "万千瓦时", "万千瓦", "千瓦时", "千瓦", "兆瓦", "吉瓦",   "千伏",     "万吨", "亿吨",
      "吨",       "万台",   "台",     "万套", "套",   "平方米", "万平方米", "米",   "公里",
      "亩",       "万",     "亿",     "GW",   "MW",   "GWh",    "MWh",      "KV",   "kV"};
  std::string out;
  for (std::size_t p = 0; p < name.size();) {
    if (!std::isdigit(static_cast<unsigned char>(name[p]))) {
      out.push_back(name[p++]);
      continue;
    }
    while (p < name.size() && (std::isdigit(static_cast<unsigned char>(name[p])) || name[p] == '.'))
      ++p;
    for (std::string_view unit : kUnits) {
      if (name.substr(p).starts_with(unit)) {
        p += unit.size();
        break;
      }
    }
  }
  return out;
}

bool is_subsequence(std::string_view shorter, std::string_view longer) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < shorter.size();) {
    const std::size_t len = utf8_next(shorter, i) - i;
    const std::size_t at = longer.find(shorter.substr(i, len), j);
    if (at == std::string_view::npos) return false;
    j = at + len;
    i += len;
  }
  return true;
}

}  // namespace

// The company brands a mention carries: its own name's companies, or one tied to it by a role
// verb in its clause (由X公司投资建设的Y).
void Extractor::add_linked_brands(const Mention& m, std::vector<std::string_view>& out) {
  const auto& info = sentences_[m.sentence];
  const std::size_t clause = clause_index(info, m.span.begin);
  for (const auto& org : info.orgs()) {
    const bool in_name = org.span.begin >= m.span.begin && org.span.end <= m.span.end;
    const bool in_role = clause_index(info, org.span.begin) == clause &&
                         org.span.end <= m.span.begin &&
                         has_role_between(info.sentence->text, org.span.end, m.span.begin);
    if (in_name || in_role || !m.agreement_org.empty()) {
      if (!m.agreement_org.empty() && org.name != m.agreement_org) continue;
      const std::string& brand = brand_of_org(org.name);  // in brand_by_org_, which never moves it
      if (!brand.empty()) out.push_back(brand);
    }
  }
}

// X（下称“Y项目”）: Y is found as a mention of its own (its edge taken with the words before
// it); it is X's project under the alias, exactly as introduced.
void Extractor::join_introduced_aliases() {
  for (std::size_t i = 0; i < mentions_.size(); ++i) {
    const Mention& named = mentions_[i];
    if (named.kind != MentionKind::kNamed || named.cluster < 0) continue;
    const std::string_view sentence = sentences_[named.sentence].sentence->text;
    const std::optional<Span> alias = introduced_alias(sentence, named.span.end);
    if (!alias) continue;
    for (std::size_t j = i + 1; j < mentions_.size() && mentions_[j].sentence == named.sentence;
         ++j) {
      Mention& other = mentions_[j];
      if (other.span.begin > alias->end) break;
      if (other.kind != MentionKind::kNamed || other.cluster < 0 || other.cluster == named.cluster)
        continue;
      other.span = *alias;
      other.name = sentence.substr(alias->begin, alias->end - alias->begin);
      const int joined = other.cluster;
      for (Mention& m : mentions_) {
        if (m.cluster == joined) m.cluster = named.cluster;
      }
    }
  }
}

void Extractor::cluster() {
  // What each pair test needs is computed once per mention, not once per pair.
  linked_brands_.begins.reserve(mentions_.size() + 1);
  short_form_brands_.begins.reserve(mentions_.size() + 1);
  pair_traits_.resize(mentions_.size());
  std::unordered_map<std::string_view, int> families;  // head families as small numbers
  for (std::size_t k = 0; k < mentions_.size(); ++k) {
    const Mention& m = mentions_[k];
    if (m.kind == MentionKind::kNamed) {
      add_linked_brands(m, linked_brands_.items);
      add_brands_shortened_by(m, short_form_brands_.items);
      PairTraits& t = pair_traits_[k];
      const std::string_view family = head_family(m.head);
      t.family = families.try_emplace(family, static_cast<int>(families.size())).first->second;
      t.generic_family = family == "项目" || family == "工程";
      t.key_chars = count_chars(m.key);
      t.key_signature = char_signature(m.key);
      t.own_company = has_own_company(m);
      t.figures = figures_of(m.key);
      t.bare_signature =
          t.figures.empty() ? t.key_signature : char_signature(without_figures(m.key));
    }
    linked_brands_.close_list();
    short_form_brands_.close_list();
  }
  DisjointSets sets(mentions_.size());
  // The named mentions with their indices: the pair tests below reach them through pointers,
  // since indexing the deque costs a division each time.
  struct Named {
    std::size_t index;
    Mention* mention;
    int article;
    bool shortens;  // it is a brand's short form (晶科项目), the only tie across articles
    bool linked;    // tied to companies whose brands another name may hold (linked_brands_)
    std::size_t key_size;
    std::uint64_t key_signature;  // PairTraits's, kept here so the pair loop reads one array
    std::uint64_t bare_signature;
  };
  // Whether the pair tests may join the current mention and an earlier one, on what the entries
  // hold: a brand tie (either way), or the shorter key's characters, figures aside, all in the
  // longer key. Both subsequence tests of same_project_in_article() need the latter (the shorter
  // is the earlier one on equal sizes, as there), and so do two phases, which join only on equal
  // keys. Most pairs fail this before their mentions are read.
  const auto may_join = [](const Named& current, const Named& earlier) {
    if (current.shortens || earlier.shortens || current.linked || earlier.linked) return true;
    const bool earlier_shorter = earlier.key_size <= current.key_size;
    const Named& shorter = earlier_shorter ? earlier : current;
    const Named& longer = earlier_shorter ? current : earlier;
    return (shorter.bare_signature & longer.key_signature) == shorter.bare_signature;
  };
  std::vector<Named> named;
  std::unordered_map<std::string_view, std::size_t>
      by_key;  // keys view mentions_, which never moves them
  by_key.reserve(mentions_.size());
  for (auto it = mentions_.begin(); it != mentions_.end(); ++it) {
    const auto i = static_cast<std::size_t>(it - mentions_.begin());
    if (it->joins_next_named) {
      for (auto next = it + 1; next != mentions_.end() && next->sentence == it->sentence; ++next) {
        if (next->kind == MentionKind::kNamed && next->agreement_org.empty()) {
          sets.unite(i, static_cast<std::size_t>(next - mentions_.begin()));
          break;
        }
      }
    }
    if (it->kind != MentionKind::kNamed) continue;
    named.push_back({i, &*it, sentences_[it->sentence].article, !short_form_brands_.of(i).empty(),
                     !linked_brands_.of(i).empty(), it->key.size(), pair_traits_[i].key_signature,
                     pair_traits_[i].bare_signature});
    auto [known, inserted] = by_key.emplace(it->key, i);
    if (!inserted) sets.unite(known->second, i);
  }
  // Pairs of named mentions at most kClusterWindow mentions apart. Only named mentions are
  // visited, and i's set is looked up again only when a pair joined it.
  // Across articles only a brand's short form joins two mentions, so a mention is compared with
  // the earlier ones of its own article and, across, only with short forms: most of a long
  // bulletin's window is other articles. Articles are contiguous in `named`.
  std::vector<std::size_t> shortening;  // positions in `named` of the short forms, in order
  std::size_t article_start = 0;        // position in `named` where the current article starts
  for (std::size_t n = 0; n < named.size(); ++n) {
    const std::size_t i = named[n].index;
    const Mention& mi = *named[n].mention;
    if (n > 0 && named[n].article != named[n - 1].article) article_start = n;
    const std::size_t window_begin = i > kClusterWindow ? i - kClusterWindow : 0;
    const auto last = named.begin() + static_cast<std::ptrdiff_t>(n);
    std::size_t set_of_i = sets.find(i);
    const auto window =
        std::lower_bound(named.begin(), last, window_begin,
                         [](const Named& a, std::size_t index) { return a.index < index; });
    const auto pair_joins = [&](const Named& other) {
      if (!may_join(named[n], other)) return;
      const std::size_t j = other.index;
      const Mention& mj = *other.mention;
      if (sets.find(j) == set_of_i) return;
      const bool same_article = other.article == named[n].article;
      if ((same_article && same_project_in_article(mj, j, mi, i)) ||
          is_brand_short_form(mi, i, mj) || is_brand_short_form(mj, j, mi)) {
        sets.unite(j, i);
        set_of_i = sets.find(i);
      }
    };
    const auto own_article =
        std::max(window, named.begin() + static_cast<std::ptrdiff_t>(article_start));
    if (named[n].shortens) {
      for (auto it = window; it != own_article; ++it) pair_joins(*it);
    } else {
      const auto first_short = std::lower_bound(shortening.begin(), shortening.end(),
                                                static_cast<std::size_t>(window - named.begin()));
      for (auto it = first_short; it != shortening.end() && *it < article_start; ++it)
        pair_joins(named[*it]);
    }
    for (auto it = own_article; it != last; ++it) pair_joins(*it);
    if (named[n].shortens) shortening.push_back(n);
  }
  for (const Named& n : named) n.mention->cluster = static_cast<int>(sets.find(n.index));
}

bool Extractor::same_project_in_article(const Mention& a, std::size_t ia, const Mention& b,
                                        std::size_t ib) const {
  // Two phases of one project are one project (their figures stay apart in phases).
  if (!a.phase.empty() && !b.phase.empty() && a.phase != b.phase) {
    return a.key == b.key;
  }
  // 食品产业园 and 食品加工产业园 in one article: the shorter is the longer one shortened.
  const PairTraits& ta = pair_traits_[ia];
  const PairTraits& tb = pair_traits_[ib];
  // 项目 and 工程 are any project's head: 南山口抽水蓄能项目 and 南山口抽水蓄能电站 may be one.
  if ((ta.family == tb.family || ta.generic_family || tb.generic_family) &&
      a.agreement_org.empty() && b.agreement_org.empty() && !ta.own_company && !tb.own_company) {
    const bool a_shorter = a.key.size() <= b.key.size();
    const PairTraits& ts = a_shorter ? ta : tb;
    const PairTraits& tl = a_shorter ? tb : ta;
    const std::string& shorter = a_shorter ? a.key : b.key;
    const std::string& longer = a_shorter ? b.key : a.key;
    // A key holding a character the other lacks is no subsequence of it: one mask test settles
    // most pairs before the walk.
    // Figures tell projects apart (年产90万吨 / 年产100万吨); a name without figures is the
    // same project as one with them only when it is specific enough on its own (格尔木南山口
    // 抽水蓄能电站, not 水泥粉磨).
    constexpr std::size_t kMinFigurelessChars = 6;
    const std::string& shorter_figures = ts.figures;
    const std::string& longer_figures = tl.figures;
    const bool figures_agree = shorter_figures == longer_figures ||
                               (shorter_figures.empty() && ts.key_chars >= kMinFigurelessChars);
    if (figures_agree && ts.key_chars >= 4 &&
        (ts.key_signature & tl.key_signature) == ts.key_signature &&
        is_subsequence(shorter, longer)) {
      return true;
    }
    // The longer name without figures, the shorter with them (国家清洁能源产业高地格尔木南山口
    // 抽水蓄能电站 / 南山口240万千瓦抽水蓄能): the same when the figure and its unit are all the
    // shorter one adds.
    if (longer_figures.empty() && !shorter_figures.empty() && tl.key_chars >= kMinFigurelessChars &&
        (ts.bare_signature & tl.key_signature) == ts.bare_signature) {
      const std::string bare = without_figures(shorter);
      if (count_chars(bare) >= 4 && is_subsequence(bare, longer)) return true;
    }
  }
  // A project tied to a company whose brand is in the other project's name.
  for (const auto brand : linked_brands_.of(ib)) {
    if (find_word(a.name, brand) != std::string::npos) return true;
  }
  for (const auto brand : linked_brands_.of(ia)) {
    if (find_word(b.name, brand) != std::string::npos) return true;
  }
  return false;
}

bool Extractor::has_own_company(const Mention& m) const {
  const auto& info = sentences_[m.sentence];
  return std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& o) {
    return o.span.begin >= m.span.begin && o.span.end <= m.span.end;
  });
}

// 晶科项目 / 晶科能源项目 (a brand and a head, nothing else) after 晶科能源“……项目”.
// The brands a mention is a short form of: 晶科项目 (a brand's start and a head, nothing else).
void Extractor::add_brands_shortened_by(const Mention& m,
                                        std::vector<std::string_view>& out) const {
  if (!m.phase.empty()) return;
  std::string core = m.key;
  for (std::string_view tail : {"项目", "工程", "基地"}) {
    if (core.ends_with(tail)) core.resize(core.size() - tail.size());
  }
  if (count_chars(core) < 2) return;
  for (const auto& brand : brands_) {
    if (brand.text.starts_with(core)) out.push_back(brand.text);
  }
}

// 晶科项目 / 晶科能源项目 after 晶科能源“……项目”.
bool Extractor::is_brand_short_form(const Mention& shortform, std::size_t shortform_index,
                                    const Mention& full) const {
  if (shortform.key.size() >= full.key.size()) return false;
  for (std::string_view brand : short_form_brands_.of(shortform_index)) {
    if (find_word(full.name, brand) != std::string::npos) return true;
  }
  return false;
}

}  // namespace investtrack::parser::projects_internal
