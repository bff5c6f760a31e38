// TLS in every tool, against throwaway certificates made with the openssl command
// (make_test_certificates.sh): the checks of the PEM files themselves (no server), investtrackd
// refusing a certificate and key that do not belong together before it touches the database,
// and, against a real investtrackd serving TLS on a scratch database, the investtrack CLI and
// `investtrackd health` with the right CA, the wrong one, and none.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "child_process.h"
#include "test_db.h"
#include "test_server.h"
#include "tls/client_channel.h"
#include "tls/pem_files.h"

namespace investtrack::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

// What a finished program printed and how it ended (stderr and stdout kept apart).
CommandResult run_program(const std::vector<std::string>& args,
                          std::chrono::seconds timeout = 60s) {
  ChildProcess child(args);
  CommandResult result;
  const std::optional<int> status = child.wait(timeout);
  if (!status) {
    child.signal(SIGKILL);
    child.wait(5s);
  }
  result.exit_code = status.value_or(-1);
  result.out = child.out();
  result.err = child.err();
  return result;
}

// `program args...` with `env` added to the environment, through env(1).
CommandResult run_with_env(const std::map<std::string, std::string>& env,
                           const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/env"};
  for (const auto& [name, value] : env) argv.push_back(name + "=" + value);
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

class TlsFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certificates_.emplace();
    ASSERT_TRUE(certificates_->made()) << certificates_->error();
    dir_ = certificates_->dir();
  }
  static void TearDownTestSuite() { certificates_.reset(); }
  static fs::path file(const std::string& name) { return dir_ / name; }

  static std::optional<TestCertificates> certificates_;
  static fs::path dir_;
};

std::optional<TestCertificates> TlsFiles::certificates_;
fs::path TlsFiles::dir_;

TEST_F(TlsFiles, AMatchingCertificateAndKeyAreRead) {
  const tls::KeyPair pair = tls::read_key_pair(file("server.pem"), file("server.key"));
  EXPECT_THAT(pair.certificate_chain, HasSubstr("BEGIN CERTIFICATE"));
  EXPECT_THAT(pair.private_key, HasSubstr("PRIVATE KEY"));
  EXPECT_EQ(tls::certificate_host_name(pair.certificate_chain), "localhost");
}

TEST_F(TlsFiles, AKeyOfAnotherCertificateIsRefusedNamingBothFiles) {
  try {
    tls::read_key_pair(file("server.pem"), file("other.key"));
    FAIL() << "a mismatched pair was accepted";
  } catch (const tls::TlsError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("do not match"), HasSubstr(file("other.key").string()),
                                HasSubstr(file("server.pem").string())));
  }
}

TEST_F(TlsFiles, MissingUnreadableAndNonPemFilesAreRefusedNamingTheFile) {
  const auto message = [](auto&& call) -> std::string {
    try {
      call();
    } catch (const tls::TlsError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_THAT(message([] { tls::read_key_pair(file("missing.pem"), file("server.key")); }),
              AllOf(HasSubstr("cannot read TLS certificate"), HasSubstr("missing.pem"),
                    HasSubstr("No such file")));
  EXPECT_THAT(message([] { tls::read_key_pair(file("not-pem.txt"), file("server.key")); }),
              AllOf(HasSubstr("not-pem.txt"), HasSubstr("no PEM certificate")));
  // The two files swapped: a key holds no certificate.
  EXPECT_THAT(message([] { tls::read_key_pair(file("server.key"), file("server.pem")); }),
              AllOf(HasSubstr("server.key"), HasSubstr("no PEM certificate")));
  EXPECT_THAT(message([] { tls::read_key_pair(file("server.pem"), file("not-pem.txt")); }),
              AllOf(HasSubstr("not-pem.txt"), HasSubstr("no usable PEM private key")));
  EXPECT_THAT(message([] { tls::read_certificates(dir_, "CA file"); }),
              HasSubstr("is a directory"));
  EXPECT_THAT(
      message([] { tls::read_certificates(file("not-pem.txt"), "CA file"); }),
      AllOf(HasSubstr("CA file"), HasSubstr("not-pem.txt"), HasSubstr("no PEM certificate")));
  EXPECT_THAT(message([] {
                tls::ClientTls off{false, {}, "localhost"};
                tls::channel_credentials(off);
              }),
              HasSubstr("TLS is off"));
}

TEST(ConnectionFailureHint, ReadsGrpcsTransportTextInTlsTerms) {
  const auto hint = [](grpc::StatusCode code, const std::string& message) {
    return tls::connection_failure_hint(grpc::Status(code, message));
  };
  // A TLS client against a plaintext server (gRPC 1.51 with OpenSSL 3, as seen here).
  EXPECT_THAT(hint(grpc::StatusCode::UNAVAILABLE,
                   "failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:5: Ssl "
                   "handshake "
                   "failed: SSL_ERROR_SSL: error:0A00010B:SSL routines::wrong version number"),
              HasSubstr("the server does not speak TLS"));
  EXPECT_EQ(hint(grpc::StatusCode::UNAVAILABLE,
                 "failed to connect to all addresses; last error: UNKNOWN: "
                 "ipv4:127.0.0.1:5: Failed to connect to remote host: Connection refused"),
            "");
  EXPECT_EQ(hint(grpc::StatusCode::PERMISSION_DENIED, "Socket closed"), "");
}

TEST_F(TlsFiles, ServerStartRefusesAMismatchedPairBeforeTouchingTheDatabase) {
  // Nothing listens on port 1: reaching the database step would fail with a different message.
  const CommandResult result = run_program(
      {INVESTTRACKD_PATH, "serve", "--db-url", "postgresql://nobody@127.0.0.1:1/nothing",
       "--listen", "127.0.0.1:0", "--tls-cert", file("server.pem").string(), "--tls-key",
       file("other.key").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err,
              AllOf(HasSubstr("TLS certificate and key do not match"), HasSubstr("other.key")));
  EXPECT_THAT(result.err, Not(HasSubstr("database")));
  EXPECT_THAT(result.err, Not(HasSubstr("port")));

  const CommandResult unreadable = run_program(
      {INVESTTRACKD_PATH, "serve", "--db-url", "postgresql://nobody@127.0.0.1:1/nothing",
       "--tls-cert", file("missing.pem").string(), "--tls-key", file("server.key").string()});
  EXPECT_EQ(unreadable.exit_code, 1);
  EXPECT_THAT(unreadable.err,
              AllOf(HasSubstr("cannot read TLS certificate"), HasSubstr("missing.pem")));
  EXPECT_THAT(unreadable.err, Not(HasSubstr("database")));
}

// A real investtrackd serving TLS with server.pem (issued for "localhost" only) on a scratch
// database.
class TlsServer : public TlsFiles {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.extra_args = {"--tls-cert", file("server.pem").string(), "--tls-key",
                          file("server.key").string()};
    server_.emplace(db_.url(), options);
  }

  // The CLI against the server by the name on its certificate.
  CommandResult cli(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv{cli_path(), "--server",
                                  "localhost:" + std::to_string(server_->port())};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_with_env(env, argv);
  }

  // `investtrackd health` against the server, configured through the environment as in the image.
  CommandResult health(const std::map<std::string, std::string>& env,
                       const std::vector<std::string>& args = {}) {
    std::map<std::string, std::string> full_env{
        {"INVESTTRACK_LISTEN", "0.0.0.0:" + std::to_string(server_->port())}};
    for (const auto& [name, value] : env) full_env[name] = value;
    std::vector<std::string> argv{INVESTTRACKD_PATH, "health", "--timeout", "5"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_with_env(full_env, argv);
  }

  ScratchDatabase db_;
  std::optional<ServerProcess> server_;
};

TEST_F(TlsServer, TheCliConnectsWithTheCaAndSaysWhatIsWrongOtherwise) {
  const std::string ca = file("ca.pem").string();
  const CommandResult with_ca = cli({"--tls-ca", ca, "bulletins"});
  EXPECT_EQ(with_ca.exit_code, 0) << with_ca.err << "\nserver log:\n" << server_->log();

  const CommandResult from_env = cli({"bulletins"}, {{"INVESTTRACK_TLS_CA", ca}});
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;

  // By address: the certificate names only localhost, so the name must be given.
  const std::string by_address = server_->address();
  const CommandResult named = run_program({cli_path(), "--server", by_address, "--tls-ca", ca,
                                           "--tls-server-name", "localhost", "bulletins"});
  EXPECT_EQ(named.exit_code, 0) << named.err;
  const CommandResult unnamed =
      run_program({cli_path(), "--server", by_address, "--tls-ca", ca, "bulletins"});
  EXPECT_EQ(unnamed.exit_code, 3);
  EXPECT_THAT(unnamed.err,
              AllOf(HasSubstr("not issued for the name"), HasSubstr("--tls-server-name")));

  const CommandResult plaintext = cli({"bulletins"});
  EXPECT_EQ(plaintext.exit_code, 3);
  EXPECT_THAT(plaintext.err, AllOf(HasSubstr("if it serves TLS"), HasSubstr("--tls-ca")));
  // watch waits for a connection before its stream; when none comes it says why all the same.
  const CommandResult watch = cli({"--timeout", "2", "watch"});
  EXPECT_EQ(watch.exit_code, 3);
  EXPECT_THAT(watch.err, HasSubstr("if it serves TLS"));

  const CommandResult wrong_ca = cli({"--tls-ca", file("other-ca.pem").string(), "bulletins"});
  EXPECT_EQ(wrong_ca.exit_code, 3);
  EXPECT_THAT(wrong_ca.err, AllOf(HasSubstr("TLS handshake failed"),
                                  HasSubstr("certificate is not signed by a trusted CA")));

  // The test CA is in no system store.
  const CommandResult system_roots = cli({"--tls", "bulletins"});
  EXPECT_EQ(system_roots.exit_code, 3);
  EXPECT_THAT(system_roots.err, HasSubstr("certificate is not signed by a trusted CA"));

  // Bad CA files fail before anything is sent, as usage errors naming the file.
  const CommandResult missing = cli({"--tls-ca", file("missing.pem").string(), "bulletins"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, AllOf(HasSubstr("cannot read CA file"), HasSubstr("missing.pem")));
  const CommandResult not_pem =
      cli({"bulletins"}, {{"INVESTTRACK_TLS_CA", file("not-pem.txt").string()}});
  EXPECT_EQ(not_pem.exit_code, 2);
  EXPECT_THAT(not_pem.err, AllOf(HasSubstr("not-pem.txt"), HasSubstr("no PEM certificate")));
  const CommandResult name_without_tls = cli({"--tls-server-name", "localhost", "bulletins"});
  EXPECT_EQ(name_without_tls.exit_code, 2);
  EXPECT_THAT(name_without_tls.err, HasSubstr("TLS is off"));
}

TEST_F(TlsServer, HealthSpeaksTlsWhenTheServerIsConfiguredForIt) {
  const std::map<std::string, std::string> server_env{
      {"INVESTTRACK_TLS_CERT", file("server.pem").string()},
      {"INVESTTRACK_TLS_KEY", file("server.key").string()}};
  // As in the image: the server's own settings, nothing else. Its certificate is the root and
  // the name on it (localhost) the expected name, although health connects to 127.0.0.1.
  const CommandResult own = health(server_env);
  EXPECT_EQ(own.exit_code, 0) << own.err;
  EXPECT_EQ(own.out, "SERVING\n");

  auto with = [&server_env](std::map<std::string, std::string> more) {
    more.insert(server_env.begin(), server_env.end());
    return more;
  };
  const CommandResult with_ca = health(with({{"INVESTTRACK_TLS_CA", file("ca.pem").string()}}));
  EXPECT_EQ(with_ca.exit_code, 0) << with_ca.err;

  const CommandResult wrong_ca =
      health(with({{"INVESTTRACK_TLS_CA", file("other-ca.pem").string()}}));
  EXPECT_EQ(wrong_ca.exit_code, 1);
  EXPECT_THAT(wrong_ca.err, HasSubstr("certificate is not signed by a trusted CA"));

  const CommandResult wrong_name = health(server_env, {"--tls-server-name", "elsewhere.example"});
  EXPECT_EQ(wrong_name.exit_code, 1);
  EXPECT_THAT(wrong_name.err, HasSubstr("not issued for the name"));

  const CommandResult plaintext = health({});
  EXPECT_EQ(plaintext.exit_code, 1);
  EXPECT_THAT(plaintext.err, HasSubstr("if it serves TLS"));

  const CommandResult bad_ca = health(with({{"INVESTTRACK_TLS_CA", file("not-pem.txt").string()}}));
  EXPECT_EQ(bad_ca.exit_code, 1);
  EXPECT_THAT(bad_ca.err, AllOf(HasSubstr("not sent"), HasSubstr("not-pem.txt")));
}

}  // namespace
}  // namespace investtrack::testing
