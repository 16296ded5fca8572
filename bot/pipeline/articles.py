"""From a file on disk to a clean `Article`: the one entry point ingest calls.

    for path in iter_article_files([Path("seeds/")]):
        try:
            article = load_article(path, overrides={"source": "FT"})
        except UnreadableFile as exc:
            print(f"{path}: {exc}")   # one clear sentence: "binary file (looks like PNG image)"

Folders are walked recursively in sorted order; hidden files, `*.meta.json` sidecars and files of
unrelated types inside folders are skipped silently (a folder of articles often holds images or
notes). A file named explicitly is always yielded, so an unsupported one gets its clear error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from bot.models import Article, DocDate
from bot.pipeline.clean import Cleaned, classify, clean_text
from bot.pipeline.dating.pubdate import find_publication_date
from bot.pipeline.extract import SUPPORTED_SUFFIXES, UnreadableFile, extract_file
from bot.pipeline.metadata import SIDECAR_SUFFIX, build_metadata, parse_given_date, read_sidecar
from bot.pipeline.paragraphs import bound_paragraphs

# The longest article text taken (about 330,000 words, a long book): beyond it, analysis
# would take minutes and gigabytes for something that is not an article.
MAX_ARTICLE_CHARS = 2_000_000

log = logging.getLogger(__name__)

__all__ = ["SUPPORTED_SUFFIXES", "UnreadableFile", "iter_article_files", "load_article"]


def load_article(
    path: Path, overrides: Mapping[str, str] | None = None, *, max_bytes: int | None = None
) -> Article:
    """Read, clean and describe one article file.

    `overrides` (title, date, source, url, authors) win over the sidecar, front matter and
    whatever the file states. Raises UnreadableFile when the file holds no article text, and
    ValueError when a given date is invalid.
    """
    path = Path(path)
    if overrides and overrides.get("date"):
        parse_given_date(overrides["date"], origin="the command line")  # fail before any work
    extracted = extract_file(path, max_bytes=max_bytes)
    if len(extracted.text) > MAX_ARTICLE_CHARS * 2:  # before cleaning, which is not linear
        raise _too_long(len(extracted.text))
    cleaned = keep_some_text(clean_text(extracted.text), extracted.text)
    cleaned = replace(cleaned, paragraphs=bound_paragraphs(cleaned.paragraphs))
    if len(cleaned.body) > MAX_ARTICLE_CHARS:
        raise _too_long(len(cleaned.body))
    sidecar = read_sidecar(path)
    try:
        meta = build_metadata(path, extracted, cleaned, sidecar=sidecar, overrides=overrides)
    except ValueError as exc:  # a bad date in the sidecar or front matter: this file's problem
        raise UnreadableFile(str(exc).rstrip(".")) from None
    log.debug(
        "loaded article path=%s format=%s paragraphs=%d meta_lines=%d",
        path, extracted.format, len(cleaned.paragraphs), len(cleaned.meta_lines),
    )
    return Article(
        path=str(path),
        format=extracted.format,
        title=meta.title,
        body=cleaned.body,
        source=meta.source,
        authors=meta.authors,
        url=meta.url,
        date=meta.date or header_date(extracted.text, cleaned),
        meta_lines=cleaned.meta_lines,
    )


def keep_some_text(cleaned: Cleaned, text: str) -> Cleaned:
    """The cleaned article, or, when the cleaner kept no paragraph, every line of the text.

    A page is refused only when it holds no text but chrome: a body of headline-shaped lines
    (a list of results, a poem, a script the rules misread) is still an article someone saved.
    """
    if cleaned.paragraphs:
        return cleaned
    lines = tuple(line for _, line in _lines(text) if classify(line) != "chrome")
    if not lines:
        raise UnreadableFile("no article text found (only page chrome: menus, share buttons)")
    log.info("cleaner kept nothing; keeping the whole text lines=%d", len(lines))
    return replace(cleaned, paragraphs=lines)


def header_date(text: str, cleaned: Cleaned) -> DocDate | None:
    """The date on the lines before the body, in any of the languages pubdate reads.

    The cleaner keeps English datelines as meta lines; a header line in another language
    ("jueves 2 de abril de 2020", "2020年7月3日") is not one of them, yet states the date.
    """
    head = text.split(cleaned.paragraphs[0], 1)[0] if cleaned.paragraphs else text
    return find_publication_date([*cleaned.meta_lines, *(line for _, line in _lines(head))])


def _lines(text: str) -> list[tuple[int, str]]:
    return [(i, " ".join(line.split())) for i, line in enumerate(text.split("\n")) if line.strip()]


def _too_long(chars: int) -> UnreadableFile:
    return UnreadableFile(f"{chars / 1e6:.1f} million characters of text, more than the "
                          f"{MAX_ARTICLE_CHARS / 1e6:g} million an article may have")


def iter_article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to ingest: explicit files as given, folders walked recursively and sorted.

    Inside folders, hidden entries, sidecars and unsupported types are skipped silently.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if not child.is_file() or child.name.endswith(SIDECAR_SUFFIX):
                continue
            if child.suffix.lower() in SUPPORTED_SUFFIXES:
                yield child
            else:
                log.debug("skipping unsupported file path=%s", child)
