"""InvesttrackClient: one channel, the caller's token and a deadline on every call, and the
pagination loops written once."""
import datetime
import os
import ssl

import grpc

from . import _stubs

project_pb2 = _stubs.load("investtrack.v1.project_pb2")
project_service_pb2 = _stubs.load("investtrack.v1.project_service_pb2")
project_service_pb2_grpc = _stubs.load("investtrack.v1.project_service_pb2_grpc")
bulletin_service_pb2 = _stubs.load("investtrack.v1.bulletin_service_pb2")
bulletin_service_pb2_grpc = _stubs.load("investtrack.v1.bulletin_service_pb2_grpc")
report_service_pb2 = _stubs.load("investtrack.v1.report_service_pb2")
report_service_pb2_grpc = _stubs.load("investtrack.v1.report_service_pb2_grpc")
caller_service_pb2 = _stubs.load("investtrack.v1.caller_service_pb2")
caller_service_pb2_grpc = _stubs.load("investtrack.v1.caller_service_pb2_grpc")
health_pb2 = _stubs.load("grpc_health.v1.health_pb2")
health_pb2_grpc = _stubs.load("grpc_health.v1.health_pb2_grpc")

DEFAULT_SERVER = "127.0.0.1:50051"
DEFAULT_TIMEOUT = 30.0

_DIMENSIONS = {
    "status": report_service_pb2.SUMMARY_DIMENSION_STATUS,
    "city": report_service_pb2.SUMMARY_DIMENSION_CITY,
    "industry": report_service_pb2.SUMMARY_DIMENSION_INDUSTRY,
    "month": report_service_pb2.SUMMARY_DIMENSION_MONTH,
    "province": report_service_pb2.SUMMARY_DIMENSION_PROVINCE,
}


def _civil_date(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return project_pb2.CivilDate(year=value.year, month=value.month, day=value.day)


def _project_name(name):
    return name if name.startswith("projects/") else "projects/" + name


class TlsError(ValueError):
    """TLS settings that cannot be used (an unreadable or non-PEM CA file, a server name with TLS
    off); raised before anything is sent. The message names the file or setting."""


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def read_ca_file(path, role="CA file"):
    """The PEM certificates in `path`, checked to parse (ssl, i.e. OpenSSL), as bytes for gRPC."""
    try:
        with open(path, "rb") as f:
            pem = f.read()
    except OSError as error:
        raise TlsError(f"cannot read {role} {path}: {error.strerror}") from None
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=pem.decode("ascii"))
    except (UnicodeDecodeError, ssl.SSLError, ValueError):
        raise TlsError(f"{role} {path} holds no PEM certificate "
                       "(a -----BEGIN CERTIFICATE----- block)") from None
    return pem


def _system_roots():
    """The system's trust store as OpenSSL finds it (SSL_CERT_FILE, else /etc/ssl/certs/...), so
    CAs added with update-ca-certificates count; None (gRPC's own bundle) when there is none."""
    cafile = ssl.get_default_verify_paths().cafile
    return read_ca_file(cafile, "system CA file") if cafile else None


def connection_failure_hint(error):
    """For a failed call (grpc.RpcError): what went wrong in TLS terms, as one sentence naming the
    settings that fix it; "" when it does not look like a TLS problem. gRPC reports all of these as
    UNAVAILABLE with transport text. The same sentences as the investtrack CLI's."""
    if error.code() != grpc.StatusCode.UNAVAILABLE:
        return ""
    details = error.details() or ""
    if "wrong version number" in details or "packet length too long" in details:
        return ("TLS handshake failed: the server does not speak TLS (connect without TLS, or give the "
                "server a certificate)")
    if "certificate verify failed" in details:
        return ("TLS handshake failed: the server's certificate is not signed by a trusted CA (give the "
                "CA that issued it with tls_ca / --tls-ca FILE or INVESTTRACK_TLS_CA)")
    if "is not in peer certificate" in details:
        return ("TLS handshake failed: the server's certificate is not issued for the name connected to "
                "(connect by a name on the certificate, or give that name with tls_server_name / "
                "--tls-server-name)")
    if "Ssl handshake failed" in details or "Handshake failed" in details:
        return "TLS handshake failed"
    # A TLS server hangs up on a plaintext client at once: the client sees only a closed socket.
    if "Socket closed" in details or "Connection reset by peer" in details:
        return ("the server closed the connection without answering: if it serves TLS, connect over TLS "
                "(tls_ca / --tls-ca FILE or INVESTTRACK_TLS_CA)")
    return ""


def money_to_decimal_string(money):
    """Money -> exact decimal text ('120000000', '1.5'), for reports that must not round."""
    negative = money.units < 0 or money.nanos < 0
    text = str(abs(money.units))
    if money.nanos:
        text += "." + f"{abs(money.nanos):09d}".rstrip("0")
    return "-" + text if negative else text


class InvesttrackClient:
    """A connection to investtrackd.

    server: host:port (default INVESTTRACK_SERVER or 127.0.0.1:50051).
    token: bearer token (default INVESTTRACK_TOKEN), sent as the authorization header.
    timeout: seconds each call may take; a streamed export must finish within it.
    tls_ca: PEM file of the CA(s) the server's certificate must chain to, or a self-signed server
        certificate itself (default INVESTTRACK_TLS_CA); turns TLS on.
    tls: True for TLS verified against the system's CA roots (default INVESTTRACK_TLS=1).
    tls_server_name: the name the server's certificate must be issued for, when `server` is not
        one of its names (default INVESTTRACK_TLS_SERVER_NAME); TLS only.
    Plaintext unless tls or tls_ca. A CA file that cannot be used raises TlsError here.
    """

    def __init__(self, server=None, token=None, timeout=DEFAULT_TIMEOUT, tls=None, tls_ca=None,
                 tls_server_name=None):
        self.server = server or os.environ.get("INVESTTRACK_SERVER") or DEFAULT_SERVER
        token = token if token is not None else os.environ.get("INVESTTRACK_TOKEN", "")
        tls_ca = tls_ca if tls_ca is not None else os.environ.get("INVESTTRACK_TLS_CA", "")
        tls = tls if tls is not None else _env_flag("INVESTTRACK_TLS")
        if tls_server_name is None:
            tls_server_name = os.environ.get("INVESTTRACK_TLS_SERVER_NAME", "")
        self.timeout = timeout
        self.tls = bool(tls or tls_ca)
        self._metadata = (("authorization", "Bearer " + token),) if token else ()
        options = [
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
        ]
        if self.tls:
            roots = read_ca_file(tls_ca) if tls_ca else _system_roots()
            if tls_server_name:
                options.append(("grpc.ssl_target_name_override", tls_server_name))
            self._channel = grpc.secure_channel(self.server, grpc.ssl_channel_credentials(roots), options=options)
        elif tls_server_name:
            raise TlsError(f"a TLS server name ({tls_server_name}) is set but TLS is off: turn TLS on "
                           "or leave the name out")
        else:
            self._channel = grpc.insecure_channel(self.server, options=options)
        self._projects = project_service_pb2_grpc.ProjectServiceStub(self._channel)
        self._bulletins = bulletin_service_pb2_grpc.BulletinServiceStub(self._channel)
        self._reports = report_service_pb2_grpc.ReportServiceStub(self._channel)
        self._caller = caller_service_pb2_grpc.CallerServiceStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _call(self, method, request, timeout=None):
        return method(request, timeout=timeout or self.timeout, metadata=self._metadata)

    def health(self, service=""):
        """The standard grpc.health.v1 check: 'SERVING', 'NOT_SERVING', ..."""
        response = self._call(self._health.Check, health_pb2.HealthCheckRequest(service=service))
        return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)

    def ingest(self, content, source="", publication_date=None):
        """Stores one bulletin (bytes, or str encoded as UTF-8); returns IngestBulletinResponse.
        publication_date: datetime.date or 'YYYY-MM-DD'; inferred from the text when None."""
        if isinstance(content, str):
            content = content.encode("utf-8")
        request = bulletin_service_pb2.IngestBulletinRequest(
            content=content, source=source, publication_date=_civil_date(publication_date)
        )
        return self._call(self._bulletins.IngestBulletin, request)

    def ingest_file(self, path, source=None, publication_date=None):
        with open(path, "rb") as f:
            content = f.read()
        return self.ingest(content, source=source if source is not None else str(path),
                           publication_date=publication_date)

    def ingest_files(self, paths, source=None, publication_date=None, batch_size=50):
        """Stores many bulletins with BatchIngestBulletins, batch_size files per call (at most
        100; the server also limits their bytes per call, --max-bulletin-bytes). Yields
        (path, IngestBulletinResponse or None, google.rpc.Status) in order: the response when the
        status code is 0, else None and why that file was not stored. A refused call (bad batch,
        permissions, server unreachable) raises grpc.RpcError."""
        paths = list(paths)
        for first in range(0, len(paths), batch_size):
            part = paths[first:first + batch_size]
            request = bulletin_service_pb2.BatchIngestBulletinsRequest()
            for path in part:
                with open(path, "rb") as f:
                    request.requests.add(
                        content=f.read(),
                        source=source if source is not None else str(path),
                        publication_date=_civil_date(publication_date),
                    )
            response = self._call(self._bulletins.BatchIngestBulletins, request)
            for path, result in zip(part, response.results):
                yield path, (result.response if result.status.code == 0 else None), result.status

    def list_projects(self, filter="", order_by="", page_size=0, show_deleted=False):
        """Every matching project, fetching pages lazily; each page is one call with its own
        deadline."""
        request = project_service_pb2.ListProjectsRequest(
            filter=filter, order_by=order_by, page_size=page_size, show_deleted=show_deleted
        )
        while True:
            page = self._call(self._projects.ListProjects, request)
            yield from page.projects
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def list_project_pages(self, filter="", order_by="", page_size=0):
        """The same as list_projects, page by page (ListProjectsResponse), for callers that
        show or count pages."""
        request = project_service_pb2.ListProjectsRequest(filter=filter, order_by=order_by, page_size=page_size)
        while True:
            page = self._call(self._projects.ListProjects, request)
            yield page
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def list_project_events(self, name):
        """A project's observations, status changes and edits, oldest first (ProjectEvent),
        fetching pages lazily. name: 'projects/ID' or 'ID'."""
        request = project_service_pb2.ListProjectEventsRequest(parent=_project_name(name))
        while True:
            page = self._call(self._projects.ListProjectEvents, request)
            yield from page.events
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def get_project(self, name):
        """name: 'projects/ID' or 'ID'."""
        return self._call(self._projects.GetProject, project_service_pb2.GetProjectRequest(name=_project_name(name)))

    def summarize(self, group_by="status", filter="", status_changes_from=None, status_changes_until=None):
        """Counts and CNY totals per status, city, industry, month or province (SummarizeResponse).
        With status_changes_from (a date or YYYY-MM-DD), also each group's status changes on the
        days from it up to, not including, status_changes_until (none: no end)."""
        if group_by not in _DIMENSIONS:
            raise ValueError(f"group_by must be one of {sorted(_DIMENSIONS)}, got {group_by!r}")
        request = report_service_pb2.SummarizeRequest(filter=filter, group_by=_DIMENSIONS[group_by])
        if status_changes_from is not None:
            request.status_change_window.start_date.CopyFrom(_civil_date(status_changes_from))
            if status_changes_until is not None:
                request.status_change_window.end_date.CopyFrom(_civil_date(status_changes_until))
        elif status_changes_until is not None:
            raise ValueError("status_changes_until needs status_changes_from")
        return self._call(self._reports.Summarize, request)

    def get_caller(self):
        """Who the server takes this client's token for: a Caller with display_name and role
        (caller_service_pb2.CALLER_ROLE_READER, _EDITOR, _ADMIN)."""
        return self._call(self._caller.GetCaller, caller_service_pb2.GetCallerRequest())

    def export(self, filter="", order_by="", timeout=None):
        """Streams every matching project; the whole stream must finish within timeout
        (default: the client's)."""
        request = report_service_pb2.ExportProjectsRequest(filter=filter, order_by=order_by)
        yield from self._call(self._reports.ExportProjects, request, timeout=timeout)
