// The CLI's pure parts and its usage errors, in-process and without a server.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bulletin_commands.h"
#include "cli_app.h"
#include "csv_writer.h"
#include "exit_codes.h"
#include "file_input.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "parse_json.h"
#include "progress_bar.h"
#include "project_columns.h"
#include "project_commands.h"
#include "report_commands.h"
#include "resource_names.h"
#include "server_call.h"
#include "test_data.h"
#include "text_table.h"
#include "value_format.h"
#include "watch_command.h"

namespace investtrack::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Money money(std::int64_t units, std::int32_t nanos, const std::string& currency = "CNY") {
  v1::Money m;
  m.set_units(units);
  m.set_nanos(nanos);
  m.set_currency_code(currency);
  return m;
}

// The parse command's own JSON writer against protobuf's printer, which it replaces.
std::string protobuf_json(const v1::ParseResult& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(result, &json, options).ok());
  return json;
}

TEST(ParseJson, PrintsWhatProtobufPrintsForEveryFieldAndEscape) {
  // Every character class protobuf's escaping treats apart: quotes, backslash, < >, C0 and C1
  // controls, DEL, the invisible code points it escapes (soft hyphen, zero-width space, U+2028,
  // BOM, U+FFF9), a supplementary character it escapes (U+E0001) and one it does not (U+1F600),
  // and plain CJK, full-width marks and Latin-1.
  const std::string tricky =
      "a\"b\\c<d>e\x01\b\t\n\f\r\x1f\x7f \xc2\x80\xc2\x9f\xc2\xa0\xc2\xad "
      "\xe2\x80\x8b\xe2\x80\xa8\xe2\x81\xa0 "
      "\xef\xbb\xbf\xef\xbf\xb9 \xf3\xa0\x80\x81\xf0\x9f\x98\x80 "
      "项目，。（一）é\xd8\x80\xdb\x9d\xdc\x8f\xe1\x9e\xb4";
  v1::ParseResult result;
  result.set_source("dir/file.txt");
  result.set_encoding("utf-8");
  result.mutable_base_date()->set_year(2023);
  auto* article = result.add_articles();
  article->set_title(tricky);
  article->add_paragraphs(tricky);
  article->add_paragraphs("");
  article->add_captions("图");
  result.add_articles();  // an empty article prints as {}
  auto* project = result.add_projects();
  project->set_display_name(tricky);
  project->add_aliases("别名");
  project->mutable_location();  // set but empty: {}
  for (const double value : {0.1, 1.0 / 3, 1e21, 123456789012345678.0, -0.0, 5e-324, 2.5, 1e-7}) {
    auto* q = project->add_capacities();
    q->set_value(value);
    q->set_unit("MW");
  }
  *project->mutable_total_investment() = money(-12, -500000000);
  project->mutable_total_investment_amount()->set_kind(v1::AMOUNT_KIND_TOTAL_INVESTMENT);
  *project->mutable_total_investment_amount()->mutable_low() =
      money(9223372036854775807LL, 999999999);
  project->mutable_total_investment_amount()->set_qualifier(v1::AMOUNT_QUALIFIER_AT_LEAST);
  project->add_amounts();
  project->mutable_floor_area()->set_value(100);
  project->set_status(v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  project->set_ceremony(true);
  project->add_key_dates()->set_kind("signed");
  project->mutable_key_dates(0)->mutable_date()->set_month(3);
  auto* phase = project->add_phases();
  phase->set_name("一期");
  phase->mutable_total_investment();
  auto* evidence = project->add_evidence();
  evidence->set_begin_offset(18446744073709551615ULL);
  evidence->set_end_offset(1);
  project->set_article_index(-1);
  result.add_projects();
  auto* warning = result.add_warnings();
  warning->set_code("BASE_DATE_INFERRED");
  warning->set_offset(42);

  std::string json;
  ASSERT_TRUE(append_parse_result_json(result, json));
  EXPECT_EQ(json, protobuf_json(result));
}

TEST(ParseJson, LeavesTextThatIsNotUtf8AndTimestampsToProtobuf) {
  v1::ParseResult result;
  result.set_source("bad\xff.txt");
  std::string json = "kept";
  EXPECT_FALSE(append_parse_result_json(result, json));
  EXPECT_EQ(json, "kept");
  v1::ParseResult stamped;
  stamped.add_projects()->mutable_create_time()->set_seconds(1);
  EXPECT_FALSE(append_parse_result_json(stamped, json));
}

// The writer that converts one article or project at a time, on one thread and on two (the seed
// four times over is large enough to be cut in two), against the whole message's writer and
// protobuf's printer.
TEST(ParseJson, PrintsAParserResultAsItsWholeMessageOnOneAndTwoThreads) {
  std::ifstream in(INVESTTRACK_SEED_BULLETIN, std::ios::binary);
  std::stringstream seed;
  seed << in.rdbuf();
  std::string bulletin;
  for (int k = 0; k < 40; ++k) bulletin += seed.str() + "\n\n";
  ASSERT_GE(bulletin.size(), 512u << 10);
  for (const int threads : {1, 2}) {
    parser::ParseOptions options;
    options.source_name = "seed<40>.txt";
    options.threads = threads;
    auto parsed = parser::parse_bulletin(bulletin, options);
    ASSERT_TRUE(std::holds_alternative<parser::ParseResult>(parsed));
    const auto& result = std::get<parser::ParseResult>(parsed);
    ASSERT_FALSE(result.projects.empty());
    const v1::ParseResult message = parser_proto::to_proto(result, options);
    std::string expected;
    ASSERT_TRUE(append_parse_result_json(message, expected));
    EXPECT_EQ(expected, protobuf_json(message));
    std::vector<std::string> parts{"kept"};
    ASSERT_TRUE(write_parse_result_json(result, options, parts)) << threads;
    if (threads > 1) {
      EXPECT_GT(parts.size(), 4u);  // kept, head, two runs or more, tail
    }
    std::string json;
    for (const auto& part : parts) json += part;
    EXPECT_EQ(json, "kept" + expected) << threads;
    // A source name that is not UTF-8 is left to protobuf, with the parts unchanged.
    options.source_name = "bad\xff.txt";
    parts = {"kept"};
    EXPECT_FALSE(write_parse_result_json(result, options, parts));
    EXPECT_THAT(parts, ElementsAre("kept"));
  }
}

// The articles' JSON written ahead during the parse (ParseOptions::while_idle), all of it or the
// first runs only (the parse ended first), prints what writing everything afterwards prints.
TEST(ParseJson, ArticlesWrittenAheadPrintTheSameJson) {
  std::ifstream in(INVESTTRACK_SEED_BULLETIN, std::ios::binary);
  std::stringstream seed;
  seed << in.rdbuf();
  std::string bulletin;
  for (int k = 0; k < 200; ++k) bulletin += seed.str() + "\n\n";
  parser::ParseOptions options;
  options.source_name = "seed<200>.txt";
  options.threads = 2;
  ArticlesWrittenAhead during_parse;
  bool called = false;
  options.while_idle = [&](const std::vector<parser::Article>& articles,
                           const std::function<bool()>& stop) {
    called = true;
    during_parse.write(articles, stop);
  };
  auto parsed = parser::parse_bulletin(bulletin, options);
  ASSERT_TRUE(std::holds_alternative<parser::ParseResult>(parsed));
  EXPECT_TRUE(called);
  const auto& result = std::get<parser::ParseResult>(parsed);
  ASSERT_GT(result.articles.size(), 100u);
  const v1::ParseResult message = parser_proto::to_proto(result, options);
  std::string expected;
  ASSERT_TRUE(append_parse_result_json(message, expected));
  auto print = [&](ArticlesWrittenAhead* ahead) {
    std::vector<std::string> parts;
    EXPECT_TRUE(write_parse_result_json(result, options, parts, ahead));
    std::string json;
    for (const auto& part : parts) json += part;
    return json;
  };
  EXPECT_EQ(print(&during_parse), expected);
  ArticlesWrittenAhead all;
  all.write(result.articles, [] { return false; });
  EXPECT_EQ(print(&all), expected);
  ArticlesWrittenAhead first_run;
  int asked = 0;
  first_run.write(result.articles, [&asked] { return ++asked > 1; });
  EXPECT_EQ(print(&first_run), expected);
  ArticlesWrittenAhead none;
  none.write(result.articles, [] { return true; });
  EXPECT_EQ(print(&none), expected);
}

TEST(FileInput, ADirectoryIsNamedAsOneNotAsAHugeFile) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "investtrack-input-dir-test";
  std::filesystem::create_directories(dir);
  std::string error;
  EXPECT_FALSE(read_input_file(dir.string(), error).has_value());
  EXPECT_THAT(error, ::testing::HasSubstr("is a directory"));
  EXPECT_THAT(error, ::testing::HasSubstr(dir.string() + "/*.txt"));
  std::ofstream(dir / "a.txt") << "项目";
  error.clear();
  EXPECT_EQ(read_input_file((dir / "a.txt").string(), error), std::optional<std::string>("项目"));
  EXPECT_EQ(read_input_file((dir / "missing.txt").string(), error), std::nullopt);
  EXPECT_EQ(error, "cannot open file");
  std::filesystem::remove_all(dir);
}

TEST(ExitCodes, EachStatusCodeMapsToItsDocumentedExitCode) {
  EXPECT_EQ(exit_code_for(grpc::StatusCode::OK), 0);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::UNAVAILABLE), 3);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::DEADLINE_EXCEEDED), 3);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::NOT_FOUND), 4);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::UNAUTHENTICATED), 5);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::PERMISSION_DENIED), 5);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::ABORTED), 6);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::ALREADY_EXISTS), 6);
  EXPECT_EQ(exit_code_for(grpc::StatusCode::INVALID_ARGUMENT), 7);
  for (const auto code : {grpc::StatusCode::INTERNAL, grpc::StatusCode::FAILED_PRECONDITION,
                          grpc::StatusCode::RESOURCE_EXHAUSTED, grpc::StatusCode::UNIMPLEMENTED,
                          grpc::StatusCode::CANCELLED, grpc::StatusCode::OUT_OF_RANGE}) {
    EXPECT_EQ(exit_code_for(code), 8) << status_code_name(code);
  }
}

TEST(ExitCodes, TheErrorLineNamesTheCommandTheCodeTheMessageAndTheReason) {
  google::rpc::ErrorInfo info;
  info.set_reason("INVALID_FILTER");
  info.set_domain("investtrack.dev");
  google::rpc::Status details;
  details.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  details.add_details()->PackFrom(info);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT,
                            "unknown field 'colour' at column 1", details.SerializeAsString());
  std::ostringstream err;
  EXPECT_EQ(report_rpc_error("list", status, err), kExitInvalidArgument);
  EXPECT_EQ(
      err.str(),
      "investtrack list: INVALID_ARGUMENT: unknown field 'colour' at column 1 [INVALID_FILTER]\n");

  std::ostringstream plain;
  EXPECT_EQ(
      report_rpc_error("get", grpc::Status(grpc::StatusCode::NOT_FOUND, "no project abc"), plain),
      kExitNotFound);
  EXPECT_EQ(plain.str(), "investtrack get: NOT_FOUND: no project abc\n");
}

TEST(ExitCodes, TheTransportsRefusalOfAnOversizedRequestIsExplained) {
  // What gRPC says when a message exceeds the server's receive limit: no ErrorInfo of ours.
  const grpc::Status transport(grpc::StatusCode::RESOURCE_EXHAUSTED,
                               "Received message larger than max (20971520 vs. 17825792)");
  std::ostringstream err;
  EXPECT_EQ(report_rpc_error("ingest", transport, err),
            exit_code_for(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_THAT(err.str(), HasSubstr("[BULLETIN_TOO_LARGE]: send smaller bulletins"));
  // The server's own refusals and other exhaustion keep their single line.
  EXPECT_EQ(message_size_hint(
                grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "too many watch streams")),
            "");
  EXPECT_EQ(message_size_hint(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "larger than max")),
            "");
}

TEST(Csv, QuotesOnlyFieldsThatNeedIt) {
  EXPECT_EQ(csv_field("武乡县食品产业园项目"), "武乡县食品产业园项目");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("他说\"开工\""), "\"他说\"\"开工\"\"\"");
  EXPECT_EQ(csv_field("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_field(" leading space"), " leading space");
}

TEST(Csv, RowsEndInCrlfAndTheBomComesFirstOnlyWhenAsked) {
  std::ostringstream with_bom;
  CsvWriter writer(with_bom, true);
  writer.write_row({"name", "city"});
  writer.write_row({"晶科能源, 一期", "太原市"});
  EXPECT_EQ(with_bom.str(), "\xEF\xBB\xBFname,city\r\n\"晶科能源, 一期\",太原市\r\n");

  std::ostringstream without;
  CsvWriter plain(without, false);
  plain.write_row({"a", "", "b"});
  EXPECT_EQ(without.str(), "a,,b\r\n");
}

TEST(Money, DecimalTextIsExact) {
  EXPECT_EQ(money_decimal(money(120000000, 0)), "120000000");
  EXPECT_EQ(money_decimal(money(1, 500000000)), "1.5");
  EXPECT_EQ(money_decimal(money(0, 1)), "0.000000001");
  EXPECT_EQ(money_decimal(money(-3, -250000000)), "-3.25");
  EXPECT_EQ(money_decimal(money(0, -500000000)), "-0.5");
  EXPECT_EQ(money_decimal(money(INT64_MIN, 0)), "-9223372036854775808");
}

TEST(Money, LabelsGroupThousandsAndNameTheCurrency) {
  EXPECT_EQ(money_label(money(120000000, 0)), "120,000,000 CNY");
  EXPECT_EQ(money_label(money(999, 0, "USD")), "999 USD");
  EXPECT_EQ(money_label(money(1000, 0)), "1,000 CNY");
  EXPECT_EQ(money_label(money(1234567, 250000000, "EUR")), "1,234,567.25 EUR");
  EXPECT_EQ(money_label(money(-56000, 0)), "-56,000 CNY");
}

TEST(Money, ParsesPlainAndChineseScaledAmounts) {
  auto parsed = parse_money("120000000", "CNY");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->units(), 120000000);
  EXPECT_EQ(parsed->nanos(), 0);
  EXPECT_EQ(parsed->currency_code(), "CNY");

  parsed = parse_money("1.2亿", "CNY");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->units(), 120000000);

  parsed = parse_money("3500万", "CNY");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->units(), 35000000);

  parsed = parse_money("0.00005万", "USD");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->units(), 0);
  EXPECT_EQ(parsed->nanos(), 500000000);
  EXPECT_EQ(parsed->currency_code(), "USD");

  parsed = parse_money("-2.75", "CNY");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->units(), -2);
  EXPECT_EQ(parsed->nanos(), -750000000);

  parsed = parse_money("007", "CNY");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->units(), 7);
}

TEST(Money, RefusesWhatIsNotAnAmount) {
  for (const char* text : {"", "abc", "1.", ".5", "1e8", "--1", "1,000", "12 亿", "亿", "1.2亿元",
                           "0x10", "0.0000000001", "10000000000000000000", "1.5千"}) {
    EXPECT_FALSE(parse_money(text, "CNY")) << text;
  }
}

TEST(Status, AcceptsShortLongAndLowerCaseNames) {
  EXPECT_EQ(parse_status("UNDER_CONSTRUCTION"), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(parse_status("under-construction"), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(parse_status("PROJECT_STATUS_OPERATING"), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(parse_status("signed"), v1::PROJECT_STATUS_SIGNED);
  EXPECT_FALSE(parse_status("UNSPECIFIED"));
  EXPECT_FALSE(parse_status("done"));
  EXPECT_FALSE(parse_status(""));
  EXPECT_FALSE(parse_status("开工"));
}

TEST(Status, LabelsDropThePrefixAndKeepUnknownNumbers) {
  EXPECT_EQ(status_label(v1::PROJECT_STATUS_COMPLETED), "COMPLETED");
  EXPECT_EQ(status_label(static_cast<v1::ProjectStatus>(42)), "42");
}

TEST(ResourceNames, BareIdsGetTheCollectionAndOthersAreRefused) {
  EXPECT_EQ(full_resource_name("projects", "abc-123"), "projects/abc-123");
  EXPECT_EQ(full_resource_name("projects", "projects/abc"), "projects/abc");
  EXPECT_EQ(full_resource_name("merges", "7"), "merges/7");
  EXPECT_FALSE(full_resource_name("projects", ""));
  EXPECT_FALSE(full_resource_name("projects", "projects/"));
  EXPECT_FALSE(full_resource_name("projects", "bulletins/abc"));
  EXPECT_FALSE(full_resource_name("projects", "a b"));
}

TEST(Dates, CivilDatesParseStrictlyAndPrintByPrecision) {
  const auto date = parse_civil_date("2024-02-29");
  ASSERT_TRUE(date);
  EXPECT_EQ(civil_date_label(*date), "2024-02-29");
  EXPECT_FALSE(parse_civil_date("2023-02-29"));
  EXPECT_FALSE(parse_civil_date("2023-13-01"));
  EXPECT_FALSE(parse_civil_date("2023-1-01"));
  EXPECT_FALSE(parse_civil_date("２０２３-01-01"));
  v1::CivilDate month;
  month.set_year(2023);
  month.set_month(10);
  EXPECT_EQ(civil_date_label(month), "2023-10");
  EXPECT_EQ(civil_date_label(v1::CivilDate{}), "");
}

TEST(Timestamps, PrintAsRfc3339InUtc) {
  google::protobuf::Timestamp time;
  time.set_seconds(1700000000);
  time.set_nanos(123);
  EXPECT_EQ(timestamp_label(time), "2023-11-14T22:13:20Z");
  EXPECT_EQ(timestamp_label(google::protobuf::Timestamp{}), "");
}

TEST(ProgressBar, FitsTheTerminalByDisplayWidth) {
  const std::string line = render_progress_line(3, 12, "山西省晋城市公告第一期.txt", 50);
  EXPECT_THAT(line, HasSubstr("[#####---------------]  3/12"));
  EXPECT_LE(display_width(line), 49u);
  EXPECT_EQ(render_progress_line(12, 12, "", 80), "[####################]  12/12");
  // Narrower than the bar: the label goes, the count stays.
  EXPECT_EQ(render_progress_line(0, 4, "a.txt", 10), "[--------------------]  0/4");
}

TEST(ProgressBar, DrawsNothingWhenDisabled) {
  std::ostringstream terminal;
  {
    ProgressBar bar(terminal, 10, false);
    bar.show(1, "a.txt");
    bar.clear();
  }
  EXPECT_EQ(terminal.str(), "");
  {
    ProgressBar bar(terminal, 10, true);
    bar.show(5, "a.txt");
  }
  EXPECT_THAT(terminal.str(), HasSubstr("5/10"));
  // The destructor erases the bar so the shell prompt starts on a clean line.
  EXPECT_THAT(terminal.str(), ::testing::EndsWith("\r\033[K"));
}

TEST(EditRequest, TheMaskHoldsExactlyTheGivenFields) {
  EditOptions options;
  options.reason = "typo in the bulletin";
  options.edits = {
      {"status", "operating"}, {"total_investment", "1.5亿"}, {"location.county", "武乡县"}};
  std::string error;
  const auto request = build_update_request("projects/abc", options, error);
  ASSERT_TRUE(request) << error;
  EXPECT_THAT(request->update_mask().paths(),
              ElementsAre("status", "total_investment", "location.county"));
  EXPECT_EQ(request->project().name(), "projects/abc");
  EXPECT_EQ(request->project().status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(request->project().total_investment().units(), 150000000);
  EXPECT_EQ(request->project().location().county(), "武乡县");
  EXPECT_EQ(request->reason(), "typo in the bulletin");
}

TEST(EditRequest, RepeatedListFlagsAddOneMaskPathAndNoLocationUnlessEdited) {
  EditOptions options;
  options.edits = {{"organizations", "晶科能源"}, {"organizations", "太原市城投"}};
  std::string error;
  const auto request = build_update_request("projects/x", options, error);
  ASSERT_TRUE(request) << error;
  EXPECT_THAT(request->update_mask().paths(), ElementsAre("organizations"));
  EXPECT_THAT(request->project().organizations(), ElementsAre("晶科能源", "太原市城投"));
  EXPECT_FALSE(request->project().has_location());
}

TEST(EditRequest, BadValuesAndEmptyEditsAreRefusedWithAReason) {
  EditOptions options;
  std::string error;
  EXPECT_FALSE(build_update_request("projects/x", options, error));
  EXPECT_THAT(error, HasSubstr("nothing to change"));

  options.edits = {{"status", "finished"}};
  EXPECT_FALSE(build_update_request("projects/x", options, error));
  EXPECT_THAT(error, HasSubstr("unknown status 'finished'"));

  options.edits = {{"total_investment", "lots"}};
  EXPECT_FALSE(build_update_request("projects/x", options, error));
  EXPECT_THAT(error, HasSubstr("--total-investment"));
}

TEST(ProjectColumns, CsvRowHasEveryHeaderColumnAndExactMoney) {
  v1::Project project;
  project.set_name("projects/wuxiang-food");
  project.set_display_name("武乡县食品产业园项目");
  project.set_status(v1::PROJECT_STATUS_COMPLETED);
  *project.mutable_total_investment() = money(120000000, 0);
  project.mutable_location()->set_city("长治市");
  project.add_organizations("武乡县汇昌源发展有限公司");
  project.add_organizations("另一家, 公司");
  const auto header = project_csv_header();
  const auto row = project_csv_row(project);
  ASSERT_EQ(header.size(), row.size());
  EXPECT_EQ(row[3], "120000000");
  EXPECT_EQ(row[4], "CNY");
  EXPECT_EQ(row[2], "COMPLETED");
  EXPECT_EQ(row[11], "武乡县汇昌源发展有限公司; 另一家, 公司");
  EXPECT_EQ(project_table_row(project)[0], "wuxiang-food");
  EXPECT_EQ(project_table_row(project).size(), project_table_header().size());
}

TEST(Summaries, OnlyTheFiveDimensionsParse) {
  EXPECT_EQ(parse_summary_dimension("city"), v1::SUMMARY_DIMENSION_CITY);
  EXPECT_EQ(parse_summary_dimension("month"), v1::SUMMARY_DIMENSION_MONTH);
  EXPECT_EQ(parse_summary_dimension("province"), v1::SUMMARY_DIMENSION_PROVINCE);
  EXPECT_FALSE(parse_summary_dimension("county"));
  EXPECT_FALSE(parse_summary_dimension(""));
}

TEST(Ingest, SummaryLineSaysCreatedUpdatedOrDuplicate) {
  v1::IngestBulletinResponse response;
  response.mutable_bulletin()->set_name("bulletins/b1");
  response.add_created_projects();
  response.add_created_projects();
  response.add_updated_projects();
  EXPECT_EQ(ingest_summary("a.txt", response), "a.txt: bulletins/b1: 2 created, 1 updated");
  response.set_duplicate(true);
  EXPECT_EQ(ingest_summary("a.txt", response), "a.txt: bulletins/b1: duplicate, nothing changed");
}

TEST(Watch, LinesAreTabSeparatedWithTheTokenLast) {
  v1::ProjectChange change;
  change.set_change_token("tok-9");
  change.set_type(v1::ProjectChange::TYPE_UPDATED);
  change.mutable_change_time()->set_seconds(1700000000);
  change.mutable_project()->set_name("projects/p1");
  change.mutable_project()->set_display_name("太原武宿国际机场三期改扩建");
  change.mutable_project()->set_status(v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(watch_line(change),
            "2023-11-14T22:13:20Z\tUPDATED\tprojects/"
            "p1\t太原武宿国际机场三期改扩建\tUNDER_CONSTRUCTION\ttok-9");
}

// Runs the CLI in-process with `args` (no program name).
struct InProcessRun {
  int exit_code;
  std::string out;
  std::string err;
};

InProcessRun run(std::vector<std::string> args) {
  args.insert(args.begin(), "investtrack");
  std::ostringstream out;
  std::ostringstream err;
  const CommandIo io{out, err, false};
  const int code = run_cli(args, io);
  return {code, out.str(), err.str()};
}

TEST(CommandLine, HelpListsTheCommandsAndTheExitCodes) {
  const auto result = run({"--help"});
  EXPECT_EQ(result.exit_code, kExitOk);
  for (const char* command :
       {"ingest", "list", "get", "history", "edit", "delete", "undelete", "summary", "export",
        "watch", "review", "merge", "split", "bulletins", "parse"}) {
    EXPECT_THAT(result.out, HasSubstr(std::string("  ") + command + " ")) << command;
  }
  EXPECT_THAT(result.out, HasSubstr("7  invalid argument"));
  EXPECT_THAT(result.out, HasSubstr("INVESTTRACK_SERVER"));
}

TEST(CommandLine, UsageErrorsExitWithTwoBeforeAnythingIsSent) {
  // A closed port: a usage error must be found before any connection attempt would fail.
  const std::string nowhere = "--server=127.0.0.1:1";
  EXPECT_EQ(run({}).exit_code, kExitUsage);
  EXPECT_EQ(run({"frobnicate"}).exit_code, kExitUsage);
  EXPECT_EQ(run({nowhere, "list", "--format", "xml"}).exit_code, kExitUsage);
  EXPECT_EQ(run({nowhere, "list", "--page-size", "-1"}).exit_code, kExitUsage);
  EXPECT_EQ(run({nowhere, "summary", "--by", "county"}).exit_code, kExitUsage);
  EXPECT_EQ(run({nowhere, "export", "--format", "xlsx"}).exit_code, kExitUsage);
  EXPECT_EQ(run({nowhere, "edit", "abc", "--status", "OPERATING"}).exit_code,
            kExitUsage);                                                              // no --reason
  EXPECT_EQ(run({nowhere, "merge", "a", "--reason", "same"}).exit_code, kExitUsage);  // no source
  EXPECT_EQ(run({nowhere, "split", "a"}).exit_code, kExitUsage);                      // no --merge
  EXPECT_EQ(run({nowhere, "--timeout", "0", "list"}).exit_code, kExitUsage);

  auto result = run({nowhere, "edit", "abc", "--reason", "x"});
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("investtrack edit: nothing to change"));

  result = run({nowhere, "edit", "abc", "--status", "finished", "--reason", "x"});
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("unknown status 'finished'"));

  result = run({nowhere, "get", "bulletins/abc"});
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("investtrack get: 'bulletins/abc' is not a projects name"));

  result = run({nowhere, "ingest", "--date", "2023-02-30", "x.txt"});
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("--date"));
}

TEST(CommandLine, AnUnreachableServerExitsWithThreeNamingTheCommand) {
  const auto result = run({"--server", "127.0.0.1:1", "--timeout", "5", "list"});
  EXPECT_EQ(result.exit_code, kExitUnavailable);
  EXPECT_THAT(result.err, HasSubstr("investtrack list: UNAVAILABLE: "));
  EXPECT_EQ(result.out, "");
}

TEST(CommandLine, GlobalOptionsMayFollowTheCommandAndComeFromTheEnvironment) {
  auto result = run({"get", "abc", "--server", "127.0.0.1:1", "--timeout", "5"});
  EXPECT_EQ(result.exit_code, kExitUnavailable);
  EXPECT_THAT(result.err, HasSubstr("investtrack get: UNAVAILABLE"));

  ::setenv("INVESTTRACK_SERVER", "127.0.0.1:1", 1);
  result = run({"--timeout", "5", "summary"});
  ::unsetenv("INVESTTRACK_SERVER");
  EXPECT_EQ(result.exit_code, kExitUnavailable);
  EXPECT_THAT(result.err, HasSubstr("127.0.0.1:1"));
}

TEST(CommandLine, IngestReportsUnreadableFilesAndGoesOn) {
  // Every file is unreadable, so the server is never needed and the exit code is "some failed".
  const auto result =
      run({"--server", "127.0.0.1:1", "ingest", "/nonexistent/a.txt", "/nonexistent/b.txt"});
  EXPECT_EQ(result.exit_code, kExitSomeInputsFailed);
  EXPECT_THAT(result.err, HasSubstr("investtrack ingest: /nonexistent/a.txt: cannot open file"));
  EXPECT_THAT(result.err, HasSubstr("investtrack ingest: /nonexistent/b.txt: cannot open file"));
}

TEST(CommandLine, ParseStillWorksOffline) {
  const auto result = run({"parse", "--format", "table", INVESTTRACK_SEED_BULLETIN});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out, HasSubstr("武乡县食品产业园项目"));
  EXPECT_THAT(result.out, HasSubstr("120,000,000 CNY"));
}

}  // namespace
}  // namespace investtrack::client
