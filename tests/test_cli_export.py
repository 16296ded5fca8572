"""`newsdesk export` and `newsdesk browse` from the command line, in-process."""

from __future__ import annotations

import json
import socket
import sys
import urllib.request

import pytest

from bot.cli import main
from bot.router.exports import build_export
from db.connection import open_db
from tests.export_corpus import build


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("cli-export")
    build(folder / "articles", folder / "store.sqlite", nlp)
    return folder / "store.sqlite"


def test_export_writes_the_file_named_after_the_query(store, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(store), "export", "timeline", "ferry", "--format", "timelinejs"]) == 0
    written = tmp_path / "timeline-elden-ferry-company.timelinejs.json"
    assert f"wrote {written.name}" in capsys.readouterr().out
    assert written.read_bytes() == build_export(open_db(store), "timeline", "ferry",
                                                "timelinejs").content
    assert json.loads(written.read_bytes())["events"]


def test_export_to_stdout_and_to_a_chosen_file(store, tmp_path, capsysbinary):
    assert main(["--db", str(store), "export", "who", "Tomas", "Berg", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert json.loads(out)["name"] == "Tomas Berg"
    target = tmp_path / "docs.csv"
    assert main(["--db", str(store), "export", "documents", "-o", str(target)]) == 0
    assert target.read_bytes().decode("utf-8-sig").startswith("id,title,source")


def test_export_with_nothing_to_export_says_so(store, capsys):
    assert main(["--db", str(store), "export", "who", "Zebulon", "Quaxley", "-o", "-"]) == 2
    assert capsys.readouterr().out.strip() == \
        "newsdesk: No one called “Zebulon Quaxley” appears in the documents."


def test_browse_without_datasette_says_what_to_install(store, monkeypatch, capsys):
    import bot

    # As if the extra were not installed: Datasette cannot be imported, bot.browse not yet loaded.
    monkeypatch.delattr(bot, "browse", raising=False)
    monkeypatch.delitem(sys.modules, "bot.browse", raising=False)
    for name in [m for m in sys.modules if m == "datasette" or m.startswith("datasette.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "datasette", None)
    assert main(["--db", str(store), "browse"]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "pip install 'newsdesk[browse]'" in out[0]


def test_browse_serves_the_store(store, monkeypatch, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    served = {}

    def serve(ds, sock):  # the real server, stopped once it has answered
        from bot import browse

        running = browse.start(ds, sock)
        with urllib.request.urlopen(f"{running.url}/newsdesk/documents.json?_shape=array") as r:
            served["titles"] = [d["title"] for d in json.loads(r.read())]
        running.stop()

    monkeypatch.setattr("bot.browse.serve", serve)
    assert main(["--db", str(store), "browse", "--port", str(port)]) == 0
    assert f"http://127.0.0.1:{port}/newsdesk" in capsys.readouterr().out
    assert "Council votes on ferry fares" in served["titles"]


def test_browse_on_a_taken_port_says_so(store, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["--db", str(store), "browse", "--port", str(port)]) == 2
    assert "choose another with --port" in capsys.readouterr().out
