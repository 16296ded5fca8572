"""Separating an article's own prose from the page chrome around it, in plain text.

Saved web pages keep their share buttons, paywall prompts, breadcrumbs, tag lists, captions and
unrendered templates as text. `clean_text` removes them by general rules, never by lists of
particular strings:

- **Line shape.** Body paragraphs are sentences: several words, mostly lower-case after the first,
  ending in terminal punctuation (or long enough to be prose anyway). Headlines, labels, tags and
  section subheadings are short, title-cased, all-caps or bulleted and have no sentence ending.
- **Markers.** Template placeholders (`{{…}}`, `{%…%}`, `${…}`, "placeholder image"), icon alt text,
  prices, bare URLs, breadcrumbs ("A > B"), caption/credit labels ("Credit:", "©", "Image caption")
  and a small vocabulary of generic web-chrome words (subscribe, sign up, print, share, sponsored,
  cookie, newsletter, comments…).
- **Position.** Everything before the first run of prose is the header zone (title, dateline,
  byline, standfirst); after the last chrome line that no prose run follows is the footer zone.
  Only metadata survives there, as `meta_lines`.
- **Repetition.** A line that repeats is chrome; a repeated headline is kept once, as the title;
  a lone repeated paragraph is a promotion, but a block of repeated paragraphs is the story held
  twice (a page's two copies), and is kept once.
- **Script.** Japanese, Chinese, Korean, Arabic, Hebrew… have no lower case: there a sentence is
  a run of letters ending in its script's full stop (。！？؟), so no language is refused.

Metadata is not chrome: datelines, bylines ("By X, role", "X, commentator", "…, writes X"),
standfirsts and a trailing author bio ("X is a retired diplomat…") go to `meta_lines`, and a
timestamp glued to the end of the last paragraph is cut off into them. A wire dateline opening the
lede ("LONDON, March 3 (Reuters) -") stays in the body and is a meta line too. Subheadings and list
entries inside the body stay in it (subheadings are also listed in `subheadings`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

log = logging.getLogger(__name__)

# --- Dates and times (recognised, never normalised: the time layer does that) ---------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue(?:s)?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_ORD = r"(?:st|nd|rd|th)?"
DATE_PATTERN = re.compile(
    rf"""(?x)
    \b(?:
        {_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}           # September 18, 2020
      | \d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}   # 18 September 2020
      | \d{{1,2}}[-/.\s]{_MONTH}[-/.\s]\d{{2,4}}           # 09-Dec-2016
      | \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}                # 2016-12-09
      | \d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}                # 12/8/2016
      | {_MONTH}\s+\d{{4}}                                 # December 2016
      | {_MONTH}\s+\d{{1,2}}{_ORD}                         # Dec. 15
      | \d{{1,2}}{_ORD}\s+{_MONTH}                         # 15 Dec
    )(?![\w/])""",
    re.IGNORECASE,
)
TIME_PATTERN = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|AM|PM)?(?:\s*\(?(?:GMT|UTC|[A-Z]{1,3}[SD]?T)\)?)?"
    r"|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|AM\b|PM\b)",
    re.IGNORECASE,
)
WEEKDAY_PATTERN = re.compile(rf"\b{_WEEKDAY}(?=[\s,]|$)", re.IGNORECASE)
_RELATIVE_STAMP = re.compile(r"\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b", re.I)
# Words a dateline may hold besides the date itself.
_DATELINE_WORDS = re.compile(
    r"\b(?:updated|published|posted|last|modified|created|first|on|at|am|pm|gmt|utc|edt|est|"
    r"bst|cet|jst|ist|et|pt|local|time|date|issue|vol|no|by|staff|wire|reporters?|and)\b\.?:?",
    re.IGNORECASE,
)

# --- Names and bylines -----------------------------------------------------------------------

_PARTICLE = r"(?:de|da|del|della|di|du|van|von|der|den|bin|al|el|le|la|ter|ten|dos|das)"
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}"
_CAPS_NAME = r"[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){1,3}"
# Generic job words of people who write or are quoted as authors.
ROLE_WORDS = re.compile(
    r"\b(?:author|writer|journalist|reporter|correspondent|editor|columnist|commentator|"
    r"contributor|analyst|fellow|professor|lecturer|scholar|researcher|director|diplomat|"
    r"ambassador|economist|historian|chief|head|chair(?:man|woman)?|founder|president|"
    r"member|expert|student|staff|retired|former|senior|associate|assistant|visiting|"
    r"blogger|freelance|producer|strategist|consultant|adviser|advisor|officer|partner)s?\b",
    re.IGNORECASE,
)
_BY_LINE = re.compile(
    rf"^(?:(?i:posted|written|words|text|reporting|story|report|analysis|photos)\s+)?"
    rf"(?i:by)[:\s]+(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)(?=$|[\s,;|—–(-])"
)
_CAPS_BYLINE = re.compile(rf"^(?P<names>{_CAPS_NAME})\s*,\s*(?P<role>[^,]{{3,80}})$")
_ROLE_BYLINE = re.compile(rf"^(?P<names>{NAME})\s*[,|—–]\s*(?P<role>.{{3,100}})$")
_WRITES = re.compile(rf"[,;—–-]?\s*(?:writes|says|argues|reports)\s+(?P<names>{NAME})\s*\.?$")
_BIO = re.compile(
    rf"^(?P<names>{NAME})\s+(?:is|was|has been|serves as|teaches|works)\b(?P<rest>.*)$"
)
# A wire dateline opening the lede: "LONDON, March 3 (Reuters) -", "SIOUX FALLS, S.D. (AP) —",
# "Berlin (dpa) -", "TOKYO —". A place in capitals needs only the dash; a place in title case
# needs the agency in brackets, so "Smith - a reader" is no dateline.
_DATELINE_LEDE = re.compile(
    rf"""^(?P<dateline>
      (?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{0,3}}
         (?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){{0,2}})?
         (?:,\s*{_MONTH}\s+\d{{1,2}})?
         (?:\s*\([^()]{{1,30}}\))?
       | [A-Z][^\W\d_]+(?:[\s-][A-Z][^\W\d_]+){{0,2}}
         (?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){{0,2}})?
         (?:,\s*{_MONTH}\s+\d{{1,2}})?
         \s*\([^()]{{1,30}}\))
      \s*(?:--?|–|—|_)(?=\s+\S))""",
    re.VERBOSE,
)
_AUTHOR_IS = re.compile(r"^The (?:author|writer)s? (?:is|are|was)\b", re.IGNORECASE)

# --- Chrome markers --------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•·‣▪◦●○■□►▸▹➤✓✔]|[-*+](?=\s))\s*")
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|[\[(]\s*placeholder[^\])]*[\])]", re.IGNORECASE
)
_ICON = re.compile(r"\bIcon\s?[A-Z]|[a-z](?:Icon|Arrow|Chevron|Artboard)\b|Created with Sketch")
_SOCIAL = re.compile(
    r"\b(?:facebook|twitter|linkedin|whatsapp|pinterest|reddit|telegram|e-?mail|mail|"
    r"messenger|instagram|youtube|tiktok|flipboard|copy link)\b",
    re.IGNORECASE,
)
# Phrases that mark page furniture even inside a full sentence.
_CHROME_PHRASES = re.compile(
    r"\b(?:subscribe|subscription|subscriber|sign(?:ing)? up|sign in|log ?in|register now|"
    r"newsletter|advertisement|sponsored content|cookies?|free (?:trial|articles?)|"
    r"trial period|unlimited access|paywall|print this|comments? (?:are|is) closed|"
    r"leave a (?:comment|reply)|all rights reserved|privacy policy|terms of (?:use|service)|"
    r"read more|read next|more on this story|related (?:topics|articles|stories|content)|"
    r"recommended|most (?:read|popular|viewed)|share this|share on|follow us|"
    r"download (?:the|our) app|our (?:mobile )?apps?|skip to|back to top|click here|tap here|"
    r"see all offers|offer ends|special offer|full access)\b",
    re.IGNORECASE,
)
# Words that make a short non-sentence line page furniture rather than a heading.
_CHROME_WORDS = re.compile(
    r"\b(?:print|share|email|comments?|tags?|topics?|category|categories|menu|search|home|"
    r"video|photos?|gallery|features?|listen|audio|watch|advert|ads?|next|previous|prev|"
    r"close|login|trending|popular|latest|offers?|sponsored|newsletters?|podcasts?|apps?|"
    r"press|archives?|subscribe|more)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:credits?|photo(?:graph)?s?|images?|pictures?|captions?|source|tags?|topics?|"
    r"category|categories|filed under|related|read more|see also|also read|read also|"
    r"watch|listen|video|keywords?)\s*:"
    r"|^(?:image caption|media caption|image copyright|image source|photo credit|"
    r"related topics|more on this story|share this|read more|see also)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"©|\(c\)\s*\d{4}|\b(?:photo|image|picture)s?\s*(?:by|credit)\b"
    r"|/\s*(?:Getty|Reuters|AFP|AP|EPA|Shutterstock|Alamy)\b",
    re.IGNORECASE,
)
_PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?(?:USD|EUR|GBP)\b")
_URL = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|org|net|co\.uk)/\S*")
_BREADCRUMB = re.compile(r"\S\s+[>»›/]\s+\S")
_TERMINAL = re.compile(r"[.!?…。！？؟۔।][\"'”’)\]」』）]*$")
# Letters of scripts without case (CJK, Arabic, Hebrew, Thai, Devanagari…): prose there has
# no lower-case words to recognise it by.
_CASELESS_MIN_CHARS = 12
_CLOSERS = "\"'”’)]"


@dataclass(frozen=True)
class Cleaned:
    """The article's prose and what the cleaner learned about it.

    paragraphs:  body paragraphs, in order (join with a blank line for `Article.body`)
    title:       the headline, if the text has a headline-shaped line
    meta_lines:  datelines, bylines, standfirst, author bio, timestamps cut off paragraphs
    subheadings: section headings that were inside the body
    dropped:     chrome removed (for logs and debugging)
    """

    paragraphs: tuple[str, ...]
    title: str | None
    meta_lines: tuple[str, ...]
    subheadings: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class _Unit:
    text: str
    bullet: bool
    kind: str = ""  # prose | heading | chrome | meta


# --- Public predicates -------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’.-]*", text)


def is_caseless(text: str) -> bool:
    """Most letters belong to a script without upper and lower case (Japanese, Arabic…).

    >>> is_caseless("東京都は3日、感染者が確認されたと発表した。"), is_caseless("Tokyo said.")
    (True, False)
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    caseless = sum(1 for c in letters if not c.isupper() and not c.islower())
    return caseless > len(letters) / 2


def _caseless_sentence(text: str) -> bool:
    """Prose in a caseless script: a sentence ending, or long enough to be prose anyway."""
    letters = sum(c.isalpha() for c in text)
    if _TERMINAL.search(text.rstrip()) and letters >= _CASELESS_MIN_CHARS:
        return True
    return letters >= 4 * _CASELESS_MIN_CHARS


def looks_like_sentence(text: str) -> bool:
    """True for prose: ≥2 words, mostly lower-case after the first, ending a sentence.

    A timestamp glued to the end ("… order. 11:01 AM 12/8/2016") does not hide the ending.

    >>> looks_like_sentence("But this is no ordinary time.")
    True
    >>> looks_like_sentence("Playing into Putin's Global Strategy?")
    False
    """
    text = _trailing_stamp(text)[0]
    if is_caseless(text):
        return _caseless_sentence(text)
    words = words_of(text)
    if len(words) < 2:
        return False
    later = words[1:]
    lower = sum(1 for w in later if w[0].islower()) / len(later)
    if _TERMINAL.search(text.rstrip()) and lower >= (0.35 if len(words) > 2 else 1):
        return True
    return len(words) >= 20 and lower >= 0.5


def is_dateline(text: str) -> bool:
    """A short line that is mostly a date or time ("• September 18, 2020", "Updated 5:00 p.m.").

    Besides the date it may hold a few proper nouns (the publication, a place) and dateline
    words (updated, published, GMT), but no ordinary lower-case words.
    """
    if not (DATE_PATTERN.search(text) or TIME_PATTERN.search(text) or _RELATIVE_STAMP.search(text)):
        return False
    rest = strip_dates(text)
    rest = _DATELINE_WORDS.sub(" ", rest)
    rest = re.sub(r"\b(?:print|share)(?:\s+this\s+(?:post|page|article|story))?\b", " ", rest, flags=re.I)
    words = words_of(rest)
    if len(words) > 6:
        return False
    return not any(w[0].islower() and len(w) > 3 for w in words)


def is_navigation(line: str) -> bool:
    """A menu line ("World | Business | Markets | Tech"): short labels between separators.

    >>> is_navigation("World | Business | Markets | Tech | Opinion"), is_navigation("Q&A | Abe")
    (True, False)
    """
    parts = [p.strip() for p in re.split(r"\s+[|•·/›»>]\s+|\s{3,}", line) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def strip_dates(text: str) -> str:
    """The text with date, time and weekday expressions blanked out."""
    for pattern in (DATE_PATTERN, TIME_PATTERN, WEEKDAY_PATTERN, _RELATIVE_STAMP):
        text = pattern.sub(" ", text)
    return text


def byline_names(line: str) -> tuple[str, ...]:
    """Author names a byline-shaped line gives, or () when the line is not a byline.

    >>> byline_names("By Ana Ruiz and Tom Berg, staff writers")
    ('Ana Ruiz', 'Tom Berg')
    >>> byline_names("MARIA LOPEZ, political correspondent")
    ('Maria Lopez',)
    """
    line = _BULLET.sub("", line).strip()
    if len(words_of(line)) > 30 or dateline_lede(line):
        return ()
    if m := _BY_LINE.match(line):
        return _split_names(m.group("names"))
    if (m := _CAPS_BYLINE.match(line)) and not DATE_PATTERN.search(m.group("role")):
        return _split_names(m.group("names").title())
    m = _ROLE_BYLINE.match(line)
    if m and ROLE_WORDS.search(m.group("role")) and not looks_like_sentence(line):
        return _split_names(m.group("names"))
    if (m := _WRITES.search(line)) and len(words_of(line)) <= 30:
        return _split_names(m.group("names"))
    return ()


def dateline_lede(paragraph: str) -> str | None:
    """The wire dateline a lede opens with, or None.

    It stays in the body (it is the first sentence's start) and is also a meta line, where the
    place, agency and date become metadata.

    >>> dateline_lede("LONDON, March 3 (Reuters) - British Airways said on Tuesday it would buy.")
    'LONDON, March 3 (Reuters) -'
    >>> dateline_lede("Berlin (dpa) - Die Regierung will schneller bauen.")
    'Berlin (dpa) -'
    >>> dateline_lede("Anna Berg - a reader from Oslo - wrote to us.") is None
    True
    """
    m = _DATELINE_LEDE.match(paragraph)
    if not m or len(words_of(paragraph[m.end():])) < 3:
        return None
    return " ".join(m.group("dateline").split())


def bio_name(paragraph: str) -> str | None:
    """The author's name if `paragraph` is an author bio ("X is a retired diplomat who …")."""
    if len(words_of(paragraph)) > 70:
        return None
    m = _BIO.match(paragraph)
    if not m or not ROLE_WORDS.search(" ".join(m.group("rest").split()[:12])):
        return None
    return m.group("names")


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return tuple(p.strip() for p in parts if len(p.split()) >= 2 or p.strip().isupper())


# --- Units -------------------------------------------------------------------------------------


def split_units(text: str) -> list[tuple[str, bool]]:
    """Blocks → units (paragraphs or standalone lines), hard-wrapped prose joined back.

    A line continues the previous one when it starts lower-case, or when the block is wrapped
    prose (lines of similar width) and the previous line filled the width. Bullets, labels and
    headlines always stand alone.
    """
    units: list[tuple[str, bool]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        wrapped = len(lines) > 1 and width <= 100 and sum(len(x) > 0.7 * width for x in lines) > 1
        current: list[str] = []
        for line in lines:
            if current and _continues(current[-1], line, wrapped, width):
                current.append(line)
                continue
            if current:
                units.append(_unit(current))
            current = [line]
        if current:
            units.append(_unit(current))
    return units


def _continues(prev: str, line: str, wrapped: bool, width: int) -> bool:
    if _BULLET.match(prev) and not line[:1].islower():
        return False
    if _BULLET.match(line) or _LABEL.match(line) or is_dateline(line) or byline_names(line):
        return False
    if line[:1].islower() or prev.endswith(("-", ",", ";")):
        return True
    if _is_titlecase(prev) or is_dateline(prev):
        return False
    return wrapped and len(prev) > 0.6 * width


def _unit(lines: list[str]) -> tuple[str, bool]:
    bullet = bool(_BULLET.match(lines[0]))
    text = _BULLET.sub("", lines[0]) if bullet else lines[0]
    for line in lines[1:]:
        if re.search(r"[a-zà-ÿ]-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text.strip(), bullet


def _is_titlecase(text: str) -> bool:
    words = [w for w in words_of(text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


# --- Classification ----------------------------------------------------------------------------


def classify(text: str, bullet: bool = False) -> str:
    """"meta", "chrome", "prose" or "heading" for one unit, by its shape alone."""
    n_words = len(words_of(text))
    if _PLACEHOLDER.search(text) and n_words < 40:
        return "chrome"
    if _ICON.search(text) or (len(_SOCIAL.findall(text)) >= 2 and n_words <= 15):
        return "chrome"
    if is_dateline(text) or byline_names(text) or _AUTHOR_IS.match(text):
        return "meta"
    if _LABEL.match(text) or (_CREDIT.search(text) and n_words <= 40):
        return "chrome"
    sentence = looks_like_sentence(text)
    if _CHROME_PHRASES.search(text) and (n_words <= 20 or not sentence):
        return "chrome"
    if not sentence:
        chrome_words = len(_CHROME_WORDS.findall(text))
        if chrome_words and (n_words <= 4 or chrome_words * 2 >= n_words):
            return "chrome"  # "Share this article"; not "Ad sales boost Time Warner profit"
        if (_PRICE.search(text) and n_words <= 10) or _BREADCRUMB.search(text):
            return "chrome"
        if _URL.search(text) and len("".join(_URL.findall(text))) > len(text) / 2:
            return "chrome"
        if n_words == 0 and not is_caseless(text):
            return "chrome"
        if bullet:
            return "item"  # a list entry: body inside the article, chrome around it
        return "heading"
    return "prose"


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _is_run(units: list[_Unit], i: int) -> bool:
    """Unit i starts body prose: it and the next are prose, or it is long prose by itself."""
    if units[i].kind != "prose":
        return False
    text = units[i].text
    if len(words_of(text)) >= 40 or (is_caseless(text) and len(text) >= 80):
        return True
    j = i + 1
    while j < len(units) and units[j].kind in ("heading", "item", "chrome") and j - i <= 5:
        j += 1  # a lede, a subhead, a list or an ad line, then prose: the body has begun
    return j < len(units) and units[j].kind == "prose"


def _zones(units: list[_Unit]) -> tuple[int, int]:
    """(body_start, footer_start): the header ends where prose starts; the footer starts at the
    first chrome line after which no run of prose follows and most lines are not prose (a share
    bar before a short last paragraph does not end the article)."""
    n = len(units)
    runs = [_is_run(units, i) for i in range(n)]
    start = next((i for i in range(n) if runs[i]), None)
    if start is None:
        start = next((i for i in range(n) if units[i].kind == "prose"), n)
    run_after = [False] * (n + 1)
    prose_after = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        run_after[i] = runs[i] or run_after[i + 1]
        prose_after[i] = prose_after[i + 1] + (units[i].kind == "prose")
    footer = next(
        (
            j for j in range(start + 1, n)
            if (units[j].kind == "chrome" and not run_after[j + 1]
                and prose_after[j + 1] * 2 < n - j - 1 + (j == n - 1))
            # headings and lists end the article only when no prose follows them at all
            or (units[j].kind in ("item", "heading") and prose_after[j + 1] == 0)
        ),
        n,
    )
    return start, footer


def _trailing_stamp(paragraph: str) -> tuple[str, str | None]:
    """Split "… international order. 11:01 AM 12/8/2016" into the prose and the timestamp."""
    m = re.search(r"(?<=[.!?…”\"’)])\s+([^.!?…”\"’)]{4,60})$", paragraph)
    if m and is_dateline(m.group(1)) and not words_of(strip_dates(m.group(1))):
        return paragraph[: m.start()].rstrip(), m.group(1).strip()
    return paragraph, None


def tidy_meta_line(line: str) -> str:
    """A meta line without bullets, print/share buttons, comment counts or stray separators."""
    line = _BULLET.sub("", line)
    line = re.sub(r"\bprint(?:\s+this\s+(?:post|page|article|story))?\b", " ", line, flags=re.I)
    line = re.sub(r"\b\d+\s+comments?\b|\bshare\b|\btags?:.*$", " ", line, flags=re.I)
    line = re.sub(r"\s+,", ",", " ".join(line.split()))
    line = re.sub(r"(?:\s*[|,]\s*){2,}", " | ", line)
    return line.strip(" ,|•·;:-—–_")


def clean_text(text: str) -> Cleaned:
    """Split plain text into body paragraphs, title and meta lines, dropping page chrome.

    >>> c = clean_text("Print\\n\\nTide turns\\n\\nBy Ana Ruiz\\n\\nThe sea rose. It fell.\\n\\nAll good.")
    >>> c.title, c.meta_lines, c.paragraphs
    ('Tide turns', ('By Ana Ruiz',), ('The sea rose. It fell.', 'All good.'))
    """
    units = [_Unit(t, b, classify(t, b)) for t, b in split_units(text) if t]
    counts = Counter(_key(u.text) for u in units)
    # Whole prose paragraphs that repeat are promotional blocks, not the article's own prose.
    units = [
        _Unit(u.text, u.bullet, "chrome")
        if u.kind == "prose" and counts[_key(u.text)] > 1 and len(words_of(u.text)) < 40
        and not _in_repeated_block(units, i, counts)
        else u
        for i, u in enumerate(units)
    ]
    start, footer = _zones(units)
    title = _title(units[:start], counts)
    title_key = _key(title) if title else None

    body: list[str] = []
    meta: list[str] = []
    subheadings: list[str] = []
    dropped: list[str] = []
    seen: set[str] = set()
    for i, unit in enumerate(units):
        key = _key(unit.text)
        zone = "header" if i < start else "footer" if i >= footer else "body"
        if key == title_key:
            continue
        if unit.kind == "meta":
            meta.append(unit.text)
        elif zone == "header" and unit.kind == "prose" and counts[key] == 1:
            meta.append(unit.text)  # standfirst: a summary, not body prose
        elif zone == "header" and _role_after_byline(units, i):
            meta.append(unit.text)
        elif zone == "body" and unit.kind == "prose" and key not in seen:
            seen.add(key)
            paragraph, stamp = _trailing_stamp(unit.text)
            body.append(paragraph)
            if stamp:
                meta.append(stamp)
            if lede := dateline_lede(paragraph):
                meta.append(lede)  # stays in the body too: it opens the first sentence
        elif zone == "body" and unit.kind in ("heading", "item") and key not in seen:
            seen.add(key)
            body.append(unit.text)  # a subhead or list entry is part of the article
            if unit.kind == "heading":
                subheadings.append(unit.text)
        elif zone == "footer" and unit.kind == "prose" and bio_name(unit.text):
            meta.append(unit.text)
        else:
            dropped.append(unit.text)
    body, bio = _split_bio(body)
    meta.extend(bio)
    meta_lines = tuple(m for m in dict.fromkeys(tidy_meta_line(x) for x in meta) if m)
    log.debug("cleaned paragraphs=%d meta=%d dropped=%d", len(body), len(meta_lines), len(dropped))
    return Cleaned(tuple(body), title, meta_lines, tuple(subheadings), tuple(dropped))


def _in_repeated_block(units: list[_Unit], i: int, counts: Counter[str]) -> bool:
    """The repeated paragraph sits among other repeated prose: the story is held twice."""
    neighbours = [units[j] for j in (i - 1, i + 1) if 0 <= j < len(units)]
    return any(u.kind == "prose" and counts[_key(u.text)] > 1 for u in neighbours)


def _role_after_byline(units: list[_Unit], i: int) -> bool:
    """"Environment correspondent" on the line after "By Jane Doe" belongs to the byline."""
    return (
        i > 0
        and units[i].kind == "heading"
        and bool(byline_names(units[i - 1].text))
        and bool(ROLE_WORDS.search(units[i].text))
        and len(words_of(units[i].text)) <= 8
    )


def _split_bio(body: list[str]) -> tuple[list[str], list[str]]:
    """Move a closing author bio out of the body; the author is not mentioned before it."""
    if len(body) < 2:
        return body, []
    name = bio_name(body[-1])
    if not name or _AUTHOR_IS.match(body[-1]):
        return body, []
    earlier = " ".join(body[:-1])
    if any(part in earlier for part in name.split() if len(part) > 2):
        return body, []
    return body[:-1], [body[-1]]


def _headline_length(text: str) -> bool:
    """2–30 words; in a script written without spaces, 4–80 letters."""
    if is_caseless(text) and len(words_of(text)) < 2:
        return 4 <= sum(c.isalpha() for c in text) <= 80
    return 2 <= len(words_of(text)) <= 30


def _title(header: list[_Unit], counts: Counter[str]) -> str | None:
    """The headline: a repeated headline-shaped line, else the first one, in the header zone."""
    candidates = [
        u.text for u in header
        if u.kind == "heading" and not u.bullet and _headline_length(u.text)
        and not is_navigation(u.text)
    ]
    repeated = [t for t in candidates if counts[_key(t)] > 1 and len(words_of(t)) >= 3]
    if repeated:
        return repeated[0]
    longer = [t for t in candidates if len(words_of(t)) >= 3 or is_caseless(t)]
    if longer:
        return longer[0]
    questions = [
        u.text for u in header
        if u.kind == "prose" and u.text.rstrip(_CLOSERS).endswith("?") and len(words_of(u.text)) <= 15
    ]
    return (candidates or questions or [None])[0]
