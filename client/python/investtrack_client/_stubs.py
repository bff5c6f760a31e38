"""Finds the generated stubs: on sys.path already (PYTHONPATH=build/python), or in
client/python/_gen, where generate_stubs.sh puts them by default."""
import importlib
import os
import sys

_GENERATED_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "_gen")

_HOW_TO_GENERATE = (
    "investtrack_client needs the generated gRPC stubs: build with CMake and put build/python on "
    "PYTHONPATH, or run client/python/generate_stubs.sh (writes client/python/_gen)"
)


def load(module_name):
    """Imports a generated module such as 'investtrack.v1.project_service_pb2'."""
    try:
        return importlib.import_module(module_name)
    except ImportError:
        if not os.path.isdir(_GENERATED_DIR) or _GENERATED_DIR in sys.path:
            raise ImportError(_HOW_TO_GENERATE) from None
    sys.path.append(_GENERATED_DIR)
    try:
        return importlib.import_module(module_name)
    except ImportError:
        raise ImportError(_HOW_TO_GENERATE) from None
