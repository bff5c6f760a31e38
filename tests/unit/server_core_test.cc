// The server's building blocks on their own: configuration, logging, SHA-256 and the machine
// limits.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "server/config.h"
#include "server/digest.h"
#include "server/logging.h"
#include "server/machine_limits.h"
#include "test_data.h"

namespace investtrack::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ParsedCommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "investtrackd");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

// Sets an environment variable for one test and restores the previous state afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) previous_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (previous_) {
      ::setenv(name_, previous_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

// FIPS 180-2's test vectors.
TEST(Digest, Sha256MatchesTheStandardsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string raw = sha256("abc");
  ASSERT_EQ(raw.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(raw[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(raw[31]), 0xad);
}

TEST(Config, TheListeningLogNamesTheChosenPortOrTheSocket) {
  EXPECT_EQ(listening_label("127.0.0.1:0", 43117), "127.0.0.1:43117");
  EXPECT_EQ(listening_label("[::]:50051", 50051), "[::]:50051");
  EXPECT_EQ(listening_label("unix:/run/investtrack/grpc.sock", 1),
            "unix:/run/investtrack/grpc.sock");
  EXPECT_EQ(listening_label("unix-abstract:investtrack", 1), "unix-abstract:investtrack");
}

TEST(Config, DefaultsServeOnLoopbackWithTextLogs) {
  const ParsedCommandLine parsed = parse({"--db-url", "postgresql:///x"});
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  const Config& config = std::get<Config>(parsed);
  EXPECT_EQ(config.command, Command::kServe);
  EXPECT_EQ(config.db_url, "postgresql:///x");
  EXPECT_EQ(config.listen_address, "127.0.0.1:50051");
  EXPECT_EQ(config.log_format, LogFormat::kText);
  EXPECT_EQ(config.log_level, spdlog::level::info);
  EXPECT_EQ(config.migrations_dir, default_migrations_dir());
}

TEST(Config, EnvironmentFillsWhatTheCommandLineLeavesOut) {
  const ScopedEnv db("INVESTTRACK_DB_URL", "host=/tmp dbname=env");
  const ScopedEnv listen("INVESTTRACK_LISTEN", "0.0.0.0:6000");
  const ScopedEnv level("INVESTTRACK_LOG_LEVEL", "debug");
  const ScopedEnv format("INVESTTRACK_LOG_FORMAT", "json");
  const ScopedEnv dir("INVESTTRACK_MIGRATIONS_DIR", "/srv/migrations");

  const ParsedCommandLine parsed = parse({"--listen", "127.0.0.1:7000", "migrate"});
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  const Config& config = std::get<Config>(parsed);
  EXPECT_EQ(config.command, Command::kMigrate);
  EXPECT_EQ(config.db_url, "host=/tmp dbname=env");
  EXPECT_EQ(config.listen_address, "127.0.0.1:7000");  // the flag wins over the environment
  EXPECT_EQ(config.log_level, spdlog::level::debug);
  EXPECT_EQ(config.log_format, LogFormat::kJson);
  EXPECT_EQ(config.migrations_dir, "/srv/migrations");
}

TEST(Config, FlagsAfterTheSubcommandAreAccepted) {
  const ParsedCommandLine parsed = parse({"serve", "--db-url", "x", "--grace-period", "2.5"});
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  EXPECT_EQ(std::get<Config>(parsed).grace_period, std::chrono::milliseconds(2500));
}

TEST(Config, RefusesBadValuesAndAMissingDatabase) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  const ParsedCommandLine bad_format = parse({"--db-url", "x", "--log-format", "xml"});
  const ParsedCommandLine bad_level = parse({"--db-url", "x", "--log-level", "loud"});
  const ParsedCommandLine no_db = parse({});
  const ParsedCommandLine bad_command = parse({"--db-url", "x", "launch"});
  const std::string errors =
      ::testing::internal::GetCapturedStderr() + ::testing::internal::GetCapturedStdout();
  for (const auto* parsed : {&bad_format, &bad_level, &no_db, &bad_command}) {
    ASSERT_TRUE(std::holds_alternative<int>(*parsed));
    EXPECT_EQ(std::get<int>(*parsed), 2);
  }
  EXPECT_THAT(errors, HasSubstr("db-url"));
}

TEST(Config, HelpExplainsEveryFlagAndItsEnvironmentVariable) {
  ::testing::internal::CaptureStdout();
  const ParsedCommandLine parsed = parse({"--help"});
  const std::string help = ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(std::holds_alternative<int>(parsed));
  EXPECT_EQ(std::get<int>(parsed), 0);
  for (const char* text :
       {"--db-url", "INVESTTRACK_DB_URL", "--listen", "INVESTTRACK_LISTEN", "--log-level",
        "INVESTTRACK_LOG_LEVEL", "--log-format", "INVESTTRACK_LOG_FORMAT", "--migrations-dir",
        "INVESTTRACK_MIGRATIONS_DIR", "--grace-period", "serve", "migrate"}) {
    EXPECT_THAT(help, HasSubstr(text));
  }
}

TEST(JsonEscape, EscapesWhatJsonRequiresAndKeepsChineseText) {
  EXPECT_EQ(json_escape(R"(say "hi" \ bye)"), R"(say \"hi\" \\ bye)");
  EXPECT_EQ(json_escape("a\nb\rc\td\b\f"), R"(a\nb\rc\td\b\f)");
  EXPECT_EQ(json_escape(std::string("nul\0one\x1f\x7f", 9)), R"(nul\u0000one\u001f\u007f)");
  EXPECT_EQ(json_escape("项目开工 𠀀"), "项目开工 𠀀");
}

TEST(JsonEscape, ReplacesInvalidUtf8SoTheLineStaysValidJson) {
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(json_escape("a\xFF"
                        "b"),
            "a" + replacement + "b");
  EXPECT_EQ(json_escape("\xE9\xA1"), replacement + replacement);  // cut short at the end
  EXPECT_EQ(json_escape("\xC0\xAF"), replacement + replacement);  // overlong '/'
  EXPECT_EQ(json_escape("\xED\xA0\x80"), replacement + replacement + replacement);  // a surrogate
  EXPECT_EQ(json_escape("\xF4\x90\x80\x80").substr(0, 3), replacement);  // above U+10FFFF
}

TEST(SingleLine, KeepsAnEventOnOneLine) {
  EXPECT_EQ(single_line("ERROR: relation missing\nLINE 1: SELECT\n"),
            R"(ERROR: relation missing\nLINE 1: SELECT)");
  EXPECT_EQ(single_line("bell\x07"), R"(bell\x07)");
  EXPECT_EQ(single_line("项目\t开工"), "项目\t开工");
}

TEST(Logging, JsonFormatWritesOneObjectPerLine) {
  ::testing::internal::CaptureStderr();
  configure_logging(LogFormat::kJson, spdlog::level::info);
  spdlog::info("first \"quoted\"\nsecond line");
  spdlog::debug("below the level");
  const std::string out = ::testing::internal::GetCapturedStderr();
  spdlog::set_default_logger(spdlog::stderr_color_mt("restored"));  // later tests log normally

  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  EXPECT_THAT(out, HasSubstr(R"("level":"info")"));
  EXPECT_THAT(out, HasSubstr(R"("msg":"first \"quoted\"\nsecond line"})"));
  EXPECT_THAT(out, HasSubstr(R"({"time":")"));
  EXPECT_THAT(out, Not(HasSubstr("below the level")));
}

TEST(Logging, TextFormatWritesOneLinePerEvent) {
  ::testing::internal::CaptureStderr();
  configure_logging(LogFormat::kText, spdlog::level::warn);
  spdlog::warn("database said:\nrelation missing\n");
  spdlog::info("below the level");
  const std::string out = ::testing::internal::GetCapturedStderr();
  spdlog::set_default_logger(spdlog::stderr_color_mt("restored_text"));

  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  EXPECT_THAT(out, HasSubstr(R"(database said:\nrelation missing)"));
  EXPECT_THAT(out, HasSubstr("warn"));
}

TEST(Config, HeavyCallLimitsDefaultToWhatTheProcessMayUse) {
  const auto parsed = parse({"--db-url", "postgresql://x/y"});
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  const Config& config = std::get<Config>(parsed);
  EXPECT_GE(config.heavy_calls, 1u);
  EXPECT_LE(config.heavy_calls, std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_GE(config.heavy_call_memory_mb, 64u);
  EXPECT_LE(config.heavy_call_memory_mb, 640u);
  EXPECT_EQ(config.max_projects_per_bulletin, 5000);
  EXPECT_GT(available_memory_bytes(), std::size_t{64} << 20);
}

TEST(Config, HeavyCallLimitsAndTheProjectCapAreSettable) {
  const ScopedEnv memory("INVESTTRACK_HEAVY_CALL_MEMORY_MB", "300");
  const auto parsed =
      parse({"--db-url", "postgresql://x/y", "--heavy-calls", "3", "--max-projects-per-bulletin",
             "10", "--heavy-call-queue-wait", "1.5"});
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  const Config& config = std::get<Config>(parsed);
  EXPECT_EQ(config.heavy_calls, 3u);
  EXPECT_EQ(config.heavy_call_memory_mb, 300u);
  EXPECT_EQ(config.max_projects_per_bulletin, 10);
  EXPECT_EQ(config.heavy_call_queue_wait, std::chrono::milliseconds(1500));
  ::testing::internal::CaptureStderr();
  const ParsedCommandLine no_projects =
      parse({"--db-url", "x", "--max-projects-per-bulletin", "0"});
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(std::holds_alternative<int>(no_projects));
  EXPECT_EQ(std::get<int>(no_projects), 2);
}

}  // namespace
}  // namespace investtrack::server
