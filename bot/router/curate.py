"""A click on a curation button of a `/who` answer: read it, store the decision, regroup.

Only the entities the decision names are regrouped (with whatever their grouping touches), in
a short write: anyone may press the buttons, and at 100k documents a full regrouping would
hold the store's write lock for a minute.

The buttons carry (kind, entity id, alias, other entity id, the name asked about) as JSON; a
value we cannot read, or one about an entity that is gone since, is a stale button.
"""

from __future__ import annotations

import json
import logging

from sqlite_utils import Database

from bot.models import MERGE, NOT_ENTITY, SPLIT, Correction
from bot.regroup import regroup_new
from db import reads
from db.corrections import add_correction

log = logging.getLogger(__name__)


class StaleButton(ValueError):
    """The button refers to an entity that no longer exists (the corpus changed since)."""


def parse_curation(value: str | None) -> dict | None:
    """The click's data, checked, or None when the value is not one of our buttons'."""
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
    regroup_new(db, entities=[data["e"], data["o"]] if data["o"] else [data["e"]])
    log.info("correction kind=%s key=%s by=%s", correction.kind, correction.entity_key, user_id)
    ask = correction.name if correction.kind != SPLIT else correction.other_name
    return correction, ask or data["q"]
