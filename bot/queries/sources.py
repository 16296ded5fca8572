"""Where a passage or description comes from: the document's title, source and date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.pipeline.dating.display import document_date


@dataclass(frozen=True)
class SourceRef:
    document_id: int
    title: str
    source: str | None
    url: str | None
    date_label: str  # "18 Sep 2020", "2016 (estimated)", "undated"

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SourceRef:
        label = document_date(row.get("doc_date"), row.get("doc_granularity") or "",
                              row.get("doc_date_kind"))
        return cls(row["document_id"], row.get("title") or "untitled", row.get("source"),
                   row.get("url"), label)
