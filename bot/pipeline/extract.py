"""Reading article files: bytes → decoded, normalised plain text plus whatever metadata the format
carries.

Each supported format becomes plain text whose paragraphs are separated by blank lines, so the
cleaner (`bot.pipeline.clean`) sees the same shape whatever the source was:

- `.txt`: decoded (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, cp1252) and normalised.
- `.md` / `.markdown`: front matter (python-frontmatter) split off; Markdown syntax reduced to text.
- `.html` / `.htm`: main content chosen by trafilatura (a boilerplate-removal library), which also
  gives title, author, site name and canonical URL; the date is `page_date`'s (structured data,
  URL, then htmldate's search of the text).
- `.pdf`: pypdf's text layer, with hyphenated line breaks joined and paragraphs rebuilt from lines.

Anything that cannot be read raises `UnreadableFile` with one sentence saying why.

The reader of each format imports its library inside the function, on purpose: those libraries
(`bot.pipeline.pieces` lists them) are optional pieces an install can miss, and a missing one
must cost only its format, with one sentence, not every import of this module.
"""

from __future__ import annotations

import codecs
import functools
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.pipeline.dating.pubdate import page_date
from bot.pipeline.pieces import missing_pieces

log = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 80  # trafilatura's main text is trusted from this length (see below)

# Suffix → Article.format.
SUPPORTED_SUFFIXES: Mapping[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}

# Leading bytes of common binary formats, so "report.txt" that is really a PNG gets a useful message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"{\\rtf", "RTF document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters other than tab, newline, carriage return and form feed: text has almost none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UnreadableFile(ValueError):
    """The file cannot be turned into article text; the message is one sentence saying why."""


@dataclass(frozen=True)
class Extracted:
    """A file's text (paragraphs separated by blank lines) and the metadata its format carried.

    `metadata` keys, when present: title, author, date (ISO), date_found (where the page states
    it), sitename, url, description — from HTML (trafilatura, `page_date`) or PDF document info;
    `front_matter` holds Markdown front matter as parsed.
    """

    format: str
    text: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    front_matter: Mapping[str, Any] = field(default_factory=dict)


def extract_file(path: Path, *, max_bytes: int | None = None) -> Extracted:
    """Read `path` and return its text in the shape the cleaner expects.

    >>> extract_file(Path("story.txt"))  # doctest: +SKIP
    Extracted(format='txt', text='Headline\\n\\nFirst paragraph.', ...)
    """
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        suffix = path.suffix or "(no suffix)"
        raise UnreadableFile(f"unsupported file type {suffix}")
    data = read_bytes(path, max_bytes=max_bytes)
    if fmt == "pdf":
        return extract_pdf(data)
    if fmt == "html":
        return extract_html(data)
    text = decode_text(data)
    if fmt == "md":
        return extract_markdown(text)
    return Extracted(format="txt", text=text)


def read_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The file's bytes; missing, unreadable, too large or empty files raise UnreadableFile."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UnreadableFile("is a folder, not a file")
        if max_bytes is not None and size > max_bytes:
            raise UnreadableFile(
                f"file too large ({size / 1e6:.1f} MB, the limit is {max_bytes / 1e6:.1f} MB)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    if not data.strip():
        raise UnreadableFile("empty file")
    return data


def binary_kind(data: bytes) -> str | None:
    """Name of the binary format `data` starts with, or None when it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def decode_text(data: bytes) -> str:
    """Decode bytes of a text file and normalise it (NFC, "\\n" newlines).

    Tries a byte-order mark, then UTF-16 without BOM (recognised by its NUL bytes), then strict
    UTF-8, then cp1252. Binary data (magic numbers, NUL or control bytes) raises UnreadableFile.
    """
    text = _decode(data)
    if not text.strip():
        raise UnreadableFile("empty file")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 1000):
        raise UnreadableFile("binary file (control characters in what should be text)")
    return normalize_text(text)


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFile(f"cannot decode text (invalid {encoding} after its BOM)") from None
    kind = binary_kind(data)
    if kind:
        raise UnreadableFile(f"binary file (looks like {kind})")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("cannot decode text (not UTF-8, UTF-16 or cp1252)")


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode BOM-less UTF-16: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.3 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data[: len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None


def normalize_text(text: str) -> str:
    """NFC, "\\n" newlines, no NBSP/zero-width characters, no trailing spaces on lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


# --- Markdown ---------------------------------------------------------------------------------

_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*?^```[ \t]*$", re.M | re.S), ""),  # fenced code is not prose
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.M), ""),  # link definitions
    (re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\n\1\n"),  # ATX headings become lines
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italic *x*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # italic _x_
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML tags
)


def extract_markdown(text: str) -> Extracted:
    """Split off front matter and reduce Markdown to plain text paragraphs."""
    import frontmatter

    try:
        post = frontmatter.loads(text)
        meta, body = dict(post.metadata), post.content
    except Exception as exc:  # malformed YAML: keep the text, say so in the log
        log.warning("front matter not parsed error=%s", exc)
        meta, body = {}, text
    return Extracted(format="md", text=markdown_to_text(body), front_matter=meta)


def markdown_to_text(markdown: str) -> str:
    """Markdown → plain text: headings on their own lines, links as their text, no images/code.

    >>> markdown_to_text("# Title\\n\\nSome *very* [good](http://x) text.")
    'Title\\n\\nSome very good text.'
    """
    text = markdown
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return normalize_text(text).strip()


# --- HTML -------------------------------------------------------------------------------------


def extract_html(data: bytes) -> Extracted:
    """Main content of a saved web page, via trafilatura, one paragraph per block element.

    Lines wrapped with `<br>` stay one paragraph (its lines joined by the cleaner), list entries
    become bulleted lines, headings their own lines. When trafilatura finds no main content the
    page's visible text is used instead: a page is refused only when it has no text at all.
    The date is the one the page states, found by `bot.dating.pubdate.page_date` in the order
    of trust structured data → URL → the page's own text.
    """
    try:
        import trafilatura
        import trafilatura.htmlprocessing  # imports lxml_html_clean, a separate package
    except ImportError as exc:
        raise UnreadableFile(_missing_piece(exc)) from None

    if binary_kind(data):
        raise UnreadableFile(f"binary file (looks like {binary_kind(data)})")
    html = _decode_html(data)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            config=_trafilatura_config(),
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "min_date": "1800-01-01"},
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on malformed input
        raise UnreadableFile(f"cannot parse HTML: {exc}") from None
    body = getattr(doc, "body", None) if doc is not None else None
    paragraphs = _body_paragraphs(body) if body is not None else []
    if not paragraphs:
        text = (getattr(doc, "text", None) if doc is not None else None) or _visible_text(html)
        paragraphs = [line.strip() for line in normalize_text(text).split("\n") if line.strip()]
    if not paragraphs:
        raise UnreadableFile("no text at all in the HTML page")
    metadata = {
        key: str(value).strip()
        for key in ("title", "author", "date", "sitename", "url", "description")
        if doc is not None and (value := getattr(doc, key, None)) and str(value).strip()
    }
    stated = page_date(html, metadata.get("url"))
    if stated is not None:
        metadata["date"], metadata["date_found"] = stated
    else:
        metadata.pop("date", None)
    return Extracted(format="html", text="\n\n".join(paragraphs), metadata=metadata)


@functools.cache
def _trafilatura_config() -> Any:
    """trafilatura's settings, with a lower bar for a "long enough" main text.

    Below `MIN_EXTRACTED_SIZE` characters trafilatura distrusts its article and falls back to
    the page's whole text as one paragraph (headline, times and all). Its default, 250, is a
    few lines of English but a whole short article in Chinese or Japanese, where a character
    is a word.
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_ARTICLE_CHARS))
    return config


def _missing_piece(exc: ImportError) -> str:
    """The sentence for a package missing at read time (see bot.pipeline.pieces)."""
    sentences = [s for s in missing_pieces() if s.startswith("HTML")]
    return sentences[0].rstrip(".") if sentences else f"HTML pages cannot be read: {exc}"


_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "cell"})


def _body_paragraphs(body: Any) -> list[str]:
    """trafilatura's XML body → paragraphs: block elements, `<lb/>` as a line break inside one.

    A newline in an element's own text (trafilatura's fallback puts a whole page's lines in one
    element) separates paragraphs; a `<br>` only wraps a line within one.
    """
    paragraphs: list[str] = []
    for element in body.iter():
        if element.tag not in _BLOCKS or (element.getparent() is not None
                                          and element.getparent().tag in _BLOCKS):
            continue
        for lines in _element_blocks(element):
            text = "\n".join(normalize_text(line).strip() for line in lines if line.strip())
            if text:
                paragraphs.append(f"• {text}" if element.tag == "item" else text)
    return paragraphs


def _element_blocks(element: Any) -> list[list[str]]:
    """The element's text as blocks of lines: `<lb/>` breaks a line, a raw newline a block."""
    blocks: list[list[str]] = [[]]
    for segment in _element_lines(element):
        pieces = segment.strip().split("\n")
        blocks[-1].append(pieces[0])
        for piece in pieces[1:]:
            blocks.append([piece])
    return [[" ".join(line.split()) for line in block] for block in blocks]


def _element_lines(element: Any) -> list[str]:
    """The text of an element and its inline children, split where it holds an `<lb/>`."""
    lines = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            lines.append(child.tail or "")
        else:
            inner = _element_lines(child)
            lines[-1] += inner[0]
            lines.extend(inner[1:])
            lines[-1] += child.tail or ""
    return lines


def _visible_text(html: str) -> str:
    """The text a reader sees on the page (no script, style or template), one block a line."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises on empty or non-HTML documents
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = root.xpath("//p|//h1|//h2|//h3|//h4|//li|//blockquote|//td|//pre")
    texts = [" ".join(b.text_content().split()) for b in blocks] if blocks else [
        root.text_content()]
    return "\n".join(t for t in texts if t)


def _decode_html(data: bytes) -> str:
    """HTML bytes → str: BOM, then a declared charset, then the text decoders."""
    head = data[:2048].decode("ascii", errors="ignore")
    declared = re.search(r"""charset\s*=\s*["']?([\w-]+)""", head, re.I)
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return normalize_text(data.decode(declared.group(1)))
        except (LookupError, UnicodeDecodeError):
            log.debug("declared charset did not decode charset=%s", declared.group(1))
    return decode_text(data)


# --- PDF --------------------------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)


def extract_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF, rebuilt into paragraphs.

    Broken or encrypted files and scans without a text layer raise UnreadableFile.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        kind = binary_kind(data)
        raise UnreadableFile(f"not a PDF file (looks like {kind or 'text or unknown data'})")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted PDF (needs a password)")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata or {}
        metadata = {
            key: str(value).strip()
            for key, value in (("title", info.get("/Title")), ("author", info.get("/Author")))
            if value and str(value).strip()
        }
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableFile(f"broken PDF: {_first_line(exc)}") from None
    if not any(page.strip() for page in pages):
        raise UnreadableFile("PDF has no text layer (scanned?)")
    text = pdf_pages_to_text([normalize_text(page) for page in pages])
    return Extracted(format="pdf", text=text, metadata=metadata)


_COLUMN_GAP = re.compile(r"\S {4,}\S")


def _page_text(page: Any) -> str:
    """A page's text; layout mode keeps the blank lines between paragraphs.

    Layout mode would interleave the lines of a multi-column page, so such pages (wide runs of
    spaces inside lines) fall back to plain extraction, which follows the content stream.
    """
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except Exception as exc:  # layout mode is newer and stricter; plain mode may still work
        log.debug("layout extraction failed error=%s", exc)
        text = ""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or sum(bool(_COLUMN_GAP.search(line.strip())) for line in lines) > len(lines) * 0.2:
        text = page.extract_text() or ""
    return "\n".join(re.sub(r"\s{2,}", " ", line).strip() for line in text.split("\n"))


def _first_line(exc: Exception) -> str:
    message = str(exc).strip().splitlines()
    return message[0] if message else type(exc).__name__


def pdf_pages_to_text(pages: list[str]) -> str:
    """Join the pages' lines into paragraphs; drop page numbers and running headers/footers.

    A line that repeats at the top or bottom of most pages is a running header, not prose.
    """
    page_lines = [[line.strip() for line in page.split("\n")] for page in pages]
    running = _running_lines(page_lines)
    lines: list[str] = []
    for page in page_lines:
        for line in page:
            if _PAGE_NUMBER.match(line) or line in running:
                continue
            lines.append(line)
        lines.append("")  # a page break ends a line but not always a paragraph; see below
    return rebuild_paragraphs(lines)


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    if len(page_lines) < 3:
        return set()
    edges = Counter()
    for page in page_lines:
        content = [line for line in page if line]
        edges.update(set(content[:2] + content[-2:]))
    return {line for line, n in edges.items() if n >= max(3, len(page_lines) * 0.6)}


def rebuild_paragraphs(lines: list[str]) -> str:
    """Lines of a laid-out page → paragraphs separated by blank lines.

    In justified or ragged text only a paragraph's last line (or a heading) is clearly shorter
    than the text width, so a short line ends a paragraph. A blank line (page break) ends one too,
    unless the text runs on mid-sentence into a lower-case word. "inter-" + "national" joins to
    "international"; "Japan-" + "Russia" keeps its hyphen (a capital means a compound).
    """
    widths = sorted(len(line) for line in lines if len(line) > 20)
    width = widths[int(len(widths) * 0.8)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            following = next((x for x in lines[i + 1:] if x), "")
            runs_on = current and not _TERMINAL.search(current) and following[:1].islower()
            if current and not runs_on:
                paragraphs.append(current)
                current = ""
            continue
        current = _join_line(current, line)
        if _TERMINAL.search(line) and (not width or len(line) < 0.75 * width):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _join_line(current: str, line: str) -> str:
    if not current:
        return line
    if re.search(r"[a-zà-ÿ]-$", current) and re.match(r"[a-zà-ÿ]", line):
        return current[:-1] + line  # a word broken across lines
    if current.endswith(("-", "–", "—", "/")):
        return current + line
    return f"{current} {line}"
