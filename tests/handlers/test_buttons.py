"""The "More" and "Share in channel" buttons (block_actions) over real HTTP."""

from __future__ import annotations

import json
import re

from bot.answers.reply import MORE_ACTION, PICK_ACTION, SHARE_ACTION, page_token
from tests.handlers.conftest import add_documents, ferry_article


def _button(call, action_id):
    for block in call.params["blocks"]:
        for element in block.get("elements", ()):
            if element.get("action_id") == action_id:
                return element
    return None


def test_more_on_docs_posts_the_next_page(http, fake_slack, db_path):
    add_documents(db_path, [f"Tide report {n:02d}" for n in range(1, 13)])
    _, path = http.command("/newsdesk", "docs")
    (first,) = fake_slack.wait_for(path)
    assert "Tide report 10" in json.dumps(first.params)
    assert "Tide report 11" not in json.dumps(first.params)
    more = _button(first, MORE_ACTION)
    assert more is not None

    response, click_path = http.click(MORE_ACTION, more["value"])
    assert response.status == 200
    (second,) = fake_slack.wait_for(click_path)
    posted = json.dumps(second.params)
    assert "Tide report 11" in posted and "Tide report 12" in posted
    assert "Tide report 01" not in posted
    assert second.params["replace_original"] is False
    assert _button(second, MORE_ACTION) is None


def _piers(call) -> set[str]:
    return set(re.findall(r"pier (\d+)", json.dumps(call.params["blocks"])))


def test_more_on_search_posts_the_next_page(http, fake_slack, ingest):
    ingest({"ferry.txt": ferry_article(12)})
    _, path = http.command("/search", "ferry")
    (first,) = fake_slack.wait_for(path)
    _, click_path = http.click(MORE_ACTION, _button(first, MORE_ACTION)["value"])
    (second,) = fake_slack.wait_for(click_path)
    assert _piers(first) and _piers(second)
    assert not _piers(first) & _piers(second)
    assert _piers(first) | _piers(second) == {str(i) for i in range(1, 13)}


def test_share_posts_the_same_answer_in_channel_and_removes_the_private_copy(
    http, fake_slack, ingest
):
    ingest({"light.txt": "Lighthouse keeper retires\n\nMay 5, 2020\n\n"
            "The last lighthouse keeper on the island retired on Friday after 40 years."})
    _, path = http.command("/search", "Lighthouse")
    (private,) = fake_slack.wait_for(path)
    share = _button(private, SHARE_ACTION)

    response, click_path = http.click(SHARE_ACTION, share["value"])
    assert response.status == 200
    public, delete = fake_slack.wait_for(click_path, count=2)
    assert public.params["response_type"] == "in_channel"
    assert public.params["replace_original"] is False
    assert "lighthouse keeper" in json.dumps(public.params).lower()
    assert _button(public, SHARE_ACTION) is None
    assert delete.params["delete_original"] is True


def test_a_forged_button_value_gets_a_polite_reply(http, fake_slack):
    _, path = http.click(MORE_ACTION, "not a token")
    (call,) = fake_slack.wait_for(path)
    assert "no longer works" in call.params["text"]


def test_a_token_for_an_unknown_command_does_not_run_anything(http, fake_slack):
    _, path = http.click(SHARE_ACTION, page_token("drop", "x", 0))
    (call,) = fake_slack.wait_for(path)
    assert "don't know the command" in json.dumps(call.params)
    assert len(fake_slack.calls_to(path)) == 1  # the private message is not deleted


def test_a_did_you_mean_button_answers_for_that_name(http, fake_slack, ingest):
    ingest({"harbour.txt": "Harbour board votes\n\nJune 3, 2022\n\n"
            "Ingrid Solheim, the harbour master, said the dredging would go ahead. "
            "Solheim met the board on Monday."})
    _, click_path = http.click(f"{PICK_ACTION}_1", page_token("who", "Ingrid Solheim", 0))
    (answer,) = fake_slack.wait_for(click_path)
    posted = json.dumps(answer.params, ensure_ascii=False)
    assert "Ingrid Solheim (person)" in posted and "the harbour master" in posted
