"""An article's title, source, authors, URL and given date, from every place that states them.

Precedence, strongest first: the caller's `overrides` (the --title/--date/--source/--url/--authors
flags), the sidecar file `NAME.meta.json`, Markdown front matter, the format's own metadata (HTML
meta tags via trafilatura, PDF document info), and finally what the text itself shows (headline,
byline, a publication named on the dateline, the file name).

Dates: only a date the user gives (kind "given") or the page's metadata states (kind "stated") is
set here. Datelines in the text stay in `meta_lines`; the time layer turns them into a DocDate.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.models import DocDate
from bot.pipeline.clean import (
    DATE_PATTERN,
    WEEKDAY_PATTERN,
    Cleaned,
    bio_name,
    byline_names,
    is_dateline,
    is_navigation,
    strip_dates,
    words_of,
)
from bot.pipeline.extract import Extracted, UnreadableFile

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"

# Keys accepted in sidecars and front matter, with their aliases.
_KEYS: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "published_at"),
    "source": ("source", "publication", "publisher", "site", "sitename", "site_name"),
    "url": ("url", "link", "canonical", "canonical_url"),
    "authors": ("authors", "author", "byline"),
}
_GIVEN_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z ]*)?$")
_GRANULARITY = {1: "year", 2: "month", 3: "day"}
# Words on a dateline that are never the publication's name.
_NOT_SOURCE = re.compile(
    r"^(?:updated|published|posted|last|modified|created|first|on|at|by|am|pm|a\.m|p\.m|gmt|utc|"
    r"edt|est|bst|cet|jst|ist|et|pt|local|time|date|today|yesterday|print|share|comments?)$",
    re.IGNORECASE,
)
_CONNECTORS = {"of", "the", "and", "&", "for", "de", "la", "le", "du", "der", "die", "das", "on"}


@dataclass(frozen=True)
class Metadata:
    """What is known about an article besides its body."""

    title: str
    source: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    date: DocDate | None = None


def parse_given_date(value: object, *, origin: str = "the date", kind: str = "given") -> DocDate:
    """A user-given date: "2016", "2016-11" or "2016-11-02" (granularity from its length).

    Accepts datetime.date values (YAML front matter parses dates) and ISO timestamps. Anything
    else raises ValueError with a message naming where the date came from.

    >>> parse_given_date("2016-11")
    DocDate(value='2016-11', granularity='month', kind='given', evidence='the date: 2016-11')
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DocDate(value.isoformat(), "day", kind, f"{origin}: {value.isoformat()}")
    text = str(value).strip()
    m = _GIVEN_DATE.match(text)
    problem = "expected YYYY, YYYY-MM or YYYY-MM-DD"
    if m:
        parts = [int(p) for p in m.groups() if p is not None]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            problem = str(exc)
        else:
            iso = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
            return DocDate(iso, _GRANULARITY[len(parts)], kind, f"{origin}: {text}" if origin else "")
    raise ValueError(f"Invalid date {text!r} in {origin}: {problem}.")


def sidecar_path(path: Path) -> Path | None:
    """The sidecar next to `path`: "story.meta.json" (or "story.txt.meta.json"), if present."""
    for candidate in (path.with_name(path.stem + SIDECAR_SUFFIX),
                      path.with_name(path.name + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> dict[str, Any]:
    """The JSON object in the article's sidecar, or {} when there is none."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"broken sidecar {sidecar.name}: {exc}") from None
    if not isinstance(data, dict):
        raise UnreadableFile(f"broken sidecar {sidecar.name}: expected a JSON object")
    return data


def pick(mapping: Mapping[str, Any], field: str) -> Any:
    """The value of `field` (or one of its aliases) in a sidecar/front-matter mapping."""
    lowered = {str(k).lower(): v for k, v in mapping.items()}
    for key in _KEYS[field]:
        value = lowered.get(key)
        if value not in (None, "", [], ()):
            return value
    return None


def split_authors(value: Any) -> tuple[str, ...]:
    """Author names from a list or a "A; B", "A, B" or "A and B" string."""
    items = value if isinstance(value, list | tuple) else re.split(r";|,|\band\b|&", str(value))
    names = (" ".join(str(item).split()) for item in items)
    return _unique(n for n in names if n)


def authors_from_lines(meta_lines: Iterable[str]) -> tuple[str, ...]:
    """Names from bylines ("By X", "X, commentator", "…, writes X") and author bios."""
    names: list[str] = []
    for line in meta_lines:
        names.extend(byline_names(line))
        if bio := bio_name(line):
            names.append(bio)
    return _unique(names)


def source_from_lines(meta_lines: Iterable[str], authors: Iterable[str] = ()) -> str | None:
    """The publication named on a dateline ("…, Daily Courier, 5:00 p.m." → "Daily Courier").

    Only proper-noun segments of date-bearing header lines count; people already known as
    authors, places shouted in capitals and dateline words do not. None rather than a guess.
    """
    author_words = {w.casefold() for a in authors for w in a.split()}
    for line in meta_lines:
        if not is_dateline(line) or byline_names(line):
            continue
        segments = re.split(r"\s*[|,•·;—–()]\s*|\s+-\s+", strip_dates(line))
        found = [s for s in (" ".join(x.split()) for x in segments) if _is_source_name(s)]
        found = [s for s in found if not {w.casefold() for w in s.split()} <= author_words]
        if found:
            return " | ".join(dict.fromkeys(found))
    return None


def _is_source_name(segment: str) -> bool:
    words = segment.split()
    if not 1 <= len(words) <= 5 or not words_of(segment):
        return False
    if any(_NOT_SOURCE.match(w.strip(".:")) for w in words):
        return False
    if WEEKDAY_PATTERN.search(segment) or DATE_PATTERN.search(segment):
        return False
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 3:
        return False  # "OSLO": a dateline's place; short acronyms ("FT", "AP") are publishers
    return words[0][0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS for w in words
    )


def title_from_filename(path: Path) -> str:
    """'2016-12_japan-russia_reset.txt' → 'Japan russia reset'."""
    stem = path.name.split(".")[0]
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w and not re.fullmatch(r"[\d]+|[0-9a-f]{8,}", w)]
    text = " ".join(words) or stem
    return text[:1].upper() + text[1:]


def _pdf_title_is_real(title: str) -> bool:
    """PDF info titles are often the authoring tool's file name ("Microsoft Word - a.docx")."""
    return " " in title.strip() and not re.search(r"\.(?:docx?|pdf|odt|rtf|txt|indd)\b|^Microsoft", title, re.I)


def build_metadata(
    path: Path,
    extracted: Extracted,
    cleaned: Cleaned,
    *,
    sidecar: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Metadata:
    """Merge every source of metadata, strongest first (see the module docstring)."""
    given: list[tuple[str, Mapping[str, Any]]] = [
        ("the command line", overrides or {}),
        (f"sidecar {path.stem}{SIDECAR_SUFFIX}", sidecar or {}),
        ("front matter", extracted.front_matter),
    ]
    fmt_meta = dict(extracted.metadata)
    if extracted.format == "pdf" and not _pdf_title_is_real(fmt_meta.get("title", "")):
        fmt_meta.pop("title", None)

    def first_given(field: str) -> tuple[str, Any] | None:
        for origin, mapping in given:
            value = pick(mapping, field)
            if value is not None:
                return origin, value
        return None

    title = first_given("title")
    authors_given = first_given("authors")
    text_authors = authors_from_lines(cleaned.meta_lines)
    authors = (
        split_authors(authors_given[1]) if authors_given
        else split_authors(fmt_meta["author"]) if fmt_meta.get("author")
        else text_authors
    )
    source = first_given("source")
    url = first_given("url")
    date_given = first_given("date")
    return Metadata(
        title=" ".join(str(
            title[1] if title else _headline(fmt_meta.get("title"), cleaned.title, cleaned.paragraphs, path)
        ).split()),
        source=str(source[1]).strip() if source else (
            fmt_meta.get("sitename") or source_from_lines(cleaned.meta_lines, authors)
        ),
        authors=authors,
        url=str(url[1]).strip() if url else fmt_meta.get("url"),
        date=(
            parse_given_date(date_given[1], origin=date_given[0]) if date_given
            else _stated_date(fmt_meta.get("date"), fmt_meta.get("date_found"))
        ),
    )


def _headline(markup: str | None, text: str | None, paragraphs: Sequence[str], path: Path) -> str:
    """The page's headline: its markup's, else the text's headline-shaped line, else the
    opening words of the body; a file name only for a file with no body at all.

    A site name glued on ("Ad sales boost profit | The Daily") is cut off; a menu line is never
    a headline; "0042_a1b2c3d4.txt" says nothing a reader wants to see.
    """
    for candidate in (markup, text):
        if not candidate or is_navigation(candidate):
            continue
        parts = re.split(r"\s+[|–—-]\s+(?=[^|–—-]{2,40}$)", candidate.strip())
        return parts[0] if len(parts[0].split()) >= 2 or len(parts) == 1 else candidate
    if paragraphs:
        return opening_words(paragraphs[0])
    return title_from_filename(path)


def opening_words(paragraph: str, limit: int = 12) -> str:
    """The first sentence, or its first `limit` words with an ellipsis: a title of last resort.

    >>> opening_words("Ferry crews walked out on Monday. The operator said most services ran.")
    'Ferry crews walked out on Monday.'
    """
    sentence = re.split(r"(?<=[.!?。！？])\s+", paragraph.strip(), maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= limit and len(sentence) <= 120:
        return sentence
    if len(words) <= 1:  # a script written without spaces
        return sentence[:40] + "…"
    return " ".join(words[:limit]).rstrip(",;:") + "…"


def _stated_date(value: str | None, found: str | None = None) -> DocDate | None:
    """The date a page states, with where it was found; a malformed one is ignored, not fatal."""
    if not value:
        return None
    try:
        return parse_given_date(value, origin=found or "page metadata", kind="stated")
    except ValueError:
        log.info("ignoring unparseable page date value=%r", value)
        return None


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())
