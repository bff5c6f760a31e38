"""investtrack_client and investtrack_report.py against a live investtrackd that speaks TLS.

Run by the ctest test python_client_tests (PythonClient.TlsAgainstATlsServer), which makes a
throwaway CA and server certificate (tests/integration/tls/make_test_certificates.sh: the server's
certificate names only "localhost"), starts the server with them and sets
INVESTTRACK_TEST_TLS_SERVER (localhost:PORT), INVESTTRACK_TEST_TLS_DIR (the certificates) and
INVESTTRACK_REPORT_SCRIPT. Without them every test fails: a missing server must not pass as green.
"""
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import grpc

from investtrack_client import InvesttrackClient, TlsError, connection_failure_hint


def required_env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run through ctest (python_client_tests)")
    return value


class TlsClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = required_env("INVESTTRACK_TEST_TLS_SERVER")
        cls.certs = required_env("INVESTTRACK_TEST_TLS_DIR")
        cls.report = required_env("INVESTTRACK_REPORT_SCRIPT")

    def cert(self, name):
        return os.path.join(self.certs, name)

    def failed_call_hint(self, **kwargs):
        with InvesttrackClient(self.server, timeout=10, **kwargs) as client:
            with self.assertRaises(grpc.RpcError) as raised:
                client.health()
        self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAVAILABLE)
        return connection_failure_hint(raised.exception)

    def test_with_the_ca_calls_succeed(self):
        with InvesttrackClient(self.server, tls_ca=self.cert("ca.pem"), timeout=10) as client:
            self.assertTrue(client.tls)
            self.assertEqual(client.health(), "SERVING")
            self.assertEqual(list(client.list_projects()), [])

    def test_the_ca_and_server_name_come_from_the_environment(self):
        address = self.server.replace("localhost", "127.0.0.1")
        env = {"INVESTTRACK_TLS_CA": self.cert("ca.pem"), "INVESTTRACK_TLS_SERVER_NAME": "localhost"}
        with mock.patch.dict(os.environ, env), InvesttrackClient(address, timeout=10) as client:
            self.assertEqual(client.health(), "SERVING")

    def test_plaintext_against_a_tls_server_says_it_may_want_tls(self):
        self.assertIn("if it serves TLS", self.failed_call_hint())

    def test_a_wrong_ca_says_the_certificate_is_not_trusted(self):
        self.assertIn("not signed by a trusted CA", self.failed_call_hint(tls_ca=self.cert("other-ca.pem")))

    def test_an_address_not_on_the_certificate_says_so(self):
        address = self.server.replace("localhost", "127.0.0.1")
        with InvesttrackClient(address, tls_ca=self.cert("ca.pem"), timeout=10) as client:
            with self.assertRaises(grpc.RpcError) as raised:
                client.health()
        self.assertIn("not issued for the name", connection_failure_hint(raised.exception))

    def test_unusable_ca_files_fail_before_connecting_naming_the_file(self):
        with self.assertRaisesRegex(TlsError, "cannot read CA file .*missing.pem"):
            InvesttrackClient(self.server, tls_ca=self.cert("missing.pem"))
        with self.assertRaisesRegex(TlsError, "not-pem.txt holds no PEM certificate"):
            InvesttrackClient(self.server, tls_ca=self.cert("not-pem.txt"))
        with self.assertRaisesRegex(TlsError, "TLS is off"):
            InvesttrackClient(self.server, tls=False, tls_ca="", tls_server_name="localhost")

    def run_report(self, *args):
        with tempfile.TemporaryDirectory() as out:
            env = dict(os.environ)
            for name in ("INVESTTRACK_TLS", "INVESTTRACK_TLS_CA", "INVESTTRACK_TLS_SERVER_NAME"):
                env.pop(name, None)
            result = subprocess.run([sys.executable, self.report, "--server", self.server, "--out", out,
                                     "--month", "2023-11", "--timeout", "20", *args],
                                    env=env, capture_output=True, text=True, timeout=120)
            written = sorted(os.listdir(out))
        return result, written

    def test_the_report_script_speaks_tls_with_the_ca(self):
        result, written = self.run_report("--tls-ca", self.cert("ca.pem"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("investtrack-report-2023-11.html", written)

    def test_the_report_script_says_what_is_wrong_with_tls(self):
        wrong_ca, _ = self.run_report("--tls-ca", self.cert("other-ca.pem"))
        self.assertEqual(wrong_ca.returncode, 3, wrong_ca.stderr)
        self.assertIn("not signed by a trusted CA", wrong_ca.stderr)
        plaintext, _ = self.run_report()
        self.assertEqual(plaintext.returncode, 3, plaintext.stderr)
        self.assertIn("if it serves TLS", plaintext.stderr)
        missing, _ = self.run_report("--tls-ca", self.cert("missing.pem"))
        self.assertEqual(missing.returncode, 2, missing.stderr)
        self.assertIn("missing.pem", missing.stderr)


if __name__ == "__main__":
    unittest.main()
