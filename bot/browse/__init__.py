"""`newsdesk browse`: the store in Datasette, read-only, described for people.

    ds = build_datasette(Path("db/newsdesk.sqlite"))
    serve(ds, "127.0.0.1", 8001)            # blocks; or:
    server = start(ds, bind("127.0.0.1", 0))  # in a thread (tests)

Every connection Datasette opens to the file is `mode=ro` (even the one it would write with),
so browsing can never change the corpus or hold a write lock: the bot keeps ingesting and
answering while it runs, and Datasette sees the new rows as they land. The metadata shipped in
`metadata.json` describes the tables and columns, labels rows by title or name, sets facets and
the canned queries that mirror /who and /timeline; every table it does not describe is internal
and hidden.

Datasette is an optional extra (`pip install 'newsdesk[browse]'`): this package imports it, so
import it only where browsing is asked for.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import socket
import sqlite3
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from bot.browse import facets

log = logging.getLogger(__name__)

DATABASE = "newsdesk"  # the name in URLs (/newsdesk/documents) and in metadata.json


class ReadOnlyDatabase(Database):
    """A Datasette database whose every connection, reading or writing, is `mode=ro`."""

    def connect(self, write: bool = False) -> sqlite3.Connection:
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._all_file_connections.append(conn)
        return conn


def shipped_metadata() -> dict[str, Any]:
    """The metadata file shipped in the package."""
    text = resources.files(__package__).joinpath("metadata.json").read_text(encoding="utf-8")
    return json.loads(text)


def table_names(path: Path) -> list[str]:
    """Every table and view in the store, read through a read-only connection."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    finally:
        conn.close()


def with_hidden_tables(metadata: dict[str, Any], present: list[str]) -> dict[str, Any]:
    """`metadata` with every table it does not describe marked hidden: what people are not
    told about (search index, migrations, thread state, digest runs…) is internal.

    >>> meta = {"databases": {"newsdesk": {"tables": {"documents": {}}}}}
    >>> with_hidden_tables(meta, ["documents", "threads"])["databases"]["newsdesk"]["tables"]
    {'documents': {}, 'threads': {'hidden': True}}
    """
    out = copy.deepcopy(metadata)
    tables = out["databases"][DATABASE].setdefault("tables", {})
    for name in present:
        if name not in tables:
            tables[name] = {"hidden": True}
    return out


def build_datasette(path: Path) -> Datasette:
    """Datasette over the store at `path`, read-only, with the shipped metadata."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"There is no store at {path}; add documents first with "
                                "`newsdesk ingest PATH`.")
    if not pm.has_plugin(facets.PLUGIN_NAME):
        pm.register(facets, name=facets.PLUGIN_NAME)
    metadata = with_hidden_tables(shipped_metadata(), table_names(path))
    ds = Datasette(metadata=metadata, settings={"suggest_facets": False})
    ds.add_database(ReadOnlyDatabase(ds, path=str(path), is_mutable=True), name=DATABASE)
    asyncio.run(ds.invoke_startup())
    return ds


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port); OSError, said plainly, if it is taken."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise OSError(f"Cannot listen on {host}:{port} ({err.strerror}); "
                      "choose another with --port.") from None
    sock.listen(128)
    return sock


def _server(ds: Datasette) -> uvicorn.Server:
    return uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="off"))


def serve(ds: Datasette, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl-C)."""
    _server(ds).run(sockets=[sock])


class Running:
    """A Datasette served in a thread; `stop()` ends it."""

    def __init__(self, ds: Datasette, sock: socket.socket) -> None:
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = _server(ds)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        daemon=True, name="datasette")
        self._thread.start()

    def wait_started(self, timeout: float = 10.0) -> Running:
        for _ in range(int(timeout / 0.02)):
            if self._server.started:
                return self
            threading.Event().wait(0.02)
        raise TimeoutError("Datasette did not start")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)


def start(ds: Datasette, sock: socket.socket) -> Running:
    """Serve `ds` on `sock` in a background thread, once it is accepting requests."""
    return Running(ds, sock).wait_started()
