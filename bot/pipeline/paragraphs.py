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


# A paragraph longer than this is cut at sentence ends before analysis. spaCy refuses texts
# over its max_length (1,000,000) and needs about 1 GB per 100,000 characters of one text.
MAX_PARAGRAPH_CHARS = 50_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def bound_paragraphs(paragraphs: Sequence[str], limit: int = MAX_PARAGRAPH_CHARS) -> tuple[str, ...]:
    """Paragraphs no longer than `limit`: a longer one (a text with no blank lines) is cut at
    its last sentence end before the limit, else at a space, else at the limit.

    >>> bound_paragraphs(["One. Two. Three."], limit=10)
    ('One. Two.', 'Three.')
    """
    out: list[str] = []
    for paragraph in paragraphs:
        while len(paragraph) > limit:
            head = paragraph[:limit + 1]
            ends = [m.end() for m in _SENTENCE_END.finditer(head)]
            cut = ends[-1] if ends else (head.rfind(" ") + 1 or limit)
            out.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if paragraph:
            out.append(paragraph)
    return tuple(p for p in out if p)


def locate(starts: Sequence[int], offset: int) -> int:
    """Index of the span (given by sorted start offsets) that contains `offset`."""
    return max(0, bisect_right(starts, offset) - 1)
