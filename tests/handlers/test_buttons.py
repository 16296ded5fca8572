"""The "More" and "Share in channel" buttons (block_actions) over real HTTP."""

from __future__ import annotations

import json

from bot.reply import MORE_ACTION, SHARE_ACTION, page_token
from tests.handlers.conftest import add_documents


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


def test_more_on_search_follows_the_query_function_token(http, fake_slack, search_gate, db_path):
    add_documents(db_path, ["Ferry one", "Ferry two", "Ferry three"])
    _, path = http.command("/search", "Ferry")
    (first,) = fake_slack.wait_for(path)
    _, click_path = http.click(MORE_ACTION, _button(first, MORE_ACTION)["value"])
    (second,) = fake_slack.wait_for(click_path)
    assert "Ferry three" in json.dumps(second.params)
    assert "Ferry one" not in json.dumps(second.params)


def test_share_posts_the_same_answer_in_channel_and_removes_the_private_copy(
    http, fake_slack, search_gate, db_path
):
    add_documents(db_path, ["Lighthouse keeper retires"])
    _, path = http.command("/search", "Lighthouse")
    (private,) = fake_slack.wait_for(path)
    share = _button(private, SHARE_ACTION)

    response, click_path = http.click(SHARE_ACTION, share["value"])
    assert response.status == 200
    public, delete = fake_slack.wait_for(click_path, count=2)
    assert public.params["response_type"] == "in_channel"
    assert public.params["replace_original"] is False
    assert "Lighthouse keeper retires" in json.dumps(public.params)
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
