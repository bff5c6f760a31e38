#include "investtrack/parser_proto/convert.h"

namespace investtrack::parser_proto {
namespace {

v1::AmountKind to_proto(parser::AmountKind kind) {
  switch (kind) {
    case parser::AmountKind::kOther:
      return v1::AMOUNT_KIND_OTHER;
    case parser::AmountKind::kTotalInvestment:
      return v1::AMOUNT_KIND_TOTAL_INVESTMENT;
    case parser::AmountKind::kAnnualInvestment:
      return v1::AMOUNT_KIND_ANNUAL_INVESTMENT;
    case parser::AmountKind::kCompletedInvestment:
      return v1::AMOUNT_KIND_COMPLETED_INVESTMENT;
    case parser::AmountKind::kAnnualOutput:
      return v1::AMOUNT_KIND_ANNUAL_OUTPUT;
    case parser::AmountKind::kTax:
      return v1::AMOUNT_KIND_TAX;
    case parser::AmountKind::kRegisteredCapital:
      return v1::AMOUNT_KIND_REGISTERED_CAPITAL;
  }
  return v1::AMOUNT_KIND_UNSPECIFIED;
}

v1::AmountQualifier to_proto(parser::Qualifier qualifier) {
  switch (qualifier) {
    case parser::Qualifier::kExact:
      return v1::AMOUNT_QUALIFIER_EXACT;
    case parser::Qualifier::kAbout:
      return v1::AMOUNT_QUALIFIER_ABOUT;
    case parser::Qualifier::kAtLeast:
      return v1::AMOUNT_QUALIFIER_AT_LEAST;
    case parser::Qualifier::kAtMost:
      return v1::AMOUNT_QUALIFIER_AT_MOST;
  }
  return v1::AMOUNT_QUALIFIER_UNSPECIFIED;
}

void fill_money(const std::string& currency, const parser::Decimal& value, v1::Money* out) {
  out->set_currency_code(currency);
  out->set_units(value.units);
  out->set_nanos(value.nanos);
}

void fill_amount(const parser::MoneyAmount& amount, v1::Amount* out) {
  out->set_kind(to_proto(amount.kind));
  fill_money(amount.currency_code, amount.low, out->mutable_low());
  fill_money(amount.currency_code, amount.high, out->mutable_high());
  out->set_qualifier(to_proto(amount.qualifier));
  out->set_text(amount.text);
}

void fill_quantity(const parser::Quantity& quantity, v1::Quantity* out) {
  out->set_value(quantity.value);
  out->set_unit(quantity.unit);
  out->set_text(quantity.text);
}

const char* encoding_name(parser::Encoding encoding) {
  switch (encoding) {
    case parser::Encoding::kUtf8:
      return "utf-8";
    case parser::Encoding::kUtf8Bom:
      return "utf-8-bom";
    case parser::Encoding::kGb18030:
      return "gb18030";
    case parser::Encoding::kUtf16Le:
      return "utf-16le";
    case parser::Encoding::kUtf16Be:
      return "utf-16be";
  }
  return "unknown";
}

// A single figure is reported as itself; a range by its midpoint, so that totals over many projects
// stay meaningful; the Amount next to it keeps both ends.
parser::Decimal representative_value(const parser::MoneyAmount& amount) {
  if (amount.low == amount.high) return amount.low;
  // Midpoint without floating point; both ends are non-negative money amounts.
  const std::int64_t units_sum = amount.low.units + amount.high.units;
  std::int64_t units = units_sum / 2;
  std::int64_t nanos = (static_cast<std::int64_t>(amount.low.nanos) + amount.high.nanos) / 2 +
                       (units_sum % 2) * 500'000'000;
  units += nanos / 1'000'000'000;
  nanos %= 1'000'000'000;
  return {units, static_cast<std::int32_t>(nanos)};
}

}  // namespace

v1::ProjectStatus to_proto(parser::ProjectStatus status) {
  switch (status) {
    case parser::ProjectStatus::kUnknown:
      return v1::PROJECT_STATUS_UNKNOWN;
    case parser::ProjectStatus::kAnnounced:
      return v1::PROJECT_STATUS_ANNOUNCED;
    case parser::ProjectStatus::kSigned:
      return v1::PROJECT_STATUS_SIGNED;
    case parser::ProjectStatus::kPreparing:
      return v1::PROJECT_STATUS_PREPARING;
    case parser::ProjectStatus::kUnderConstruction:
      return v1::PROJECT_STATUS_UNDER_CONSTRUCTION;
    case parser::ProjectStatus::kCompleted:
      return v1::PROJECT_STATUS_COMPLETED;
    case parser::ProjectStatus::kOperating:
      return v1::PROJECT_STATUS_OPERATING;
    case parser::ProjectStatus::kSuspended:
      return v1::PROJECT_STATUS_SUSPENDED;
    case parser::ProjectStatus::kCancelled:
      return v1::PROJECT_STATUS_CANCELLED;
  }
  return v1::PROJECT_STATUS_UNSPECIFIED;
}

v1::CivilDate to_proto(const parser::CivilDate& date) {
  v1::CivilDate out;
  out.set_year(date.year);
  out.set_month(date.month);
  out.set_day(date.day);
  return out;
}

parser::CivilDate from_proto(const v1::CivilDate& date) {
  return {date.year(), date.month(), date.day()};
}

v1::Project to_proto(const parser::Project& project) {
  v1::Project out;
  out.set_display_name(project.display_name);
  for (const auto& alias : project.aliases) out.add_aliases(alias);
  for (const auto& org : project.organizations) out.add_organizations(org);
  auto* location = out.mutable_location();
  location->set_province(project.location.province);
  location->set_city(project.location.city);
  location->set_county(project.location.county);
  location->set_zone(project.location.zone);
  location->set_division_code(project.location.division_code);
  out.set_industry(project.industry);
  for (const auto& capacity : project.capacities) fill_quantity(capacity, out.add_capacities());
  if (project.total_investment) {
    fill_money(project.total_investment->currency_code,
               representative_value(*project.total_investment), out.mutable_total_investment());
    fill_amount(*project.total_investment, out.mutable_total_investment_amount());
  }
  for (const auto& amount : project.amounts) fill_amount(amount, out.add_amounts());
  if (project.floor_area) fill_quantity(*project.floor_area, out.mutable_floor_area());
  if (project.land_area) fill_quantity(*project.land_area, out.mutable_land_area());
  out.set_status(to_proto(project.status));
  out.set_status_phrase(project.status_phrase);
  out.set_ceremony(project.ceremony);
  for (const auto& key_date : project.dates) {
    auto* kd = out.add_key_dates();
    kd->set_kind(key_date.kind);
    *kd->mutable_date() = to_proto(key_date.date);
  }
  out.set_level(project.level);
  for (const auto& phase : project.phases) {
    auto* p = out.add_phases();
    p->set_name(phase.name);
    p->set_status(to_proto(phase.status));
    for (const auto& capacity : phase.capacities) fill_quantity(capacity, p->add_capacities());
    if (phase.total_investment) fill_amount(*phase.total_investment, p->mutable_total_investment());
  }
  out.set_project_code(project.project_code);
  for (const auto& evidence : project.evidence) {
    auto* e = out.add_evidence();
    e->set_field(evidence.field);
    e->set_sentence(evidence.sentence);
    e->set_begin_offset(evidence.span.begin);
    e->set_end_offset(evidence.span.end);
  }
  out.set_article_index(project.article_index);
  return out;
}

v1::Article to_proto(const parser::Article& article) {
  v1::Article out;
  out.set_title(article.title);
  out.set_lead(article.lead);
  out.set_byline(article.byline);
  if (article.date) *out.mutable_date() = to_proto(*article.date);
  for (const auto& paragraph : article.paragraphs) {
    std::string text;
    for (const auto& sentence : paragraph.sentences) text += sentence.text;
    out.add_paragraphs(std::move(text));
  }
  for (const auto& caption : article.captions) out.add_captions(caption);
  return out;
}

v1::ParseResult to_proto_envelope(const parser::ParseResult& result,
                                  const parser::ParseOptions& options) {
  v1::ParseResult out;
  out.set_source(options.source_name);
  out.set_encoding(encoding_name(result.encoding));
  *out.mutable_base_date() = to_proto(result.base_date);
  for (const auto& warning : result.warnings) {
    auto* w = out.add_warnings();
    w->set_code(warning.code);
    w->set_message(warning.message);
    w->set_offset(warning.offset);
  }
  return out;
}

v1::ParseResult to_proto(const parser::ParseResult& result, const parser::ParseOptions& options) {
  v1::ParseResult out = to_proto_envelope(result, options);
  for (const auto& article : result.articles) *out.add_articles() = to_proto(article);
  for (const auto& project : result.projects) *out.add_projects() = to_proto(project);
  return out;
}

}  // namespace investtrack::parser_proto
