#include "project_rows.h"

#include <google/protobuf/util/json_util.h>

#include "entity_resolution.h"
#include "filter.h"
#include "proto_json.h"
#include "resource_names.h"
#include "store_error.h"

namespace investtrack::store::rows {
namespace {

// Positions in a read row (table::kProjectColumns, sql::kProjectColumns).
consteval pqxx::row::size_type read_index(std::string_view name) {
  return static_cast<pqxx::row::size_type>(table::read_index(name));
}
constexpr auto kId = read_index("id");
constexpr auto kDisplayName = read_index("display_name");
constexpr auto kAliases = read_index("aliases");
constexpr auto kOrganizations = read_index("organizations");
constexpr auto kProvince = read_index("province");
constexpr auto kCity = read_index("city");
constexpr auto kCounty = read_index("county");
constexpr auto kZone = read_index("zone");
constexpr auto kDivisionCode = read_index("division_code");
constexpr auto kIndustry = read_index("industry");
constexpr auto kTotalInvestment = read_index("total_investment");
constexpr auto kCurrencyCode = read_index("currency_code");
constexpr auto kComposite = read_index("composite");
constexpr auto kLevel = read_index("level");
constexpr auto kProjectCode = read_index("project_code");
constexpr auto kCeremony = read_index("ceremony");
constexpr auto kStatus = read_index("status");
constexpr auto kStatusPhrase = read_index("status_phrase");
constexpr auto kEtag = read_index("etag");
constexpr auto kCreateMicros = read_index("create_time");
constexpr auto kUpdateMicros = read_index("update_time");
constexpr auto kDeleteMicros = read_index("delete_time");
constexpr auto kManualFields = read_index("manual_fields");
constexpr auto kStatusDate = read_index("status_date");
constexpr auto kVersion = read_index("version");
constexpr auto kCompositeBytes = read_index("composite_pb");
constexpr auto kParentId = read_index("parent_id");

void set_timestamp(std::int64_t micros, google::protobuf::Timestamp* out) {
  std::int64_t seconds = micros / 1'000'000;
  std::int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<std::int32_t>(rest * 1000));
}

}  // namespace

std::string to_array_literal(const std::vector<std::string>& values) {
  std::size_t size = 2;
  for (const std::string& value : values) size += value.size() + 3;
  std::string out;
  out.reserve(size + size / 16);  // room for a few escapes without regrowing
  out += '{';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    // Runs without a quote or backslash are copied whole (most values have none). A plain loop:
    // find_first_of with a character set calls memchr once per character, which made this 8% of
    // ingest's client CPU.
    const std::string_view value = values[i];
    std::size_t run = 0;
    for (std::size_t at = 0; at < value.size(); ++at) {
      if (value[at] != '"' && value[at] != '\\') continue;
      out.append(value.substr(run, at - run));
      out += '\\';
      run = at;
    }
    out.append(value.substr(run));
    out += '"';
  }
  out += '}';
  return out;
}

std::vector<std::string> from_array(const pqxx::field& field) {
  std::vector<std::string> out;
  if (field.is_null()) return out;
  pqxx::array_parser parser = field.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::done;
       std::tie(kind, value) = parser.get_next()) {
    if (kind == pqxx::array_parser::string_value) out.push_back(value);
  }
  return out;
}

std::string to_json(const google::protobuf::Message& message) {
  try {
    return proto_to_json(message);
  } catch (const std::runtime_error& e) {
    throw StoreError(StoreErrorCode::kInternal, "internal error", e.what());
  }
}

void from_json(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // rows written by a newer version stay readable
  const auto status = google::protobuf::util::JsonStringToMessage(json, message, options);
  if (!status.ok()) {
    throw StoreError(StoreErrorCode::kInternal, "internal error",
                     "stored JSON does not parse: " + status.ToString());
  }
}

void observation_fields(const pqxx::field& bytes, const pqxx::field& json, v1::Project* fields) {
  if (bytes.is_null()) {
    from_json(json.c_str(), fields);
  } else if (!fields->ParseFromString(pqxx::binarystring(bytes).str())) {
    throw StoreError(StoreErrorCode::kInternal, "internal error",
                     "stored fields_pb of an observation does not parse");
  }
}

void expect_columns(const pqxx::row& row, std::size_t columns, std::string_view what) {
  if (row.size() != static_cast<pqxx::row::size_type>(columns)) {
    throw StoreError(StoreErrorCode::kInternal, "internal error",
                     std::string(what) + " row has " + std::to_string(row.size()) +
                         " columns, the reader expects " + std::to_string(columns));
  }
}

ProjectRow project_from_row(const pqxx::row& row, std::size_t trailing) {
  expect_columns(row, table::kReadCount + trailing, "project");
  ProjectRow out;
  v1::Project& p = out.project;
  // composite_pb when the store wrote it; the jsonb columns (kComposite) otherwise.
  if (!row[kCompositeBytes].is_null()) {
    if (!p.ParseFromString(pqxx::binarystring(row[kCompositeBytes]).str())) {
      throw StoreError(
          StoreErrorCode::kInternal, "internal error",
          "stored composite_pb of project " + row[kId].as<std::string>() + " does not parse");
    }
  } else {
    from_json(row[kComposite].c_str(), &p);
  }
  p.set_name(project_name(row[kId].as<std::string>()));
  p.set_display_name(row[kDisplayName].as<std::string>());
  for (std::string& alias : from_array(row[kAliases])) p.add_aliases(std::move(alias));
  for (std::string& org : from_array(row[kOrganizations])) p.add_organizations(std::move(org));
  v1::Location* location = p.mutable_location();
  location->set_province(row[kProvince].as<std::string>());
  location->set_city(row[kCity].as<std::string>());
  location->set_county(row[kCounty].as<std::string>());
  location->set_zone(row[kZone].as<std::string>());
  location->set_division_code(row[kDivisionCode].as<std::string>());
  p.set_industry(row[kIndustry].as<std::string>());
  if (!row[kTotalInvestment].is_null()) {
    *p.mutable_total_investment() = decimal_to_money(row[kTotalInvestment].as<std::string>(),
                                                     row[kCurrencyCode].as<std::string>());
  }
  p.set_level(row[kLevel].as<std::string>());
  p.set_project_code(row[kProjectCode].as<std::string>());
  p.set_ceremony(row[kCeremony].as<bool>());
  p.set_status(status_from_key(row[kStatus].as<std::string>()));
  p.set_status_phrase(row[kStatusPhrase].as<std::string>());
  p.set_etag(row[kEtag].as<std::string>());
  set_timestamp(row[kCreateMicros].as<std::int64_t>(), p.mutable_create_time());
  set_timestamp(row[kUpdateMicros].as<std::int64_t>(), p.mutable_update_time());
  if (!row[kDeleteMicros].is_null()) {
    set_timestamp(row[kDeleteMicros].as<std::int64_t>(), p.mutable_delete_time());
  }
  out.manual_fields = from_array(row[kManualFields]);
  out.status_date = row[kStatusDate].is_null() ? std::string() : row[kStatusDate].as<std::string>();
  out.version = row[kVersion].as<std::int64_t>();
  if (!row[kParentId].is_null()) p.set_parent(project_name(row[kParentId].as<std::string>()));
  return out;
}

namespace {

v1::Project composite_of(const v1::Project& project) {
  v1::Project composite;
  *composite.mutable_capacities() = project.capacities();
  if (project.has_total_investment_amount()) {
    *composite.mutable_total_investment_amount() = project.total_investment_amount();
  }
  *composite.mutable_amounts() = project.amounts();
  if (project.has_floor_area()) *composite.mutable_floor_area() = project.floor_area();
  if (project.has_land_area()) *composite.mutable_land_area() = project.land_area();
  *composite.mutable_key_dates() = project.key_dates();
  *composite.mutable_phases() = project.phases();
  *composite.mutable_evidence() = project.evidence();
  return composite;
}

}  // namespace

void ProjectWrites::add(const std::string& id, const v1::Project& project,
                        const std::string& status_date,
                        const std::vector<std::string>& manual_fields, bool flag_for_review,
                        bool bump) {
  using table::input_index;
  const auto set = [&](std::size_t column, std::string value) {
    columns_[column].push_back(std::move(value));
  };
  const bool has_total = project.has_total_investment();
  set(input_index("id"), id);
  set(input_index("display_name"), project.display_name());
  set(input_index("name_key"), normalize_name_key(project.display_name()));
  set(input_index("aliases"),
      to_array_literal({project.aliases().begin(), project.aliases().end()}));
  set(input_index("organizations"),
      to_array_literal({project.organizations().begin(), project.organizations().end()}));
  set(input_index("organization_keys"), to_array_literal(organization_keys_of(project)));
  set(input_index("province"), project.location().province());
  set(input_index("city"), project.location().city());
  set(input_index("county"), project.location().county());
  set(input_index("zone"), project.location().zone());
  set(input_index("division_code"), project.location().division_code());
  set(input_index("industry"), project.industry());
  set(input_index("total_investment"),
      has_total ? money_to_decimal(project.total_investment()) : std::string());
  set(input_index("currency_code"),
      has_total ? project.total_investment().currency_code() : std::string());
  set(input_index("composite"), composite_json(project));
  set(input_index("level"), project.level());
  set(input_index("project_code"), project.project_code());
  set(input_index("ceremony"), project.ceremony() ? "true" : "false");
  set(input_index("status"), status_key(project.status()));
  set(input_index("status_phrase"), project.status_phrase());
  set(input_index("status_date"), status_date);
  set(input_index("manual_fields"), to_array_literal(manual_fields));
  set(input_index("needs_review"), flag_for_review ? "true" : "false");
  set(input_index("bump"), bump ? "1" : "0");
  set(input_index("composite_pb"), bytea_hex(composite_bytes(project)));
  // Every input got its value: a column added to the table without one here fails every write.
  for (const std::vector<std::string>& column : columns_) {
    if (column.size() != columns_[0].size()) {
      throw StoreError(StoreErrorCode::kInternal, "internal error",
                       "a project column of project_table.h has no value in ProjectWrites::add");
    }
  }
}

void ProjectWrites::append_parameters(std::vector<std::string>& out) const {
  for (const std::vector<std::string>& column : columns_) out.push_back(to_array_literal(column));
}

std::string composite_json(const v1::Project& project) { return to_json(composite_of(project)); }

std::string composite_bytes(const v1::Project& project) {
  return composite_of(project).SerializeAsString();
}

std::string bytea_hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

}  // namespace investtrack::store::rows
