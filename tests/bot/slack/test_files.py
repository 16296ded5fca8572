"""Which hosts may receive the bot token when a shared file is downloaded."""

from __future__ import annotations

import pytest

from bot.slack.files import trusted_download_url


@pytest.mark.parametrize(("url", "trusted"), [
    ("https://files.slack.com/files-pri/T1-F1/report.pdf", True),
    ("https://slack.com/files/x", True),
    ("https://files.slack.com.attacker.example/report.pdf", False),
    ("https://evilslack.com/report.pdf", False),
    ("ftp://files.slack.com/report.pdf", False),
    ("http://127.0.0.1:9000/files/F1/a.txt", True),  # the configured API host (a proxy, a fake)
])
def test_only_slack_hosts_get_the_token(url, trusted):
    assert trusted_download_url(url, "http://127.0.0.1:9000/api/") is trusted
