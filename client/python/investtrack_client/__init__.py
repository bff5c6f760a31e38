"""A small Python client for investtrackd, on Debian's python3-grpcio.

    from investtrack_client import InvesttrackClient

    with InvesttrackClient("127.0.0.1:50051", token="...") as client:   # tls_ca="ca.pem" for TLS
        client.ingest_file("bulletin.txt")
        for project in client.list_projects(filter='city = "长治市"'):
            print(project.name, project.display_name)

The generated stubs must be importable: a CMake build puts them in build/python, and
client/python/generate_stubs.sh writes them to client/python/_gen, which is found on its own.
Calls raise grpc.RpcError with the server's status code and message; connection_failure_hint(error)
says what a failed connection means in TLS terms. TLS settings that cannot be used raise TlsError.
"""
from .client import DEFAULT_SERVER, DEFAULT_TIMEOUT, InvesttrackClient, TlsError, connection_failure_hint

__all__ = ["DEFAULT_SERVER", "DEFAULT_TIMEOUT", "InvesttrackClient", "TlsError", "connection_failure_hint"]
