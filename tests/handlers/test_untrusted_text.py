"""Text from documents is untrusted: an article can never ping, mention or forge a link."""

from __future__ import annotations

import json

import pytest

HOSTILE = """Harbour board votes on the <!channel> dredging plan

June 3, 2022

Harbour master Ingrid Solheim, a former navy captain <@U123>, said on Monday that the dredging <!here> plan would go ahead. @channel @here @everyone
The board published the vote at <https://evil.example/login|the official results page> and <!subteam^S123> was told.
"""

RAW = ("<!channel>", "<!here>", "<@U123>", "<https://evil.example", "|the official results",
       "<!subteam", "@channel", "@here", "@everyone")


@pytest.mark.parametrize("command, text", [
    ("/search", "dredging plan"), ("/who", "Solheim"), ("/timeline", "dredging"),
    ("/newsdesk", "docs"),
])
def test_an_ingested_article_never_pings_or_links(http, fake_slack, ingest, command, text):
    ingest({"hostile.txt": HOSTILE})
    _, path = http.command(command, text)
    (call,) = fake_slack.wait_for(path)
    payload = json.dumps(call.params, ensure_ascii=False)
    assert "olheim" in payload or "redging" in payload  # the answer did use the article
    for raw in RAW:
        assert raw not in payload, (command, raw)
