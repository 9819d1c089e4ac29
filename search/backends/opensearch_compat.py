"""Importing opensearch-py in a project that has an ``events`` app.

opensearch-py 3 does ``from events import Events`` (its dependency, the PyPI package
``Events``). In this project ``events`` is the events app, which comes first on the path, so
a plain ``import opensearchpy`` fails with "cannot import name 'Events' from 'events'".
``import_opensearchpy()`` imports opensearch-py once with the PyPI module briefly registered
as ``events`` and then puts the app back; opensearch-py keeps its reference to the class.
Call it before anything imports ``opensearchpy`` (the OpenSearch backend and the app's
``ready()`` do). The Elasticsearch client has no such dependency.
"""

import importlib.util
import sys
import threading
from importlib.metadata import PackageNotFoundError, distribution

_lock = threading.Lock()


def import_opensearchpy():
    if "opensearchpy" in sys.modules:
        return sys.modules["opensearchpy"]
    with _lock:
        if "opensearchpy" in sys.modules:
            return sys.modules["opensearchpy"]
        try:
            init_file = distribution("Events").locate_file("events/__init__.py")
        except PackageNotFoundError:  # opensearch-py without Events: nothing to work around
            import opensearchpy

            return opensearchpy
        spec = importlib.util.spec_from_file_location(
            "events", init_file, submodule_search_locations=[str(init_file.parent)]
        )
        pypi_events = importlib.util.module_from_spec(spec)
        app_events = sys.modules.get("events")
        app_submodule = sys.modules.get("events.events")
        sys.modules["events"] = pypi_events
        sys.modules.pop("events.events", None)
        try:
            spec.loader.exec_module(pypi_events)
            import opensearchpy
        finally:
            if app_events is not None:
                sys.modules["events"] = app_events
            else:
                sys.modules.pop("events", None)
            if app_submodule is not None:
                sys.modules["events.events"] = app_submodule
            else:
                sys.modules.pop("events.events", None)
        return opensearchpy
