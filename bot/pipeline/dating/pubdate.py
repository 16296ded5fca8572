"""The publication date from the lines a cleaner took out of a page's header and footer.

"  • September 18, 2020", "09-Dec-2016 Intellasia | FT | 6:00 AM Print This Post",
"11:01 AM 12/8/2016", "Published: 3 March 2019 14:02 GMT": the same date rules as the body,
with no anchor, keeping only dates that state their own year.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Sequence

from bot.models import DocDate
from bot.pipeline.dating.find import find_in_text

log = logging.getLogger(__name__)

_FULL_DATE = re.compile(r"^\d{4}-\d\d(?:-\d\d)?")


def find_publication_date(lines: Sequence[str]) -> DocDate | None:
    """The first full date (day precision) in the lines, else the first month-and-year.

    Lines come in page order, header first, so the first full date is the dateline; a
    footer's date ("12/8/2016" under an article dated 09-Dec-2016) is only a fallback.
    A year alone ("© 2019") is no publication date.

    >>> find_publication_date(["By Jane Roe", "March 3, 2019 | 14:02"]).value
    '2019-03-03'
    """
    month_date: DocDate | None = None
    for line in lines:
        for expression in find_in_text(line, None):
            match = _FULL_DATE.match(expression.value)
            if expression.anchored or match is None:
                continue
            value = match.group(0)
            granularity = "day" if len(value) == 10 else "month"
            found = DocDate(value, granularity, "dateline", line.strip())
            if granularity == "day":
                log.debug("publication date value=%s line=%r", value, line)
                return found
            month_date = month_date or found
    if month_date is None:
        return _foreign_date(lines)
    return month_date


# Month names of the languages whose dates the English rules do not read.
_MONTHS: dict[str, int] = {
    name: number for number, names in enumerate((
        ("enero", "janvier", "januar", "jänner", "gennaio", "janeiro", "januari"),
        ("febrero", "février", "fevrier", "februar", "febbraio", "fevereiro", "februari"),
        ("marzo", "mars", "märz", "maerz", "março", "marco", "maart"),
        ("abril", "avril", "aprile", "april"),
        ("mayo", "mai", "maggio", "maio", "mei"),
        ("junio", "juin", "juni", "giugno", "junho"),
        ("julio", "juillet", "juli", "luglio", "julho"),
        ("agosto", "août", "aout", "augustus"),
        ("septiembre", "setiembre", "septembre", "settembre", "setembro"),
        ("octubre", "octobre", "oktober", "ottobre", "outubro"),
        ("noviembre", "novembre", "november", "novembro"),
        ("diciembre", "décembre", "decembre", "dezember", "dicembre", "dezembro", "december"),
    ), start=1) for name in names
}
_FOREIGN_DATE = re.compile(
    r"\b(\d{1,2})\.?\s+(?:de\s+)?(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?,?\s+(?:de\s+)?((?:1[89]|2[01])\d\d)\b", re.IGNORECASE)
_CJK_DATE = re.compile(r"((?:1[89]|2[01])\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_KOREAN_DATE = re.compile(r"((?:1[89]|2[01])\d\d)\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:1[89]|2[01])\d\d)\b")


def _foreign_date(lines: Sequence[str]) -> DocDate | None:
    """A full date on a header line in another language: "jueves 2 de abril de 2020",
    "3. März 2021", "2020年7月3日", "2023년 6월 2일", "05.04.2022" (day first, as in Europe).

    >>> _foreign_date(["jueves 2 de abril de 2020"]).value
    '2020-04-02'
    """
    for line in lines:
        for pattern, order in ((_FOREIGN_DATE, "dmy"), (_CJK_DATE, "ymd"), (_KOREAN_DATE, "ymd"),
                               (_DOTTED_DATE, "dmy")):
            m = pattern.search(line)
            if not m:
                continue
            parts = dict(zip(order, m.groups(), strict=True))
            month = _MONTHS.get(parts["m"].lower()) if not parts["m"].isdigit() else int(parts["m"])
            if month and _valid(parts["y"], str(month), parts["d"]):
                value = f"{parts['y']}-{month:02d}-{int(parts['d']):02d}"
                return DocDate(value, "day", "dateline", line.strip())
    return None


# --- Dates a web page states -------------------------------------------------------------------

_ISO_DAY = re.compile(r"(1[89]\d\d|2[01]\d\d)-(\d\d)-(\d\d)")
_URL_DATE = re.compile(r"/((?:1[89]|2[01])\d\d)[/-](\d\d?)[/-](\d\d?)(?:/|-|$|\.)")
_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date",
    "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
    "parsely-pub-date", "article.published", "originalpublicationdate",
)


def page_date(html: str, url: str | None = None) -> tuple[str, str] | None:
    """(ISO day, how it was found) for the date a saved page states, strongest source first.

    Structured data (JSON-LD `datePublished`, microdata, `article:published_time` and the
    other date meta tags, `<time datetime>`), then the URL ("/2016/12/09/"), then htmldate's
    search of the page's text (many languages) with every year from 1800 allowed. A
    copyright year ("© 2024", read as 1 January) is no publication date.

    >>> page_date('<meta property="article:published_time" content="1987-03-03T09:12:00Z">')
    ('1987-03-03', 'page metadata (article:published_time)')
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises on empty or non-HTML documents
        return None
    for finder in (_json_ld_date, _microdata_date, _meta_date, _time_element_date):
        found = finder(root)
        if found:
            return found
    canonical = url or next(iter(root.xpath("//link[@rel='canonical']/@href")), None)
    if canonical and (m := _URL_DATE.search(str(canonical))) and _valid(*m.groups()):
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", "the page's URL"
    return _searched_date(html)


def _valid(year: str, month: str, day: str) -> bool:
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _iso_day(value: str) -> str | None:
    m = _ISO_DAY.search(value or "")
    return m.group(0) if m and _valid(*m.groups()) else None


def _json_ld_date(root) -> tuple[str, str] | None:
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (ValueError, TypeError):
            continue
        for item in _json_items(data):
            for key in ("datePublished", "dateCreated", "uploadDate"):
                if isinstance(item.get(key), str) and (day := _iso_day(item[key])):
                    return day, f"page metadata (JSON-LD {key})"
    return None


def _json_items(data) -> list[dict]:
    """Every JSON object in a JSON-LD document (lists and @graph flattened)."""
    if isinstance(data, list):
        return [item for x in data for item in _json_items(x)]
    if isinstance(data, dict):
        return [data, *_json_items(data.get("@graph", []))]
    return []


def _microdata_date(root) -> tuple[str, str] | None:
    for element in root.xpath("//*[@itemprop='datePublished']"):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if day := _iso_day(value):
            return day, "page metadata (microdata datePublished)"
    return None


def _meta_date(root) -> tuple[str, str] | None:
    found: dict[str, str] = {}
    for meta in root.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS and (day := _iso_day(meta.get("content"))):
            found.setdefault(key, day)
    for key in _META_DATE_KEYS:
        if key in found:
            return found[key], f"page metadata ({key})"
    return None


def _time_element_date(root) -> tuple[str, str] | None:
    """A `<time datetime>` marked as the publication's, or the only date the page's times give.

    Pages list related stories with their own times; with several different days and none
    marked, the choice is left to htmldate's scoring of the whole page.
    """
    marked = [t for t in root.xpath("//time[@datetime]")
              if t.get("pubdate") is not None or "publish" in (t.get("class") or "")
              or t.get("itemprop") == "datePublished"]
    days = [d for t in (marked or root.xpath("//time[@datetime]"))
            if (d := _iso_day(t.get("datetime")))]
    if days and (marked or len(set(days)) == 1):
        return days[0], "page metadata (<time datetime>)"
    return None


def _searched_date(html: str) -> tuple[str, str] | None:
    """htmldate's search of the whole page, text included, in the many languages it reads."""
    from htmldate import find_date

    try:
        value = find_date(html, extensive_search=True, original_date=True,
                          min_date="1800-01-01", outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate raises on some malformed pages: no date then
        log.debug("htmldate failed error=%s", exc)
        return None
    if not value:
        return None
    if value.endswith("-01-01") and re.search(rf"(?:©|&copy;|\(c\)|copyright)\s*{value[:4]}",
                                              html, re.IGNORECASE):
        return None  # a copyright year, not the day of publication
    return value, "the page's text (htmldate)"
