// The API layer's pure parts, without a server or a database: the filter and order_by parsers,
// page tokens, access tokens and roles, error details, field masks and page sizes.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/api/call_handler.h"
#include "server/api/errors.h"
#include "server/api/filter_parser.h"
#include "server/api/page_token.h"
#include "server/api/project_service.h"
#include "server/auth.h"

namespace investtrack::server::api {
namespace {

using store::FilterExpr;
using store::FilterField;
using store::FilterOp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The app::Error a callable throws; fails the test when it throws nothing.
template <typename F>
app::Error api_error_of(F&& f) {
  try {
    f();
  } catch (const app::Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an app::Error";
  return {ErrorKind::kInternal, "", ""};
}

FilterExpr parsed(std::string_view text) {
  std::optional<FilterExpr> expr = parse_filter(text);
  EXPECT_TRUE(expr.has_value()) << text;
  return expr.value_or(FilterExpr{});
}

TEST(FilterParser, BlankFilterMeansNoFilter) {
  EXPECT_FALSE(parse_filter("").has_value());
  EXPECT_FALSE(parse_filter("  \t\n ").has_value());
}

TEST(FilterParser, EachComparatorMapsToItsOperator) {
  const std::vector<std::pair<std::string, FilterOp>> cases = {
      {"total_investment = 5", FilterOp::kEq}, {"total_investment != 5", FilterOp::kNe},
      {"total_investment < 5", FilterOp::kLt}, {"total_investment <= 5", FilterOp::kLe},
      {"total_investment > 5", FilterOp::kGt}, {"total_investment >= 5", FilterOp::kGe},
      {"city : \"太原\"", FilterOp::kHas}};
  for (const auto& [text, op] : cases) {
    const FilterExpr expr = parsed(text);
    EXPECT_EQ(expr.kind, FilterExpr::Kind::kComparison) << text;
    EXPECT_EQ(expr.op, op) << text;
  }
}

TEST(FilterParser, StatusTakesEnumNamesWithOrWithoutPrefix) {
  EXPECT_EQ(parsed("status = UNDER_CONSTRUCTION").value.status,
            v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(parsed("status=PROJECT_STATUS_SIGNED").value.status, v1::PROJECT_STATUS_SIGNED);
  EXPECT_EQ(parsed("status != \"OPERATING\"").value.status, v1::PROJECT_STATUS_OPERATING);
  const app::Error error = api_error_of([] { parse_filter("status = BUILDING"); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
  EXPECT_THAT(error.message(), HasSubstr("status needs a status name"));
  EXPECT_THAT(error.message(), HasSubstr("column 10"));
  // UNSPECIFIED is not a status a project can be filtered by.
  EXPECT_EQ(api_error_of([] { parse_filter("status = UNSPECIFIED"); }).kind(),
            ErrorKind::kInvalidArgument);
}

TEST(FilterParser, OrBindsTighterThanAndAsInAip160) {
  // a AND b OR c  ==  a AND (b OR c)
  const FilterExpr expr = parsed("city = \"太原市\" AND status = SIGNED OR status = OPERATING");
  ASSERT_EQ(expr.kind, FilterExpr::Kind::kAnd);
  ASSERT_EQ(expr.children.size(), 2u);
  EXPECT_EQ(expr.children[0].field, FilterField::kCity);
  EXPECT_EQ(expr.children[1].kind, FilterExpr::Kind::kOr);
  EXPECT_EQ(expr.children[1].children.size(), 2u);
}

TEST(FilterParser, ParenthesesNotMinusAndJuxtaposition) {
  const FilterExpr expr =
      parsed("NOT (city = \"太原市\" OR city:忻州) -industry = airport level:省级");
  ASSERT_EQ(expr.kind, FilterExpr::Kind::kAnd);
  ASSERT_EQ(expr.children.size(), 3u);
  EXPECT_EQ(expr.children[0].kind, FilterExpr::Kind::kNot);
  EXPECT_EQ(expr.children[0].children[0].kind, FilterExpr::Kind::kOr);
  EXPECT_EQ(expr.children[1].kind, FilterExpr::Kind::kNot);
  EXPECT_EQ(expr.children[1].children[0].field, FilterField::kIndustry);
  EXPECT_EQ(expr.children[2].field, FilterField::kLevel);
  EXPECT_EQ(expr.children[2].value.text, "省级");
}

TEST(FilterParser, StringsKeepEscapedQuotesAndChineseText) {
  EXPECT_EQ(parsed(R"(display_name : "晶科\"年产56GW\"")").value.text, "晶科\"年产56GW\"");
  EXPECT_EQ(parsed(R"(organization = "a\\b")").value.text, "a\\b");
  EXPECT_EQ(parsed("organizations:晶科能源").field, FilterField::kOrganization);
  const app::Error error = api_error_of([] { parse_filter(R"(city = "太原)"); });
  EXPECT_THAT(error.message(), HasSubstr("no closing quote"));
  EXPECT_THAT(error.message(), HasSubstr("column 8"));
  EXPECT_THAT(api_error_of([] { parse_filter(R"(city = "a\nb")"); }).message(),
              HasSubstr("escapes"));
}

TEST(FilterParser, TimestampsQuotedOrBareButValid) {
  EXPECT_EQ(parsed("update_time > 2023-10-24T08:00:00Z").value.text, "2023-10-24T08:00:00Z");
  EXPECT_EQ(parsed("create_time <= \"2023-10-24T08:00:00.5+08:00\"").value.text,
            "2023-10-24T08:00:00.5+08:00");
  for (const char* bad : {"update_time > 2023-10-24", "update_time > 2023-13-01T00:00:00Z",
                          "update_time > \"yesterday\"", "update_time > 2023-10-24T25:00:00Z"}) {
    const app::Error error = api_error_of([&] { parse_filter(bad); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument) << bad;
    EXPECT_THAT(error.message(), HasSubstr("RFC 3339")) << bad;
  }
}

TEST(FilterParser, NumbersBooleansAndDivisionCodes) {
  EXPECT_EQ(parsed("total_investment >= 150000000.50").value.text, "150000000.50");
  EXPECT_EQ(parsed("total_investment > -5").value.text, "-5");
  EXPECT_TRUE(parsed("needs_review = true").value.boolean);
  EXPECT_FALSE(parsed("needs_review = false").value.boolean);
  const FilterExpr code = parsed("location.division_code : 1401");
  EXPECT_EQ(code.field, FilterField::kDivisionCode);
  EXPECT_EQ(code.value.text, "1401");
  // Exponents are not decimals the database compares exactly.
  EXPECT_EQ(api_error_of([] { parse_filter("total_investment >= 1.5e8"); }).kind(),
            ErrorKind::kInvalidArgument);
}

TEST(FilterParser, WrongTypesAndOperatorsNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"total_investment = abc", "total_investment needs a number"},
      {"needs_review = yes", "needs_review needs true or false"},
      {"division_code : 14a", "division_code needs GB/T 2260 digits"},
      {"city > \"a\"", "operator > does not apply to city"},
      {"status : SIGNED", "operator : does not apply to status"},
      {"update_time : 2023-10-24T00:00:00Z", "operator : does not apply to update_time"},
      {"city = \"\"", "city needs a non-empty value"},
      // Days a month does not have are no timestamps (they used to reach the database).
      {"update_time > 2023-02-30T00:00:00Z", "update_time needs an RFC 3339 timestamp"},
      {"create_time < 2023-02-29T00:00:00Z", "create_time needs an RFC 3339 timestamp"},
      {"create_time < 2023-04-31T10:00:00+08:00", "create_time needs an RFC 3339 timestamp"},
      {"parent = \"晋中\"", "parent needs a project's name"},
  };
  for (const auto& [text, expected] : cases) {
    const app::Error error = api_error_of([&] { parse_filter(text); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument) << text;
    EXPECT_THAT(error.message(), HasSubstr(expected)) << text;
    EXPECT_EQ(error.metadata().at("field"), "filter") << text;
    EXPECT_EQ(text.substr(0, error.metadata().at("filterField").size()),
              error.metadata().at("filterField"))
        << text;
  }
}

TEST(FilterParser, TimestampsWithAnyRfc3339OffsetReachTheDatabaseInUtc) {
  // PostgreSQL reads offsets only up to ±15:59; RFC 3339 allows ±23:59.
  EXPECT_EQ(store::rfc3339_as_utc("2023-02-28T23:00:00-23:59"), "2023-03-01T22:59:00Z");
  EXPECT_EQ(store::rfc3339_as_utc("2024-02-29T07:30:00.25+08:00"), "2024-02-28T23:30:00.25Z");
  EXPECT_EQ(store::rfc3339_as_utc("2023-12-31T23:59:59z"), "2023-12-31T23:59:59Z");
  EXPECT_EQ(store::rfc3339_as_utc("0001-01-01T00:30:00+01:00"),
            std::nullopt);  // before year 1 in UTC
  EXPECT_EQ(store::rfc3339_as_utc("2023-02-29T00:00:00Z"), std::nullopt);
  const auto expr = parse_filter("update_time >= 2023-02-28T23:00:00-23:59");
  ASSERT_TRUE(expr.has_value());
  const store::SqlCondition condition = store::to_sql_condition(*expr, 1);
  ASSERT_EQ(condition.parameters.size(), 1u);
  EXPECT_EQ(condition.parameters[0], "2023-03-01T22:59:00Z");
}

TEST(FilterParser, StructuralErrorsGiveTheColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"foo = 1", "unknown field \"foo\""},
      {"city = \"太原市\" AND", "ends where a condition was expected (at column 17)"},
      {"(city = \"a\"", "'(' is never closed (at column 1)"},
      {"city = \"a\")", "')' without a matching '(' (at column 11)"},
      {"city", "must be followed by an operator"},
      {"太原", "is not a condition"},
      {"city ! \"a\"", "'!' must be followed by '='"},
      {"()", "empty parentheses"},
      {"AND city = \"a\"", "AND needs a condition before it"},
      {"city =", "needs a value"},
  };
  for (const auto& [text, expected] : cases) {
    const app::Error error = api_error_of([&] { parse_filter(text); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument) << text;
    EXPECT_THAT(error.message(), HasSubstr(expected)) << text;
    EXPECT_TRUE(error.metadata().count("column") == 1 || expected.find("unknown") == 0) << text;
  }
}

TEST(FilterParser, ColumnsCountCharactersNotBytes) {
  // Three Chinese characters (nine bytes) before the bad operator.
  const app::Error error = api_error_of([] { parse_filter("city = \"太原市\" > 5"); });
  EXPECT_THAT(error.message(), HasSubstr("column 14"));
}

TEST(FilterParser, HostileInputIsRefusedNotCrashed) {
  EXPECT_EQ(api_error_of([] {
              parse_filter(std::string(40, '(') + "city = \"a\"" + std::string(40, ')'));
            }).kind(),
            ErrorKind::kInvalidArgument);
  EXPECT_THAT(api_error_of([] { parse_filter(std::string(kMaxFilterBytes + 1, 'a')); }).message(),
              HasSubstr("bytes"));
  // Truncated multi-byte characters and control bytes.
  for (const std::string& text : {std::string("city = \xE5\xA4"), std::string("\xFF\xFE = 1"),
                                  std::string("city = \"\x01\""), std::string("\"")}) {
    try {
      parse_filter(text);
    } catch (const app::Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInvalidArgument);
    }
  }
}

TEST(OrderBy, OneFieldWithOptionalDirection) {
  EXPECT_EQ(parse_order_by("").field, store::ProjectOrderField::kCreateTime);
  EXPECT_FALSE(parse_order_by("").descending);
  const store::ProjectOrder order = parse_order_by("  update_time   desc ");
  EXPECT_EQ(order.field, store::ProjectOrderField::kUpdateTime);
  EXPECT_TRUE(order.descending);
  EXPECT_EQ(parse_order_by("total_investment asc").field,
            store::ProjectOrderField::kTotalInvestment);
  EXPECT_THAT(api_error_of([] { parse_order_by("status"); }).message(),
              HasSubstr("cannot order by"));
  EXPECT_THAT(api_error_of([] { parse_order_by("display_name, update_time"); }).message(),
              HasSubstr("only one field"));
  EXPECT_THAT(api_error_of([] { parse_order_by("display_name sideways"); }).message(),
              HasSubstr("unexpected \"sideways\""));
}

TEST(PageToken, RoundTripsItsValues) {
  const PageTokenCodec codec("key one");
  const std::string fingerprint = request_fingerprint({"status = SIGNED", "", "0"});
  const std::string token = codec.encode({"projects", fingerprint, {"1698000000000000", "abc-1"}});
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_THAT(codec.decode(token, "projects", fingerprint),
              ElementsAre("1698000000000000", "abc-1"));
}

TEST(PageToken, RefusesChangedRequestsOtherListingsAndOtherKeys) {
  const PageTokenCodec codec("key one");
  const std::string fingerprint = request_fingerprint({"status = SIGNED", "", "0"});
  const std::string token = codec.encode({"projects", fingerprint, {"5", "x"}});
  const std::string other_filter = request_fingerprint({"status = OPERATING", "", "0"});
  EXPECT_THAT(api_error_of([&] { codec.decode(token, "projects", other_filter); }).message(),
              HasSubstr("different request"));
  EXPECT_THAT(api_error_of([&] { codec.decode(token, "events", fingerprint); }).message(),
              HasSubstr("another listing"));
  EXPECT_THAT(api_error_of([&] {
                PageTokenCodec("key two").decode(token, "projects", fingerprint);
              }).message(),
              HasSubstr("not a token this server issued"));
}

TEST(PageToken, RefusesEveryTamperedByte) {
  const PageTokenCodec codec("key one");
  std::string raw;
  ASSERT_TRUE(base64url_decode(codec.encode({"projects", "fp", {"5", "x"}}), &raw));
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string tampered = raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    const app::Error error =
        api_error_of([&] { codec.decode(base64url_encode(tampered), "projects", "fp"); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument) << "byte " << i;
  }
  for (const char* junk : {"", "a", "!!!!", "AAAA", "AQAAAAhwcm9qZWN0cw"}) {
    EXPECT_EQ(api_error_of([&] { codec.decode(junk, "projects", "fp"); }).kind(),
              ErrorKind::kInvalidArgument)
        << junk;
  }
}

// Every List method reads its token through PageCursor: no token is the first page, and a
// token of this listing holding another number of values is damaged, naming the field.
TEST(PageCursor, FirstPageNextTokenAndValueCounts) {
  const PageTokenCodec codec("key one");
  const PageCursor cursor(codec, "events", request_fingerprint({"projects/a"}));
  EXPECT_FALSE(cursor.position("", {1}).has_value());
  const std::string token = cursor.token({"2024-01-02", "t", "1", "7"});
  EXPECT_THAT(cursor.position(token, {4, 1}).value(), ElementsAre("2024-01-02", "t", "1", "7"));
  const app::Error wrong_count = api_error_of([&] { (void)cursor.position(token, {1}); });
  EXPECT_EQ(wrong_count.metadata().at("field"), "page_token");
  EXPECT_THAT(wrong_count.message(), HasSubstr("damaged"));
  const app::Error resume =
      api_error_of([&] { (void)cursor.position(token, {3}, "resume_token"); });
  EXPECT_EQ(resume.metadata().at("field"), "resume_token");
  const PageCursor other(codec, "events", request_fingerprint({"projects/b"}));
  EXPECT_THAT(api_error_of([&] { (void)other.position(token, {4}); }).message(),
              HasSubstr("different request"));
  EXPECT_EQ(token_number("42"), 42);
  for (const char* bad : {"", "-1", "4x", "99999999999999999999"}) {
    EXPECT_EQ(api_error_of([&] { token_number(bad); }).kind(), ErrorKind::kInvalidArgument) << bad;
  }
}

TEST(PageToken, Base64UrlRoundTripsAllLengths) {
  std::string bytes;
  for (int length = 0; length < 40; ++length) {
    std::string decoded;
    ASSERT_TRUE(base64url_decode(base64url_encode(bytes), &decoded));
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<char>(length * 37));
  }
  std::string ignored;
  EXPECT_FALSE(base64url_decode("ab+c", &ignored));
  EXPECT_FALSE(base64url_decode("abcde", &ignored));
}

class TokenFile {
 public:
  explicit TokenFile(const std::string& contents)
      : path_(std::filesystem::temp_directory_path() /
              ("investtrack_tokens_" + std::to_string(::getpid()) + ".txt")) {
    std::ofstream(path_) << contents;
  }
  ~TokenFile() { std::filesystem::remove(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(Auth, TokensFromFileAndEnvironmentWithRoles) {
  const TokenFile file(
      "# comment\n\nr-token-0123456789 reader Report Bot\ne-token-0123456789 editor Ed Itor\n");
  const Authenticator auth =
      Authenticator::from_sources(file.path(), "a-token-0123456789 admin Ada;");
  EXPECT_EQ(auth.token_count(), 3u);
  EXPECT_FALSE(auth.open_to_loopback());

  const AuthDecision reader =
      auth.check("Bearer r-token-0123456789", "ipv4:10.0.0.5:1234", Role::kReader);
  EXPECT_EQ(reader.outcome, AuthDecision::Outcome::kAllowed);
  EXPECT_EQ(reader.caller.name, "Report Bot");
  EXPECT_EQ(auth.check("Bearer r-token-0123456789", "ipv4:10.0.0.5:1", Role::kEditor).outcome,
            AuthDecision::Outcome::kPermissionDenied);
  EXPECT_EQ(auth.check("Bearer e-token-0123456789", "ipv4:10.0.0.5:1", Role::kEditor).outcome,
            AuthDecision::Outcome::kAllowed);
  EXPECT_EQ(auth.check("Bearer e-token-0123456789", "ipv4:10.0.0.5:1", Role::kAdmin).outcome,
            AuthDecision::Outcome::kPermissionDenied);
  EXPECT_EQ(auth.check("Bearer a-token-0123456789", "ipv4:10.0.0.5:1", Role::kAdmin).outcome,
            AuthDecision::Outcome::kAllowed);
  // The scheme is case-insensitive (RFC 7235).
  for (const char* scheme :
       {"bearer a-token-0123456789", "BEARER a-token-0123456789", "bEaReR a-token-0123456789"}) {
    EXPECT_EQ(auth.check(scheme, "ipv4:10.0.0.5:1", Role::kAdmin).outcome,
              AuthDecision::Outcome::kAllowed)
        << scheme;
  }
  for (const char* bad :
       {"", "Bearer", "Bearer ", "Basic e-token-0123456789", "Bearer nope", "e-token-0123456789",
        "Bearera-token-0123456789", "Bearer\ta-token-0123456789"}) {
    EXPECT_EQ(auth.check(bad, "ipv4:127.0.0.1:1", Role::kReader).outcome,
              AuthDecision::Outcome::kUnauthenticated)
        << bad;
  }
}

TEST(Auth, MalformedEntriesNameTheirLine) {
  const TokenFile file("good-token-0123456789 reader Someone\nbad-role-0123456789 superuser X\n");
  try {
    Authenticator::from_sources(file.path(), "");
    ADD_FAILURE() << "expected a refusal";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr(":2:"));
  }
  EXPECT_THROW(Authenticator::from_sources(
                   std::nullopt, "same-token-0123456789 reader A;same-token-0123456789 editor B"),
               std::invalid_argument);
  EXPECT_THROW(Authenticator::from_sources(std::nullopt, "lonely-token-0123456789"),
               std::invalid_argument);
}

TEST(Auth, ShortAndPlaceholderTokensAreRefusedWithoutRepeatingThem) {
  const auto refusal = [](const std::string& entries) {
    try {
      Authenticator::from_sources(std::nullopt, entries);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string short_one = refusal("0123456789abcde admin ops");  // 15 characters
  EXPECT_THAT(short_one, HasSubstr("at least 16"));
  EXPECT_THAT(short_one, HasSubstr("openssl rand -hex 32"));
  EXPECT_THAT(short_one, Not(HasSubstr("0123456789abcde")));
  for (const char* placeholder :
       {"REPLACE_WITH_RANDOM_TOKEN_1 admin ops", "changeme-changeme-1 admin ops",
        "<your-admin-token-here> admin ops", "example-token-123456 reader x"}) {
    const std::string message = refusal(placeholder);
    EXPECT_THAT(message, HasSubstr("placeholder")) << placeholder;
    EXPECT_THAT(message, HasSubstr("INVESTTRACK_TOKENS entry 1")) << placeholder;
  }
  // The shipped Kubernetes secret's example line is one of them.
  EXPECT_THAT(refusal("REPLACE_WITH_RANDOM_TOKEN_1 admin ops"), HasSubstr("placeholder"));
  EXPECT_EQ(refusal("0123456789abcdef reader ok"), "");
  EXPECT_THROW(Authenticator::from_sources(std::filesystem::path("/no/such/file"), ""),
               std::invalid_argument);
}

TEST(Auth, WithoutTokensOnlyLoopbackIsServed) {
  const Authenticator auth = Authenticator::from_sources(std::nullopt, "");
  EXPECT_TRUE(auth.open_to_loopback());
  for (const char* peer : {"ipv4:127.0.0.1:5000", "ipv4:127.1.2.3:1", "ipv6:[::1]:5000",
                           "ipv6:[::ffff:127.0.0.1]:80", "unix:/tmp/sock"}) {
    const AuthDecision decision = auth.check("", peer, Role::kAdmin);
    EXPECT_EQ(decision.outcome, AuthDecision::Outcome::kAllowed) << peer;
  }
  for (const char* peer : {"ipv4:10.1.2.3:5000", "ipv6:[2001:db8::1]:5000", "ipv4:128.0.0.1:1",
                           "ipv6:[::ffff:10.0.0.1]:80", ""}) {
    EXPECT_EQ(auth.check("", peer, Role::kReader).outcome, AuthDecision::Outcome::kPermissionDenied)
        << peer;
  }
}

// A store error as it reaches a handler: thrown, and mapped by status_from_exception.
grpc::Status status_of(const store::StoreError& error) {
  return status_from_exception(std::make_exception_ptr(error), "Test");
}

TEST(Errors, StatusCarriesErrorInfoAndNoDatabaseText) {
  const grpc::Status status =
      status_of(store::StoreError(store::StoreErrorCode::kInternal, "internal database error",
                                  "SQLSTATE 42P01: relation \"projects\" does not exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("SQLSTATE")));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INTERNAL));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.domain(), "investtrack.dev");
  EXPECT_EQ(info.reason(), "INTERNAL");
}

TEST(Errors, EveryStoreCodeHasItsCanonicalCode) {
  const std::vector<std::pair<store::StoreErrorCode, grpc::StatusCode>> cases = {
      {store::StoreErrorCode::kNotFound, grpc::StatusCode::NOT_FOUND},
      {store::StoreErrorCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
      {store::StoreErrorCode::kAborted, grpc::StatusCode::ABORTED},
      {store::StoreErrorCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {store::StoreErrorCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
      {store::StoreErrorCode::kCancelled, grpc::StatusCode::CANCELLED},
      {store::StoreErrorCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
      {store::StoreErrorCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
  };
  for (const auto& [store_code, code] : cases) {
    const grpc::Status status = status_of(store::StoreError(store_code, "message"));
    EXPECT_EQ(status.error_code(), code);
    EXPECT_EQ(status.error_message(), "message");
  }
}

TEST(Errors, EveryKindHasItsCanonicalCode) {
  const std::vector<std::pair<ErrorKind, grpc::StatusCode>> cases = {
      {ErrorKind::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
      {ErrorKind::kNotFound, grpc::StatusCode::NOT_FOUND},
      {ErrorKind::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
      {ErrorKind::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
      {ErrorKind::kAborted, grpc::StatusCode::ABORTED},
      {ErrorKind::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
      {ErrorKind::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED},
      {ErrorKind::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
      {ErrorKind::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {ErrorKind::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
      {ErrorKind::kCancelled, grpc::StatusCode::CANCELLED},
      {ErrorKind::kInternal, grpc::StatusCode::INTERNAL},
  };
  for (const auto& [kind, code] : cases) EXPECT_EQ(code_of(kind), code);
}

// A batch item's status is the same message a single call's status carries as its details.
TEST(Errors, ABatchItemCarriesTheStatusASingleCallWouldGet) {
  const app::Error error(ErrorKind::kResourceExhausted, "TOO_MANY_PROJECTS", "too many",
                         {{"limit", "2"}});
  const google::rpc::Status item = rpc_status(error);
  const grpc::Status single = to_status(error);
  EXPECT_EQ(item.SerializeAsString(), single.error_details());
  EXPECT_EQ(item.code(), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_EQ(item.message(), single.error_message());
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(item.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "TOO_MANY_PROJECTS");
  EXPECT_EQ(info.metadata().at("limit"), "2");
}

TEST(Errors, UnexpectedExceptionsBecomeGenericInternal) {
  const grpc::Status status = status_from_exception(
      std::make_exception_ptr(std::runtime_error("pqxx: SELECT secret FROM x")), "Test");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("SELECT")));
}

TEST(Errors, LongMessagesAreCutAtCharacterBoundaries) {
  std::string message;
  for (int i = 0; i < 2000; ++i) message += "项";
  const grpc::Status status = to_status(app::Error(ErrorKind::kInvalidArgument, "X", message));
  EXPECT_LE(status.error_message().size(), 2048u);
  EXPECT_EQ(status.error_message().size() % 3, 0u);
}

TEST(PopulatedPaths, OnlyEditableFieldsThatAreSet) {
  v1::Project project;
  project.set_name("projects/abc");
  project.set_etag("x");
  project.set_display_name("新名");
  project.set_status(v1::PROJECT_STATUS_OPERATING);
  project.mutable_location()->set_city("太原市");
  project.add_organizations("甲公司");
  EXPECT_THAT(populated_paths(project),
              ElementsAre("display_name", "organizations", "location.city", "status"));
  EXPECT_TRUE(populated_paths(v1::Project()).empty());
}

TEST(PageSize, DefaultsCoercionAndNegative) {
  EXPECT_EQ(effective_page_size(0), 50);
  EXPECT_EQ(effective_page_size(0, 100), 100);
  EXPECT_EQ(effective_page_size(7), 7);
  EXPECT_EQ(effective_page_size(5000), 1000);
  EXPECT_EQ(api_error_of([] { effective_page_size(-1); }).kind(), ErrorKind::kInvalidArgument);
}

TEST(CallMetrics, CountsPerMethodAndCode) {
  CallMetrics metrics;
  metrics.record("GetProject", grpc::StatusCode::OK);
  metrics.record("GetProject", grpc::StatusCode::OK);
  metrics.record("GetProject", grpc::StatusCode::NOT_FOUND);
  metrics.record("ListProjects", grpc::StatusCode::OK);
  EXPECT_EQ(metrics.count("GetProject", grpc::StatusCode::OK), 2u);
  EXPECT_EQ(metrics.count("GetProject", grpc::StatusCode::ABORTED), 0u);
  EXPECT_EQ(metrics.summary(), "GetProject OK=2 NOT_FOUND=1; ListProjects OK=1");
}

}  // namespace
}  // namespace investtrack::server::api
