"""investtrack_client against a live investtrackd with the sample bulletin ingested.

Run by the ctest test python_client_tests, which starts the server on a scratch database and sets
INVESTTRACK_TEST_SERVER, INVESTTRACK_SAMPLE_BULLETIN and PYTHONPATH (client/python and the
generated stubs). Without them every test fails: a missing server must not pass as green.
"""
import os
import tempfile
import unittest

import grpc

from investtrack_client import InvesttrackClient
from investtrack_client.client import caller_service_pb2, money_to_decimal_string, project_pb2, project_service_pb2

FOOD_PARK = "武乡县食品产业园项目"


def required_env(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run through ctest (python_client_tests)")
    return value


class MoneyTextTest(unittest.TestCase):
    def test_exact_decimal_text(self):
        self.assertEqual(money_to_decimal_string(project_pb2.Money(units=120000000)), "120000000")
        self.assertEqual(money_to_decimal_string(project_pb2.Money(units=1, nanos=500000000)), "1.5")
        self.assertEqual(money_to_decimal_string(project_pb2.Money(units=-2, nanos=-250000000)), "-2.25")
        self.assertEqual(money_to_decimal_string(project_pb2.Money(nanos=-5)), "-0.000000005")


class LiveServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = required_env("INVESTTRACK_TEST_SERVER")
        cls.sample = required_env("INVESTTRACK_SAMPLE_BULLETIN")
        cls.client = InvesttrackClient(cls.server, timeout=30)
        cls.first_ingest = cls.client.ingest_file(cls.sample)
        cls.projects = list(cls.client.list_projects(page_size=1000))

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def test_ingest_creates_projects_and_the_same_bytes_again_change_nothing(self):
        self.assertGreater(len(self.first_ingest.created_projects), 0)
        self.assertTrue(self.first_ingest.bulletin.name.startswith("bulletins/"))
        again = self.client.ingest_file(self.sample, source="again", publication_date="2023-10-31")
        self.assertTrue(again.duplicate)
        self.assertEqual(again.bulletin.name, self.first_ingest.bulletin.name)

    def test_ingest_files_gives_a_result_for_each_file_in_order(self):
        # Only the stored sample and an empty file, so the register the other tests read stays.
        with tempfile.TemporaryDirectory() as directory:
            empty = os.path.join(directory, "empty.txt")
            open(empty, "wb").close()
            results = list(self.client.ingest_files([self.sample, empty, self.sample], batch_size=2))
        self.assertEqual([path for path, _, _ in results], [self.sample, empty, self.sample])
        for index in (0, 2):
            _, response, status = results[index]
            self.assertEqual(status.code, 0)
            self.assertTrue(response.duplicate)
            self.assertEqual(response.bulletin.name, self.first_ingest.bulletin.name)
        _, response, status = results[1]
        self.assertIsNone(response)
        self.assertEqual(status.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        self.assertIn("content is empty", status.message)

    def test_small_pages_yield_every_project_once_in_the_same_order(self):
        paged = list(self.client.list_projects(page_size=2))
        self.assertEqual([p.name for p in paged], [p.name for p in self.projects])
        self.assertEqual(len({p.name for p in paged}), len(paged))
        pages = list(self.client.list_project_pages(page_size=2))
        self.assertEqual(len(pages), (len(self.projects) + 1) // 2)
        self.assertTrue(all(page.next_page_token for page in pages[:-1]))
        self.assertEqual(pages[-1].next_page_token, "")

    def test_the_food_park_has_its_exact_investment(self):
        parks = [p for p in self.projects if p.display_name == FOOD_PARK]
        self.assertEqual(len(parks), 1, [p.display_name for p in self.projects])
        park = parks[0]
        self.assertEqual(money_to_decimal_string(park.total_investment), "120000000")
        self.assertEqual(park.total_investment.currency_code, "CNY")
        self.assertEqual(self.client.get_project(park.name.split("/", 1)[1]).display_name, FOOD_PARK)
        events = list(self.client.list_project_events(park.name))
        self.assertTrue(any(e.kind == project_service_pb2.ProjectEvent.KIND_OBSERVATION for e in events))

    def test_filters_narrow_the_list_and_a_bad_one_is_invalid_argument(self):
        in_wuxiang = list(self.client.list_projects(filter='county = "武乡县"'))
        self.assertGreater(len(in_wuxiang), 0)
        self.assertLess(len(in_wuxiang), len(self.projects))
        self.assertTrue(all(p.location.county == "武乡县" for p in in_wuxiang))
        with self.assertRaises(grpc.RpcError) as raised:
            list(self.client.list_projects(filter="colour = red"))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("colour", raised.exception.details())

    def test_summary_by_city_agrees_with_the_list(self):
        summary = self.client.summarize("city")
        self.assertEqual(summary.total.project_count, len(self.projects))
        by_city = {group.key: group.project_count for group in summary.groups}
        expected = sum(1 for p in self.projects if p.location.city == "长治市")
        self.assertEqual(by_city.get("长治市"), expected)
        with self.assertRaises(ValueError):
            self.client.summarize("county")

    def test_status_changes_in_a_window_of_days(self):
        # The sample bulletin's projects each have one status so far: no changes, in any window.
        summary = self.client.summarize("status", status_changes_from="2000-01-01")
        self.assertEqual(summary.total.status_change_count, 0)
        with self.assertRaises(grpc.RpcError) as refused:
            self.client.summarize("status", status_changes_from="2026-12-01", status_changes_until="2026-11-01")
        self.assertEqual(refused.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        with self.assertRaises(ValueError):
            self.client.summarize("status", status_changes_until="2026-11-01")

    def test_get_caller_on_a_server_without_tokens_is_the_local_admin(self):
        caller = self.client.get_caller()
        self.assertEqual(caller.display_name, "local")
        self.assertEqual(caller.role, caller_service_pb2.CALLER_ROLE_ADMIN)

    def test_export_streams_every_project(self):
        exported = list(self.client.export())
        self.assertEqual(sorted(p.name for p in exported), sorted(p.name for p in self.projects))

    def test_health_through_the_client(self):
        self.assertEqual(self.client.health(), "SERVING")
        self.assertEqual(self.client.health("investtrack.v1.ProjectService"), "SERVING")

    def test_the_standard_health_check_as_a_generic_client_makes_it(self):
        # Only the standard grpc.health.v1 stubs, no investtrack code: what a load balancer or a
        # monitoring probe does.
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        with grpc.insecure_channel(self.server) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            response = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=10)
            self.assertEqual(response.status, health_pb2.HealthCheckResponse.SERVING)
            with self.assertRaises(grpc.RpcError) as raised:
                stub.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)
            self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_a_server_that_is_not_there_raises_unavailable(self):
        with InvesttrackClient("127.0.0.1:1", timeout=5) as nowhere:
            with self.assertRaises(grpc.RpcError) as raised:
                nowhere.health()
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAVAILABLE)


if __name__ == "__main__":
    unittest.main()
