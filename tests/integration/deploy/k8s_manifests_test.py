#!/usr/bin/python3
"""Checks deploy/k8s/*.yaml (and deploy/compose.yaml) for the mistakes that only show once a cluster runs them: probes
that are not gRPC or hit the wrong port or an unknown service, containers without resources,
secrets written into the Deployment, a grace period shorter than the server's, references to
ConfigMaps, Secrets or keys that do not exist, settings investtrackd does not read, /metrics
served on another port than the scrape annotations name.

    /usr/bin/python3 tests/integration/deploy/k8s_manifests_test.py [REPO_ROOT]

Each check returns a list of problems; the tests run them on the real manifests (no problems
expected) and on broken copies (the problem expected), so a check that cannot fail is caught.
"""
import copy
import glob
import os
import re
import sys
import unittest

import yaml

ROOT = os.environ.get("INVESTTRACK_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
LIVENESS_SERVICE = "investtrack.liveness"
GRPC_PORT = 50051
METRICS_PORT = 9464
# Names whose values are credentials wherever they appear.
SECRET_NAME = re.compile(r"(DB_URL|TOKEN|PASSWORD|SECRET)", re.IGNORECASE)
SECRET_VALUE = re.compile(r"(postgres(ql)?://[^/\s]*:[^@\s]*@|password\s*=)", re.IGNORECASE)


def load_manifests(directory):
    documents = []
    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for document in yaml.safe_load_all(f):
                if document is not None:
                    documents.append((os.path.basename(path), document))
    return documents


def by_kind(documents, kind):
    return [doc for _, doc in documents if doc.get("kind") == kind]


def known_env_names():
    """Every environment variable investtrackd reads (CLI11 envname or getenv in server/)."""
    names = set()
    for path in glob.glob(os.path.join(ROOT, "server", "**", "*.cc"), recursive=True):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names.update(re.findall(r'envname\("([A-Z0-9_]+)"\)', text))
        names.update(re.findall(r'getenv\("([A-Z0-9_]+)"\)', text))
    return names


def grpc_service_names():
    names = set()
    for path in glob.glob(os.path.join(ROOT, "proto", "investtrack", "v1", "*.proto")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        package = re.search(r"^package\s+([\w.]+);", text, re.MULTILINE).group(1)
        names.update(f"{package}.{name}" for name in re.findall(r"^service\s+(\w+)", text, re.MULTILINE))
    return names


def pod_specs(documents):
    """(description, pod spec) of every workload."""
    specs = []
    for kind in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
        for doc in by_kind(documents, kind):
            specs.append((f"{kind} {doc['metadata']['name']}", doc["spec"]["template"]["spec"]))
    return specs


def grace_seconds_from_configmaps(documents):
    for doc in by_kind(documents, "ConfigMap"):
        value = (doc.get("data") or {}).get("INVESTTRACK_GRACE_PERIOD")
        if value is not None:
            return float(value)
    return 10.0  # the server's default (server/config.h)


def pre_stop_seconds(container):
    command = (((container.get("lifecycle") or {}).get("preStop") or {}).get("exec") or {}).get("command") or []
    if len(command) == 2 and command[0] == "sleep":
        return float(command[1])
    sleep = ((container.get("lifecycle") or {}).get("preStop") or {}).get("sleep") or {}
    return float(sleep.get("seconds", 0))


# --- checks: each returns a list of problems ----------------------------------------------------

def check_basics(documents):
    problems = []
    for name, doc in documents:
        for field in ("apiVersion", "kind", "metadata"):
            if field not in doc:
                problems.append(f"{name}: no {field}")
        if "metadata" in doc and not doc["metadata"].get("name"):
            problems.append(f"{name}: no metadata.name")
    kinds = {doc.get("kind") for _, doc in documents}
    for kind in ("Deployment", "Service", "ConfigMap", "Secret", "Job"):
        if kind not in kinds:
            problems.append(f"no {kind}")
    return problems


def check_deployment(documents):
    problems = []
    services = grpc_service_names()
    for doc in by_kind(documents, "Deployment"):
        spec = doc["spec"]
        if spec.get("replicas", 1) < 2:
            problems.append(f"replicas is {spec.get('replicas', 1)}, need at least 2")
        pod = spec["template"]["spec"]
        for container in pod["containers"]:
            ports = [p.get("containerPort") for p in container.get("ports", [])]
            if GRPC_PORT not in ports:
                problems.append(f"container {container['name']} does not expose {GRPC_PORT}")
            for probe_name in ("readinessProbe", "livenessProbe"):
                probe = container.get(probe_name)
                if not probe:
                    problems.append(f"no {probe_name}")
                    continue
                grpc_probe = probe.get("grpc")
                if grpc_probe is None or set(probe) & {"httpGet", "tcpSocket", "exec"}:
                    problems.append(f"{probe_name} is not a native gRPC probe")
                    continue
                if grpc_probe.get("port") != GRPC_PORT:
                    problems.append(f"{probe_name} probes port {grpc_probe.get('port')}, not {GRPC_PORT}")
            readiness = (container.get("readinessProbe") or {}).get("grpc") or {}
            liveness = (container.get("livenessProbe") or {}).get("grpc") or {}
            # Readiness follows the database through a named service; liveness asks about the
            # name that stays SERVING through a database outage, so an outage restarts nothing.
            if readiness and readiness.get("service", "") not in services:
                problems.append(f"readinessProbe asks about {readiness.get('service', '')!r}, not one of "
                                f"{sorted(services)}")
            if liveness and liveness.get("service", "") != LIVENESS_SERVICE:
                problems.append(f"livenessProbe must ask about {LIVENESS_SERVICE!r}")
            # Page tokens are signed with a per-process random key unless one is given, so a
            # second page fetched through the Service from another replica would be refused.
            env_names = {env["name"] for env in container.get("env", [])}
            if spec.get("replicas", 1) > 1 and "INVESTTRACK_PAGE_TOKEN_KEY" not in env_names:
                problems.append("replicas share no INVESTTRACK_PAGE_TOKEN_KEY: page tokens break across pods")
        grace = grace_seconds_from_configmaps(documents)
        period = pod.get("terminationGracePeriodSeconds", 30)
        for container in pod["containers"]:
            needed = grace + pre_stop_seconds(container)
            if period <= needed:
                problems.append(f"terminationGracePeriodSeconds {period} is not above the preStop pause "
                                f"plus INVESTTRACK_GRACE_PERIOD ({needed:g} s): calls would be SIGKILLed")
    return problems


def check_resources(documents):
    problems = []
    for what, pod in pod_specs(documents):
        for container in pod.get("initContainers", []) + pod["containers"]:
            resources = container.get("resources") or {}
            for section in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if not (resources.get(section) or {}).get(resource):
                        problems.append(f"{what}/{container['name']}: no {section}.{resource}")
    return problems


def check_no_inlined_secrets(documents):
    problems = []
    for what, pod in pod_specs(documents):
        for container in pod.get("initContainers", []) + pod["containers"]:
            for env in container.get("env", []):
                if "value" in env:
                    if SECRET_NAME.search(env["name"]) and not env["name"].endswith("_FILE"):
                        problems.append(f"{what}: {env['name']} is inlined; take it from a Secret (secretKeyRef)")
                    if SECRET_VALUE.search(str(env["value"])):
                        problems.append(f"{what}: {env['name']} holds a credential inline")
                elif SECRET_NAME.search(env["name"]) and not env["name"].endswith("_FILE"):
                    if "secretKeyRef" not in (env.get("valueFrom") or {}):
                        problems.append(f"{what}: {env['name']} must come from a secretKeyRef")
            names = {env["name"] for env in container.get("env", [])}
            if what.startswith("Deployment") and "INVESTTRACK_DB_URL" not in names:
                problems.append(f"{what}: INVESTTRACK_DB_URL is not set from the Secret")
    for doc in by_kind(documents, "ConfigMap"):
        for key, value in (doc.get("data") or {}).items():
            if (SECRET_NAME.search(key) and not key.endswith("_FILE")) or SECRET_VALUE.search(str(value)):
                problems.append(f"ConfigMap {doc['metadata']['name']}: {key} belongs in the Secret")
    return problems


def check_references(documents):
    problems = []
    config_maps = {doc["metadata"]["name"]: doc.get("data") or {} for doc in by_kind(documents, "ConfigMap")}
    secrets = {doc["metadata"]["name"]: {**(doc.get("stringData") or {}), **(doc.get("data") or {})}
               for doc in by_kind(documents, "Secret")}
    known = known_env_names()
    for name, data in config_maps.items():
        for key in data:
            if key not in known:
                problems.append(f"ConfigMap {name}: investtrackd reads no variable {key}")
    for what, pod in pod_specs(documents):
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for container in pod["containers"]:
            for source in container.get("envFrom", []):
                ref = source.get("configMapRef") or source.get("secretRef") or {}
                pool = config_maps if "configMapRef" in source else secrets
                if ref.get("name") not in pool:
                    problems.append(f"{what}: envFrom refers to missing {ref.get('name')}")
            for env in container.get("env", []):
                if env["name"] not in known:
                    problems.append(f"{what}: investtrackd reads no variable {env['name']}")
                value_from = env.get("valueFrom") or {}
                for ref_kind, pool in (("secretKeyRef", secrets), ("configMapKeyRef", config_maps)):
                    ref = value_from.get(ref_kind)
                    if ref and (ref["name"] not in pool or ref["key"] not in pool[ref["name"]]):
                        problems.append(f"{what}: {env['name']} refers to missing {ref['name']}/{ref['key']}")
            for mount in container.get("volumeMounts", []):
                volume = volumes.get(mount["name"])
                if volume is None:
                    problems.append(f"{what}: volumeMount {mount['name']} has no volume")
                elif "secret" in volume:
                    secret = volume["secret"]["secretName"]
                    for item in volume["secret"].get("items", []):
                        if secret not in secrets or item["key"] not in secrets[secret]:
                            problems.append(f"{what}: volume {mount['name']} needs {secret}/{item['key']}")
    # A token file must be where the Secret is mounted.
    for doc in by_kind(documents, "Deployment"):
        pod = doc["spec"]["template"]["spec"]
        for container in pod["containers"]:
            token_file = None
            for source in container.get("envFrom", []):
                token_file = config_maps.get((source.get("configMapRef") or {}).get("name"), {}).get(
                    "INVESTTRACK_TOKEN_FILE", token_file)
            if token_file and not any(token_file.startswith(m["mountPath"].rstrip("/") + "/")
                                      for m in container.get("volumeMounts", [])):
                problems.append(f"INVESTTRACK_TOKEN_FILE {token_file} is not under any volumeMount")
    return problems


def check_service_and_job(documents):
    problems = []
    deployments = by_kind(documents, "Deployment")
    for service in by_kind(documents, "Service"):
        selector = service["spec"].get("selector") or {}
        matches = [d for d in deployments
                   if selector and all(d["spec"]["template"]["metadata"]["labels"].get(k) == v
                                       for k, v in selector.items())]
        if not matches:
            problems.append(f"Service {service['metadata']['name']} selects no Deployment's pods")
        for port in service["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            for deployment in matches:
                container_ports = [p for c in deployment["spec"]["template"]["spec"]["containers"]
                                   for p in c.get("ports", [])]
                if not any(target in (p.get("name"), p.get("containerPort")) for p in container_ports):
                    problems.append(f"Service port {port['port']} targets {target}, which no container has")
    images = {c["image"] for d in deployments for c in d["spec"]["template"]["spec"]["containers"]}
    jobs = by_kind(documents, "Job")
    for job in jobs:
        pod = job["spec"]["template"]["spec"]
        if pod.get("restartPolicy") not in ("Never", "OnFailure"):
            problems.append(f"Job {job['metadata']['name']}: restartPolicy must be Never or OnFailure")
        for container in pod["containers"]:
            if (container.get("args") or container.get("command") or [])[-1:] != ["migrate"]:
                problems.append(f"Job {job['metadata']['name']}: does not run `investtrackd migrate`")
            if container["image"] not in images:
                problems.append(f"Job {job['metadata']['name']}: image {container['image']} differs from the "
                                "Deployment's")
    return problems


def listen_port(address):
    """The port of a host:port address, or None."""
    match = re.fullmatch(r".*:(\d+)", str(address or ""))
    return int(match.group(1)) if match else None


def check_metrics(documents):
    """Each replica serves /metrics on the port its scrape annotations and its `metrics` container
    port name, because the ConfigMap tells investtrackd to listen there."""
    problems = []
    listen = None
    for doc in by_kind(documents, "ConfigMap"):
        listen = (doc.get("data") or {}).get("INVESTTRACK_METRICS_LISTEN", listen)
    if listen_port(listen) != METRICS_PORT:
        problems.append(f"INVESTTRACK_METRICS_LISTEN is {listen!r}, not host:{METRICS_PORT}")
    for doc in by_kind(documents, "Deployment"):
        template = doc["spec"]["template"]
        annotations = (template.get("metadata") or {}).get("annotations") or {}
        expected = {"prometheus.io/scrape": "true", "prometheus.io/port": str(METRICS_PORT),
                    "prometheus.io/path": "/metrics"}
        for key, value in expected.items():
            if annotations.get(key) != value:
                problems.append(f"pod annotation {key} is {annotations.get(key)!r}, not {value!r}")
        for container in template["spec"]["containers"]:
            ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
            if ports.get("metrics") != METRICS_PORT:
                problems.append(f"container {container['name']} has no port `metrics` {METRICS_PORT}")
    return problems


ALL_CHECKS = (check_basics, check_deployment, check_resources, check_no_inlined_secrets, check_references,
              check_service_and_job, check_metrics)


class ManifestsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.documents = load_manifests(os.path.join(ROOT, "deploy", "k8s"))

    def broken(self, kind, change):
        """A deep copy of the manifests with `change` applied to the first document of `kind`."""
        documents = copy.deepcopy(self.documents)
        change(next(doc for _, doc in documents if doc.get("kind") == kind))
        return documents

    def container(self, deployment):
        return deployment["spec"]["template"]["spec"]["containers"][0]

    def assertProblem(self, check, documents, fragment):
        problems = check(documents)
        self.assertTrue(any(fragment in p for p in problems), f"expected {fragment!r} in {problems}")

    def test_the_manifests_have_no_problems(self):
        self.assertGreaterEqual(len(self.documents), 5)
        for check in ALL_CHECKS:
            with self.subTest(check=check.__name__):
                self.assertEqual(check(self.documents), [])

    def test_environment_names_are_found_in_the_server(self):
        # Guards the reference check itself: an empty set would flag everything, a stale one nothing.
        self.assertTrue({"INVESTTRACK_DB_URL", "INVESTTRACK_LISTEN", "INVESTTRACK_GRACE_PERIOD"} <= known_env_names())

    def test_one_replica_is_refused(self):
        docs = self.broken("Deployment", lambda d: d["spec"].__setitem__("replicas", 1))
        self.assertProblem(check_deployment, docs, "at least 2")

    def test_replicas_without_a_shared_page_token_key_are_refused(self):
        docs = self.broken("Deployment", lambda d: self.container(d).__setitem__(
            "env", [e for e in self.container(d)["env"] if e["name"] != "INVESTTRACK_PAGE_TOKEN_KEY"]))
        self.assertProblem(check_deployment, docs, "page tokens break")

    def test_http_probe_is_refused(self):
        docs = self.broken("Deployment", lambda d: self.container(d).__setitem__(
            "readinessProbe", {"httpGet": {"path": "/healthz", "port": 8080}}))
        self.assertProblem(check_deployment, docs, "not a native gRPC probe")

    def test_wrong_probe_port_is_refused(self):
        docs = self.broken("Deployment", lambda d: self.container(d)["livenessProbe"]["grpc"].__setitem__("port", 8080))
        self.assertProblem(check_deployment, docs, "port 8080")

    def test_unknown_readiness_service_is_refused(self):
        docs = self.broken("Deployment", lambda d: self.container(d)["readinessProbe"]["grpc"].__setitem__(
            "service", "investtrack.v1.NoSuchService"))
        self.assertProblem(check_deployment, docs, "NoSuchService")

    def test_short_grace_period_is_refused(self):
        docs = self.broken("Deployment", lambda d: d["spec"]["template"]["spec"].__setitem__(
            "terminationGracePeriodSeconds", 10))
        self.assertProblem(check_deployment, docs, "SIGKILL")

    def test_missing_limits_are_refused(self):
        docs = self.broken("Deployment", lambda d: self.container(d)["resources"].pop("limits"))
        self.assertProblem(check_resources, docs, "no limits.cpu")

    def test_inlined_database_url_is_refused(self):
        def inline(deployment):
            for env in self.container(deployment)["env"]:
                if env["name"] == "INVESTTRACK_DB_URL":
                    env.pop("valueFrom")
                    env["value"] = "postgresql://investtrack:hunter2@db:5432/investtrack"
        docs = self.broken("Deployment", inline)
        self.assertProblem(check_no_inlined_secrets, docs, "INVESTTRACK_DB_URL is inlined")

    def test_tokens_in_the_configmap_are_refused(self):
        docs = self.broken("ConfigMap", lambda d: d["data"].__setitem__("INVESTTRACK_TOKENS", "abc admin ops"))
        self.assertProblem(check_no_inlined_secrets, docs, "belongs in the Secret")

    def test_missing_secret_key_is_refused(self):
        docs = self.broken("Secret", lambda d: d["stringData"].pop("INVESTTRACK_DB_URL"))
        self.assertProblem(check_references, docs, "missing investtrack-secrets/INVESTTRACK_DB_URL")

    def test_misspelt_setting_is_refused(self):
        docs = self.broken("ConfigMap", lambda d: d["data"].__setitem__("INVESTTRACK_LOGLEVEL", "debug"))
        self.assertProblem(check_references, docs, "INVESTTRACK_LOGLEVEL")

    def test_service_selecting_nothing_is_refused(self):
        docs = self.broken("Service", lambda d: d["spec"]["selector"].__setitem__("app.kubernetes.io/name", "other"))
        self.assertProblem(check_service_and_job, docs, "selects no Deployment")

    def test_pods_without_scrape_annotations_are_refused(self):
        docs = self.broken("Deployment", lambda d: d["spec"]["template"]["metadata"].pop("annotations"))
        self.assertProblem(check_metrics, docs, "prometheus.io/scrape")

    def test_metrics_on_another_port_than_annotated_is_refused(self):
        docs = self.broken("ConfigMap", lambda d: d["data"].__setitem__("INVESTTRACK_METRICS_LISTEN", "0.0.0.0:9100"))
        self.assertProblem(check_metrics, docs, "not host:9464")

    def test_a_container_without_the_metrics_port_is_refused(self):
        docs = self.broken("Deployment", lambda d: self.container(d).__setitem__(
            "ports", [p for p in self.container(d)["ports"] if p["name"] != "metrics"]))
        self.assertProblem(check_metrics, docs, "no port `metrics`")

    def test_job_that_serves_is_refused(self):
        docs = self.broken("Job", lambda d: d["spec"]["template"]["spec"]["containers"][0].__setitem__(
            "args", ["serve"]))
        self.assertProblem(check_service_and_job, docs, "migrate")


def check_compose(compose):
    """deploy/compose.yaml: the server waits for a healthy database and a finished migration, is
    configured through the environment with a token, and publishes its port on loopback only."""
    problems = []
    services = compose.get("services", {})
    server = services.get("server", {})
    depends = server.get("depends_on", {})
    if (depends.get("db") or {}).get("condition") != "service_healthy":
        problems.append("server does not wait for a healthy db")
    if (depends.get("migrate") or {}).get("condition") != "service_completed_successfully":
        problems.append("server does not wait for the migration")
    if "healthcheck" not in services.get("db", {}):
        problems.append("db has no healthcheck, so service_healthy never holds")
    if services.get("migrate", {}).get("command") != ["migrate"]:
        problems.append("the migrate service does not run `investtrackd migrate`")
    environment = server.get("environment", {})
    for name in ("INVESTTRACK_DB_URL", "INVESTTRACK_LISTEN"):
        if name not in environment:
            problems.append(f"server environment lacks {name}")
    if not {"INVESTTRACK_TOKENS", "INVESTTRACK_TOKEN_FILE"} & set(environment):
        problems.append("server has no tokens: calls through the published port would be refused")
    unknown = set(environment) - known_env_names()
    if unknown:
        problems.append(f"server environment has unknown variables {sorted(unknown)}")
    for port in server.get("ports", []):
        if not str(port).startswith("127.0.0.1:") or listen_port(port) not in (GRPC_PORT, METRICS_PORT):
            problems.append(f"port {port} is not 127.0.0.1:HOST:{GRPC_PORT} or 127.0.0.1:HOST:{METRICS_PORT}")
    metrics_port = listen_port(environment.get("INVESTTRACK_METRICS_LISTEN"))
    if metrics_port != METRICS_PORT or not any(listen_port(p) == METRICS_PORT for p in server.get("ports", [])):
        problems.append(f"server does not serve and publish /metrics on {METRICS_PORT}")
    grace = float(environment.get("INVESTTRACK_GRACE_PERIOD", 10))
    stop = str(server.get("stop_grace_period", "10s"))
    if not stop.endswith("s") or float(stop[:-1]) <= grace:
        problems.append(f"stop_grace_period {stop} is not above INVESTTRACK_GRACE_PERIOD {grace:g}")
    for volume in services.get("sample", {}).get("volumes", []):
        host_dir, container_dir = volume.split(":")[:2]
        command = services["sample"].get("command", [])
        sample = [c for c in command if c.startswith(container_dir + "/")]
        for path in sample:
            on_host = os.path.join(ROOT, "deploy", host_dir, path[len(container_dir) + 1:])
            if not os.path.isfile(on_host):
                problems.append(f"the sample service ingests {path}, but {on_host} does not exist")
    return problems


class ComposeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ROOT, "deploy", "compose.yaml"), encoding="utf-8") as f:
            cls.compose = yaml.safe_load(f)

    def test_compose_file_has_no_problems(self):
        self.assertEqual(check_compose(self.compose), [])

    def test_server_started_before_the_migration_is_refused(self):
        compose = copy.deepcopy(self.compose)
        del compose["services"]["server"]["depends_on"]["migrate"]
        self.assertIn("server does not wait for the migration", check_compose(compose))

    def test_metrics_not_published_is_refused(self):
        compose = copy.deepcopy(self.compose)
        compose["services"]["server"]["ports"] = [p for p in compose["services"]["server"]["ports"]
                                                  if not p.endswith(":9464")]
        self.assertIn("server does not serve and publish /metrics on 9464", check_compose(compose))

    def test_port_published_on_all_interfaces_is_refused(self):
        compose = copy.deepcopy(self.compose)
        compose["services"]["server"]["ports"] = ["50051:50051"]
        self.assertTrue(any("not 127.0.0.1" in p for p in check_compose(compose)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        ROOT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
