"""The curation buttons on a `/who` answer, and the line that acknowledges a click.

Under a profile: "Not a person" (the entity is a tagging error), "Split: <name>" for each other
name its documents call it (that name is someone else), "Same as <name>" for each close
alternative (they are one). What a click does is `bot.router.curate`'s job.
"""

from __future__ import annotations

import json

from bot.answers.reply import Block, Reply, button, buttons, context, escape_mrkdwn, section
from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.queries.who import WhoResult

CURATE_ACTION = "newsdesk_curate"  # action_ids are CURATE_ACTION + "_<n>"
MAX_SPLITS = 4
MAX_MERGES = 3


def curation_block(result: WhoResult) -> Block:
    """The actions block of curation buttons for the profile `result`."""
    elements = [button("Not a person" if result.kind == "person" else "Not a real name",
                       f"{CURATE_ACTION}_0", _value(NOT_ENTITY, result.entity_id, query=result.name),
                       style="danger")]
    for name in result.split_names[:MAX_SPLITS]:
        elements.append(button(f"Split: {name}", f"{CURATE_ACTION}_{len(elements)}",
                               _value(SPLIT, result.entity_id, alias=name, query=result.name)))
    for alt in result.alternatives[:MAX_MERGES]:
        elements.append(button(f"Same as {alt.name}", f"{CURATE_ACTION}_{len(elements)}",
                               _value(MERGE, result.entity_id, other=alt.entity_id,
                                      query=result.name)))
    return buttons(*elements, block_id="newsdesk_curate")


def _value(kind: str, entity_id: int, *, alias: str = "", other: int = 0, query: str = "") -> str:
    return json.dumps({"k": kind, "e": entity_id, "a": alias, "o": other, "q": query},
                      ensure_ascii=False)


def with_curation(reply: Reply, result: WhoResult) -> Reply:
    """`reply` (a profile) with the curation buttons and a line saying what they are for."""
    blocks = (
        *reply.blocks,
        context("Wrong? Tell me — it applies to every later answer:"),
        curation_block(result),
    )
    return Reply(blocks=blocks, text=reply.text, ephemeral=reply.ephemeral,
                 more_token=reply.more_token, share=reply.share, error=reply.error)


def noted(correction: Correction) -> Block:
    """A line saying what was recorded, above the new answer."""
    name = escape_mrkdwn(correction.name)
    if correction.kind == MERGE:
        text = f"Noted: *{name}* and *{escape_mrkdwn(correction.other_name)}* are the same."
    elif correction.kind == SPLIT:
        text = (f"Noted: *{name}* is not *{escape_mrkdwn(correction.other_name)}*; "
                "it is now an entity of its own.")
    else:
        text = f"Noted: *{name}* is not a person or thing; it no longer appears in answers."
    return section(text)
