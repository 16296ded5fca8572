"""Splitting a cleaned body into paragraphs and sentences, with character offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_paragraphs(body: str) -> list[tuple[int, str]]:
    """(offset, text) for each non-empty paragraph; paragraphs are separated by blank lines.

    >>> split_paragraphs("One.\\n\\nTwo.")
    [(0, 'One.'), (6, 'Two.')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    for match in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        chunk = body[pos:end]
        stripped = chunk.strip()
        if stripped:
            out.append((pos + chunk.index(stripped), stripped))
        pos = match.end() if match else len(body)
    return out


def locate(starts: Sequence[int], offset: int) -> int:
    """Index of the span (given by sorted start offsets) that contains `offset`."""
    return max(0, bisect_right(starts, offset) - 1)
