"""The curation buttons on a `/who` answer, and what a click on one does.

Under a profile: "Not a person" (the entity is a tagging error), "Split: <name>" for each other
name its documents call it (that name is someone else), "Same as <name>" for each close
alternative (they are one). A click stores a `Correction`, regroups the entities (which
re-applies every correction) and answers `/who` again, so the effect shows at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from sqlite_utils import Database

from bot.answers.reply import Block, Reply, button, buttons, context, escape_mrkdwn, section
from bot.pipeline.aliases import normalize_name
from bot.pipeline.curation import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.queries.who import WhoResult
from db import reads
from db.corrections import add_correction, member_names
from db.entities import refresh_entities

log = logging.getLogger(__name__)

CURATE_ACTION = "newsdesk_curate"  # action_ids are CURATE_ACTION + "_<n>"
MAX_SPLITS = 4
MAX_MERGES = 3


def curation_block(db: Database, result: WhoResult) -> Block:
    """The actions block of curation buttons for the profile `result`."""
    elements = [button("Not a person" if result.kind == "person" else "Not a real name",
                       f"{CURATE_ACTION}_0", _value(NOT_ENTITY, result.entity_id, query=result.name),
                       style="danger")]
    for name in split_names(db, result.entity_id, result.name)[:MAX_SPLITS]:
        elements.append(button(f"Split: {name}", f"{CURATE_ACTION}_{len(elements)}",
                               _value(SPLIT, result.entity_id, alias=name, query=result.name)))
    for alt in result.alternatives[:MAX_MERGES]:
        elements.append(button(f"Same as {alt.name}", f"{CURATE_ACTION}_{len(elements)}",
                               _value(MERGE, result.entity_id, other=alt.entity_id,
                                      query=result.name)))
    return buttons(*elements, block_id="newsdesk_curate")


def split_names(db: Database, entity_id: int, name: str) -> list[str]:
    """The names of the records grouped into the entity other than its own: what can be split."""
    own = normalize_name(name)
    seen: dict[str, str] = {}
    for member in member_names(db, entity_id):
        norm = normalize_name(member)
        if norm and norm != own:
            seen.setdefault(norm, member)
    return list(seen.values())


def _value(kind: str, entity_id: int, *, alias: str = "", other: int = 0, query: str = "") -> str:
    return json.dumps({"k": kind, "e": entity_id, "a": alias, "o": other, "q": query},
                      ensure_ascii=False)


def with_curation(db: Database, reply: Reply, result: WhoResult) -> Reply:
    """`reply` (a profile) with the curation buttons and a line saying what they are for."""
    blocks: Sequence[Block] = (
        *reply.blocks,
        context("Wrong? Tell me — it applies to every later answer:"),
        curation_block(db, result),
    )
    return Reply(blocks=tuple(blocks), text=reply.text, ephemeral=reply.ephemeral,
                 more_token=reply.more_token, share=reply.share, error=reply.error)


# ---------------------------------------------------------------- a click


class StaleButton(ValueError):
    """The button refers to an entity that no longer exists (the corpus changed since)."""


def parse_curation(value: str | None) -> dict | None:
    try:
        data = json.loads(value or "")
        if data["k"] in (MERGE, SPLIT, NOT_ENTITY) and int(data["e"]) > 0:
            return {"k": data["k"], "e": int(data["e"]), "a": str(data.get("a") or ""),
                    "o": int(data.get("o") or 0), "q": str(data.get("q") or "")}
    except (ValueError, TypeError, KeyError):
        pass
    return None


def correction_for(db: Database, data: dict) -> Correction:
    """The Correction a click asks for, with the entities' current keys and names."""
    entity = reads.entity(db, data["e"])
    if entity is None:
        raise StaleButton("that entity is gone")
    if data["k"] == MERGE:
        other = reads.entity(db, data["o"])
        if other is None or other["id"] == entity["id"]:
            raise StaleButton("the other entity is gone")
        return Correction(MERGE, entity["key"], entity["name"], other["key"], other["name"])
    if data["k"] == SPLIT:
        if not data["a"]:
            raise StaleButton("no name to split")
        return Correction(SPLIT, entity["key"], data["a"], "", entity["name"])
    return Correction(NOT_ENTITY, entity["key"], entity["name"])


def apply_click(db: Database, value: str | None, user_id: str) -> tuple[Correction, str] | None:
    """Store the decision a click asks for and regroup; the correction and the name to ask
    `/who` about next, or None if the button is stale or forged."""
    data = parse_curation(value)
    if data is None:
        return None
    try:
        correction = correction_for(db, data)
    except StaleButton as err:
        log.info("curation click ignored: %s", err)
        return None
    add_correction(db, correction, user_id=user_id)
    refresh_entities(db)
    log.info("correction kind=%s key=%s by=%s", correction.kind, correction.entity_key, user_id)
    ask = correction.name if correction.kind != SPLIT else correction.other_name
    return correction, ask or data["q"]


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
