"""`/digest` end to end: the app over HTTP posts the digest and uploads its chart to a fake Slack."""

from __future__ import annotations

from tests.handlers.conftest import payload_of

# Three distinct stories (near-duplicates would be stored as one document since issue 10).
_EVENTS = (
    "A first walkout stopped the southern container terminals after pay talks failed, and "
    "ferries to Hull left without freight.",
    "A second walkout closed the northern quays after talks on night shifts broke down, and "
    "truck queues reached the motorway.",
    "Ship owners asked the port authority to send arriving vessels to Antwerp instead, and "
    "insurers raised their rates for waiting cargo.",
)
ARTICLES = {
    f"port{i}.txt": (
        f"Harbour strike report {i}\n\n{month} 9, 2021\n\n"
        f"Dock workers in Rotterdam met union leader Marieke de Vries on the harbour cranes. "
        f"{_EVENTS[i - 1]}\n\n"
        f"Marieke de Vries said the container backlogs would clear in {3 * i} weeks."
    )
    for i, month in enumerate(("January", "March", "May"), start=1)
}


def test_digest_posts_in_the_channel_with_a_chart(ingest, http, fake_slack):
    ingest(ARTICLES)
    http.command("/digest", "")
    (post,) = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0CHAN"
    assert "Harbour strike report" in str(post.params["blocks"])
    fake_slack.wait_for("files.completeUploadExternal")
    (upload,) = fake_slack.calls_to("upload")
    assert upload.params["bytes"].startswith(b"\x89PNG")


def test_preview_is_private_and_schedule_is_confirmed(ingest, http, fake_slack):
    ingest(ARTICLES)
    _, path = http.command("/digest", "preview")
    (reply,) = fake_slack.wait_for(path)
    assert payload_of(reply)["response_type"] == "ephemeral"
    assert "harbour" in str(payload_of(reply)["blocks"]).lower()
    _, path = http.command("/newsdesk", "digest schedule weekly mon 09:00 tz=Asia/Tokyo")
    (reply,) = fake_slack.wait_for(path)
    assert "every Monday at 09:00 (Asia/Tokyo)" in payload_of(reply)["text"]
    _, path = http.command("/digest", "schedule fortnightly")
    (reply,) = fake_slack.wait_for(path)
    assert "daily HH:MM" in payload_of(reply)["text"]
    assert fake_slack.calls_to("chat.postMessage") == []
