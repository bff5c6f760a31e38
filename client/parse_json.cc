#include "parse_json.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <string_view>
#include <system_error>

#include "investtrack/parser_proto/convert.h"
#include "investtrack/v1/project.pb.h"

namespace investtrack::client {
namespace {

// What a byte starts, for the escaping loop: most bytes of a bulletin start a character that is
// copied as it is (ASCII, or a three-byte character of the CJK blocks), and only those are tested
// in the tight loop.
enum ByteClass : std::uint8_t {
  kPlain,        // printable ASCII protobuf does not escape
  kAsciiEscape,  // ASCII protobuf escapes: controls, DEL, ", \, <, >
  kPlainLead,    // E3..EC, EE: a three-byte character none of whose code points protobuf escapes
  kOther,        // any other lead or a stray byte: decoded and checked on its own
};

constexpr std::array<ByteClass, 256> kByteClasses = [] {
  std::array<ByteClass, 256> classes{};
  for (std::size_t c = 0; c < 256; ++c) {
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\' || c == '<' || c == '>') {
      classes[c] = kAsciiEscape;
    } else if (c < 0x80) {
      classes[c] = kPlain;
    } else if ((c >= 0xE3 && c <= 0xEC) || c == 0xEE) {
      // U+3000..U+CFFF and U+E000..U+EFFF: protobuf's list of escaped code points has none there.
      classes[c] = kPlainLead;
    } else {
      classes[c] = kOther;
    }
  }
  return classes;
}();

constexpr char kHex[] = "0123456789abcdef";

void append_u_escape(std::string& out, std::uint32_t unit) {
  const char escaped[6] = {'\\',
                           'u',
                           kHex[(unit >> 12) & 0xF],
                           kHex[(unit >> 8) & 0xF],
                           kHex[(unit >> 4) & 0xF],
                           kHex[unit & 0xF]};
  out.append(escaped, sizeof escaped);
}

// protobuf's JsonEscaping for an ASCII byte it escapes.
void append_ascii_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\r':
      out += "\\r";
      return;
    default:
      append_u_escape(out, c);
      return;  // other controls, DEL, < and >
  }
}

// The code points at or above U+00A0 that protobuf's JsonEscaping writes as \u escapes (not
// required by JSON; it does so against JavaScript security bugs). Below U+00A0 it escapes the
// C0 and C1 controls, DEL and the ASCII bytes of append_ascii_escape().
bool protobuf_escapes(std::uint32_t cp) {
  if (cp < 0xA0)
    return cp >= 0x7F || cp < 0x20 || cp == '"' || cp == '\\' || cp == '<' || cp == '>';
  switch (cp) {
    case 0xFEFF:
    case 0xFFF9:
    case 0xFFFA:
    case 0xFFFB:
    case 0x00AD:
    case 0x06DD:
    case 0x070F:
    case 0x17B4:
    case 0x17B5:
      return true;
    default:
      break;
  }
  return (cp >= 0x0600 && cp <= 0x0603) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206A && cp <= 0x206F) || cp == 0xE0001 || (cp >= 0x1D173 && cp <= 0x1D17A) ||
         (cp >= 0xE0020 && cp <= 0xE007F);
}

// The well-formed UTF-8 sequence at p (Unicode Table 3-7), or length 0.
struct Decoded {
  std::uint32_t cp = 0;
  std::size_t length = 0;
};
Decoded decode_at(const unsigned char* p, std::size_t left) {
  const unsigned c = p[0];
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return k < left && p[k] >= lo && p[k] <= hi;
  };
  if (c < 0x80) return {c, 1};
  if (c >= 0xC2 && c <= 0xDF) {
    if (!cont(1)) return {};
    return {((c & 0x1FU) << 6) | (p[1] & 0x3FU), 2};
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) || !cont(2)) return {};
    return {((c & 0x0FU) << 12) | ((p[1] & 0x3FU) << 6) | (p[2] & 0x3FU), 3};
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) || !cont(2) || !cont(3))
      return {};
    return {((c & 0x07U) << 18) | ((p[1] & 0x3FU) << 12) | ((p[2] & 0x3FU) << 6) | (p[3] & 0x3FU),
            4};
  }
  return {};
}

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  // A writer that continues output written elsewhere: `after_value` says whether a field or an
  // element came before at the level it starts in (then the next one is preceded by a comma).
  JsonWriter(std::string& out, bool after_value) : out_(out), first_(!after_value) {}

  bool ok() const { return ok_; }

  void begin_object() {
    out_ += '{';
    first_ = true;
  }
  void end_object() {
    out_ += '}';
    first_ = false;
  }
  void begin_array(std::string_view name) {
    key(name);
    out_ += '[';
    first_ = true;
  }
  void end_array() {
    out_ += ']';
    first_ = false;
  }
  // Starts an element of an array.
  void element() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;  // field names are plain ASCII
    out_ += "\":";
  }

  // Proto3 scalars: printed only when not the default.
  void string_field(std::string_view name, const std::string& value) {
    if (value.empty()) return;
    key(name);
    string_value(value);
  }
  void int32_field(std::string_view name, std::int32_t value) {
    if (value == 0) return;
    key(name);
    number(static_cast<long long>(value));
  }
  // int64 and uint64 are printed as JSON strings.
  void int64_field(std::string_view name, std::int64_t value) {
    if (value == 0) return;
    key(name);
    out_ += '"';
    number(static_cast<long long>(value));
    out_ += '"';
  }
  void uint64_field(std::string_view name, std::uint64_t value) {
    if (value == 0) return;
    key(name);
    char buffer[24];
    const int n =
        std::snprintf(buffer, sizeof buffer, "\"%llu\"", static_cast<unsigned long long>(value));
    out_.append(buffer, static_cast<std::size_t>(n));
  }
  void bool_field(std::string_view name, bool value) {
    if (!value) return;
    key(name);
    out_ += "true";
  }
  void enum_field(std::string_view name, int value, const std::string& value_name) {
    if (value == 0) return;
    key(name);
    out_ += '"';
    out_ += value_name;
    out_ += '"';
  }
  // A double is left out when its bits are zero (-0.0 is printed), as the generated serializer
  // does.
  void double_field(std::string_view name, double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    if (bits == 0) return;
    key(name);
    if (std::isnan(value)) {
      out_ += "\"NaN\"";
    } else if (std::isinf(value)) {
      out_ += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
      simple_dtoa(value);
    }
  }

  // A JSON string escaped as protobuf's JsonEscaping does. A string that is not well-formed UTF-8
  // makes the whole output unusable (ok() turns false).
  void string_value(std::string_view s) {
    out_ += '"';
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t run = 0;  // start of the bytes copied as they are
    std::size_t i = 0;
    while (i < n) {
      const ByteClass c = kByteClasses[p[i]];
      if (c == kPlain) {
        ++i;
        continue;
      }
      if (c == kPlainLead && n - i >= 3 && ((p[i + 1] ^ 0x80U) | (p[i + 2] ^ 0x80U)) < 0x40) {
        i += 3;
        continue;
      }
      if (c == kAsciiEscape) {
        out_.append(s.data() + run, i - run);
        append_ascii_escape(out_, p[i]);
        run = ++i;
        continue;
      }
      const Decoded d = decode_at(p + i, n - i);
      if (d.length == 0) {
        ok_ = false;
        return;
      }
      if (protobuf_escapes(d.cp)) {
        // Code points above the BMP are written as their UTF-16 surrogate pair.
        out_.append(s.data() + run, i - run);
        if (d.cp >= 0x10000) {
          const std::uint32_t v = d.cp - 0x10000;
          append_u_escape(out_, 0xD800 + (v >> 10));
          append_u_escape(out_, 0xDC00 + (v & 0x3FF));
        } else {
          append_u_escape(out_, d.cp);
        }
        run = i + d.length;
      }
      i += d.length;
    }
    out_.append(s.data() + run, n - run);
    out_ += '"';
  }

 private:
  void number(long long value) {
    char buffer[24];
    const int n = std::snprintf(buffer, sizeof buffer, "%lld", value);
    out_.append(buffer, static_cast<std::size_t>(n));
  }

  // protobuf's SimpleDtoa: 15 significant digits, or 17 when 15 do not read back the same value.
  void simple_dtoa(double value) {
    char buffer[32];
    int n = std::snprintf(buffer, sizeof buffer, "%.*g", 15, value);
    if (std::strtod(buffer, nullptr) != value)
      n = std::snprintf(buffer, sizeof buffer, "%.*g", 17, value);
    out_.append(buffer, static_cast<std::size_t>(n));
  }

  std::string& out_;
  bool first_ = true;
  bool ok_ = true;
};

void write_civil_date(JsonWriter& w, const v1::CivilDate& date) {
  w.begin_object();
  w.int32_field("year", date.year());
  w.int32_field("month", date.month());
  w.int32_field("day", date.day());
  w.end_object();
}

void write_money(JsonWriter& w, const v1::Money& money) {
  w.begin_object();
  w.string_field("currency_code", money.currency_code());
  w.int64_field("units", money.units());
  w.int32_field("nanos", money.nanos());
  w.end_object();
}

void write_amount(JsonWriter& w, const v1::Amount& amount) {
  w.begin_object();
  w.enum_field("kind", amount.kind(), v1::AmountKind_Name(amount.kind()));
  if (amount.has_low()) {
    w.key("low");
    write_money(w, amount.low());
  }
  if (amount.has_high()) {
    w.key("high");
    write_money(w, amount.high());
  }
  w.enum_field("qualifier", amount.qualifier(), v1::AmountQualifier_Name(amount.qualifier()));
  w.string_field("text", amount.text());
  w.end_object();
}

void write_quantity(JsonWriter& w, const v1::Quantity& quantity) {
  w.begin_object();
  w.double_field("value", quantity.value());
  w.string_field("unit", quantity.unit());
  w.string_field("text", quantity.text());
  w.end_object();
}

template <typename List, typename WriteItem>
void write_list(JsonWriter& w, std::string_view name, const List& list, WriteItem write_item) {
  if (list.empty()) return;
  w.begin_array(name);
  for (const auto& item : list) {
    w.element();
    write_item(item);
  }
  w.end_array();
}

void write_strings(JsonWriter& w, std::string_view name,
                   const google::protobuf::RepeatedPtrField<std::string>& list) {
  write_list(w, name, list, [&](const std::string& s) { w.string_value(s); });
}

void write_project(JsonWriter& w, const v1::Project& project) {
  w.begin_object();
  w.string_field("name", project.name());
  w.string_field("display_name", project.display_name());
  write_strings(w, "aliases", project.aliases());
  write_strings(w, "organizations", project.organizations());
  if (project.has_location()) {
    const auto& location = project.location();
    w.key("location");
    w.begin_object();
    w.string_field("province", location.province());
    w.string_field("city", location.city());
    w.string_field("county", location.county());
    w.string_field("zone", location.zone());
    w.string_field("division_code", location.division_code());
    w.end_object();
  }
  w.string_field("industry", project.industry());
  write_list(w, "capacities", project.capacities(),
             [&](const v1::Quantity& q) { write_quantity(w, q); });
  if (project.has_total_investment()) {
    w.key("total_investment");
    write_money(w, project.total_investment());
  }
  if (project.has_total_investment_amount()) {
    w.key("total_investment_amount");
    write_amount(w, project.total_investment_amount());
  }
  write_list(w, "amounts", project.amounts(), [&](const v1::Amount& a) { write_amount(w, a); });
  if (project.has_floor_area()) {
    w.key("floor_area");
    write_quantity(w, project.floor_area());
  }
  if (project.has_land_area()) {
    w.key("land_area");
    write_quantity(w, project.land_area());
  }
  w.enum_field("status", project.status(), v1::ProjectStatus_Name(project.status()));
  w.string_field("status_phrase", project.status_phrase());
  w.bool_field("ceremony", project.ceremony());
  write_list(w, "key_dates", project.key_dates(), [&](const v1::KeyDate& kd) {
    w.begin_object();
    w.string_field("kind", kd.kind());
    if (kd.has_date()) {
      w.key("date");
      write_civil_date(w, kd.date());
    }
    w.end_object();
  });
  w.string_field("level", project.level());
  write_list(w, "phases", project.phases(), [&](const v1::Phase& phase) {
    w.begin_object();
    w.string_field("name", phase.name());
    w.enum_field("status", phase.status(), v1::ProjectStatus_Name(phase.status()));
    write_list(w, "capacities", phase.capacities(),
               [&](const v1::Quantity& q) { write_quantity(w, q); });
    if (phase.has_total_investment()) {
      w.key("total_investment");
      write_amount(w, phase.total_investment());
    }
    w.end_object();
  });
  w.string_field("project_code", project.project_code());
  write_list(w, "evidence", project.evidence(), [&](const v1::Evidence& e) {
    w.begin_object();
    w.string_field("field", e.field());
    w.string_field("sentence", e.sentence());
    w.uint64_field("begin_offset", e.begin_offset());
    w.uint64_field("end_offset", e.end_offset());
    w.end_object();
  });
  w.string_field("etag", project.etag());
  // Fields 22..24 (timestamps) are never set by the parser; append_parse_result_json() refuses
  // a result that has them.
  w.int32_field("article_index", project.article_index());
  w.end_object();
}

void write_article(JsonWriter& w, const v1::Article& article) {
  w.begin_object();
  w.string_field("title", article.title());
  w.string_field("lead", article.lead());
  w.string_field("byline", article.byline());
  if (article.has_date()) {
    w.key("date");
    write_civil_date(w, article.date());
  }
  write_strings(w, "paragraphs", article.paragraphs());
  write_strings(w, "captions", article.captions());
  w.end_object();
}

void write_warning(JsonWriter& w, const v1::ParseWarning& warning) {
  w.begin_object();
  w.string_field("code", warning.code());
  w.string_field("message", warning.message());
  w.uint64_field("offset", warning.offset());
  w.end_object();
}

// The fields before the articles: source, encoding, base date.
void write_envelope_head(JsonWriter& w, const v1::ParseResult& result) {
  w.string_field("source", result.source());
  w.string_field("encoding", result.encoding());
  if (result.has_base_date()) {
    w.key("base_date");
    write_civil_date(w, result.base_date());
  }
}

// Whether every field set in result is one this writer prints (the parser's results set no
// timestamps and carry no unknown fields).
bool writer_covers(const v1::ParseResult& result) {
  for (const auto& project : result.projects()) {
    if (project.has_create_time() || project.has_update_time() || project.has_delete_time())
      return false;
  }
  return true;
}

// The article and project lists of a parser result as one sequence of items, articles first, each
// converted to its message only when written: converting the whole result first would hold every
// paragraph twice and free it all at the end on one thread.
class ResultItems {
 public:
  explicit ResultItems(const parser::ParseResult& result)
      : ResultItems(result.articles, result.projects) {}
  ResultItems(const std::vector<parser::Article>& articles,
              const std::vector<parser::Project>& projects)
      : articles_(articles), projects_(projects) {}

  std::size_t size() const { return articles_.size() + projects_.size(); }
  bool empty() const { return size() == 0; }

  // About how many bytes of JSON item k makes: its text, which is most of what is printed.
  std::size_t weight(std::size_t k) const {
    constexpr std::size_t kFields = 64;  // field names and the short fields
    if (k < articles_.size()) {
      const parser::Span span = articles_[k].span;
      return kFields + (span.end > span.begin ? span.end - span.begin : 0);
    }
    std::size_t bytes = kFields;
    for (const auto& evidence : projects_[k - articles_.size()].evidence) {
      bytes += evidence.sentence.size() + kFields;
    }
    return bytes;
  }

  std::size_t weight_of(std::size_t begin, std::size_t end) const {
    std::size_t bytes = 0;
    for (std::size_t k = begin; k < end; ++k) bytes += weight(k);
    return bytes;
  }

  // Writes items [begin, end) with the brackets of their lists that fall in the range: "articles"
  // opens before article 0 and closes after the last one, and the same for "projects".
  void write(JsonWriter& w, std::size_t begin, std::size_t end) const {
    const std::size_t articles = articles_.size();
    const std::size_t projects = projects_.size();
    for (std::size_t k = begin; k < end; ++k) {
      if (k < articles) {
        if (k == 0) w.begin_array("articles");
        w.element();
        write_article(w, parser_proto::to_proto(articles_[k]));
        if (k + 1 == articles) w.end_array();
      } else {
        const std::size_t p = k - articles;
        if (p == 0) w.begin_array("projects");
        w.element();
        write_project(w, parser_proto::to_proto(projects_[p]));
        if (p + 1 == projects) w.end_array();
      }
    }
  }

 private:
  const std::vector<parser::Article>& articles_;
  const std::vector<parser::Project>& projects_;
};

// Below this much output the JSON is written on the calling thread alone: a thread costs more
// than it saves.
constexpr std::size_t kTwoThreadsFromBytes = 64 << 10;
// With two threads, the items are written in runs of about this many bytes, taken in turn by
// whichever thread is free: an article and a project of the same size do not cost the same.
constexpr std::size_t kRunBytes = 256 << 10;

}  // namespace

bool append_parse_result_json(const v1::ParseResult& result, std::string& out) {
  if (!writer_covers(result)) return false;
  const std::size_t original_size = out.size();
  JsonWriter w(out);
  w.begin_object();
  write_envelope_head(w, result);
  write_list(w, "articles", result.articles(),
             [&](const v1::Article& article) { write_article(w, article); });
  write_list(w, "projects", result.projects(),
             [&](const v1::Project& project) { write_project(w, project); });
  write_list(w, "warnings", result.warnings(),
             [&](const v1::ParseWarning& warning) { write_warning(w, warning); });
  w.end_object();
  if (!w.ok()) {
    out.resize(original_size);
    return false;
  }
  return true;
}

void ArticlesWrittenAhead::write(const std::vector<parser::Article>& articles,
                                 const std::function<bool()>& stop) {
  static const std::vector<parser::Project> kNoProjects;
  const ResultItems items(articles,
                          kNoProjects);  // the brackets of "articles" as in the whole result
  while (articles_ < articles.size() && !stop()) {
    std::size_t end = articles_;
    for (std::size_t bytes = 0; end < articles.size() && bytes < kRunBytes; ++end)
      bytes += items.weight(end);
    std::string out;
    out.reserve(items.weight_of(articles_, end) + (kRunBytes >> 3));
    // The envelope's head always prints a field (base_date is always set), so the first article
    // follows one, like every later one; write_parse_result_json() checks it.
    JsonWriter w(out, true);
    items.write(w, articles_, end);
    ok_ = ok_ && w.ok();
    runs_.push_back(std::move(out));
    articles_ = end;
  }
}

bool write_parse_result_json(const parser::ParseResult& result, const parser::ParseOptions& options,
                             std::vector<std::string>& parts, ArticlesWrittenAhead* ahead) {
  // to_proto() sets no timestamps, so writer_covers() holds for every piece.
  const v1::ParseResult envelope = parser_proto::to_proto_envelope(result, options);
  const ResultItems items(result);
  std::vector<std::string> written(1);  // the head, the runs, the tail
  JsonWriter head(written.front());
  head.begin_object();
  write_envelope_head(head, envelope);
  // What follows the head comes after one of its fields, if it printed any.
  const bool head_has_field = written.front().size() > 1;
  // The articles written ahead, written as following a field, are used only if the head printed
  // one.
  std::size_t first = 0;  // the first item left to write
  if (ahead != nullptr && head_has_field && ahead->articles_ <= result.articles.size()) {
    if (!ahead->ok_) return false;
    first = ahead->articles_;
    for (auto& run : ahead->runs_) written.push_back(std::move(run));
    ahead->runs_.clear();
  }
  // Runs of the other items: [runs[r], runs[r + 1]). One run on one thread; with two, runs of about
  // kRunBytes, each written into its own part.
  std::vector<std::size_t> runs{first};
  std::size_t total = 0;
  for (std::size_t k = first; k < items.size(); ++k) total += items.weight(k);
  const bool parallel = options.threads >= 2 && total >= kTwoThreadsFromBytes;
  if (parallel) {
    std::size_t bytes = 0;
    for (std::size_t k = first; k < items.size(); ++k) {
      bytes += items.weight(k);
      if (bytes >= kRunBytes && k + 1 < items.size()) {
        runs.push_back(k + 1);
        bytes = 0;
      }
    }
  }
  runs.push_back(items.size());
  const std::size_t run_count = runs.size() - 1;

  const std::size_t runs_at = written.size();  // where these runs go in written
  written.resize(runs_at + run_count + 1);
  std::vector<char> run_ok(run_count, 1);
  std::atomic<std::size_t> next_run{0};
  auto write_runs = [&] {
    for (std::size_t r = next_run++; r < run_count; r = next_run++) {
      std::string& out = written[runs_at + r];
      out.reserve(items.weight_of(runs[r], runs[r + 1]) + (kRunBytes >> 3));
      JsonWriter w(out, head_has_field || runs[r] > 0);
      items.write(w, runs[r], runs[r + 1]);
      run_ok[r] = w.ok() ? 1 : 0;
    }
  };
  std::future<void> second_done;
  if (parallel && run_count > 1) {
    try {
      second_done = std::async(std::launch::async, write_runs);
    } catch (const std::system_error&) {
      // No thread to be had: this thread writes every run.
    }
  }
  write_runs();
  if (second_done.valid()) second_done.get();
  JsonWriter tail(written.back(), head_has_field || !items.empty());
  write_list(tail, "warnings", envelope.warnings(),
             [&](const v1::ParseWarning& warning) { write_warning(tail, warning); });
  tail.end_object();
  if (!head.ok() || !tail.ok() || std::find(run_ok.begin(), run_ok.end(), 0) != run_ok.end())
    return false;
  for (auto& part : written) parts.push_back(std::move(part));
  return true;
}

}  // namespace investtrack::client
