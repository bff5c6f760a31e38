// Text forms of the API's value types for tables and CSV, and the parsing of the values a user
// types on the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include "investtrack/v1/project.pb.h"

namespace investtrack::client {

// Exact decimal: units 120000000, nanos 500000000 -> "120000000.5"; the sign of either part wins.
std::string money_decimal(const v1::Money& money);

// For people: "120,000,000 CNY", "1,234.5 USD".
std::string money_label(const v1::Money& money);

// An amount as stated, for people: "120,000,000 CNY", a range "100,000,000-120,000,000 CNY", and
// the words when they bound the figure: "120,000,000 CNY (超1.2亿元)". Empty for no figure.
std::string amount_label(const v1::Amount& amount);

// A decimal amount as typed: "120000000", "1.2亿", "3500万", "-0.25"; at most nine decimals after
// the 万/亿 scaling. nullopt for anything else.
std::optional<v1::Money> parse_money(std::string_view text, std::string_view currency_code);

// PROJECT_STATUS_UNDER_CONSTRUCTION -> UNDER_CONSTRUCTION (unknown numbers print as the number,
// since responses may carry values this build does not know).
std::string status_label(v1::ProjectStatus status);

// "under_construction", "UNDER-CONSTRUCTION" or "PROJECT_STATUS_UNDER_CONSTRUCTION"; not
// UNSPECIFIED.
std::optional<v1::ProjectStatus> parse_status(std::string_view text);

// Strips `prefix` from an enum value's name: ("TYPE_CREATED", "TYPE_") -> "CREATED".
std::string enum_label(const std::string& name, std::string_view prefix);

// RFC 3339 in UTC to the second ("2024-05-01T08:30:00Z"); empty when unset.
std::string timestamp_label(const google::protobuf::Timestamp& time);

// "2023-10-24", "2023-10" or "2023" by precision; empty when the year is 0.
std::string civil_date_label(const v1::CivilDate& date);

// "2023-10-24" -> a full date; nullopt for anything that is not a real calendar day.
std::optional<v1::CivilDate> parse_civil_date(std::string_view text);

// 山西省长治市武乡县 + " " + zone.
std::string place_label(const v1::Location& location);

// Elements joined with `separator`.
std::string join(const google::protobuf::RepeatedPtrField<std::string>& items,
                 std::string_view separator);

// Protobuf JSON on one line, with the .proto field names (total_investment, not totalInvestment).
std::string to_json(const google::protobuf::Message& message);

}  // namespace investtrack::client
