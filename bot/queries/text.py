"""User query text: cleaning, terms, and safe FTS5 query strings.

User text never reaches FTS5 as syntax: every term is quoted, so `NEAR(`, `*`, `"` or
`'; DROP TABLE` are just words (or nothing).
"""

from __future__ import annotations

import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

MAX_QUERY_CHARS = 200
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): the
# FTS tokenizer keeps a whole run of them as one term, so a word is found inside the terms.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff"
                       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class BadQuery(ValueError):
    """The query cannot be answered as given; the message says why, for the user."""


def normalize_query(text: str) -> str:
    """NFC, without control or format characters (bidi overrides, zero-width), one space apart.

    >>> normalize_query("  Putin\\u200b\\u202e\\n ")
    'Putin'
    """
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " "
        for ch in unicodedata.normalize("NFC", text or "")
        if unicodedata.category(ch) != "Cf"
    )
    return " ".join(text.split())


def clean_query(text: str) -> str:
    """The normalized query, refused with a clear message when empty or too long."""
    text = normalize_query(text)
    if not text:
        raise BadQuery("Say what to look for, e.g. `/who Putin` or `/timeline sanctions`.")
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"That query is {len(text):,} characters long; keep it under "
                       f"{MAX_QUERY_CHARS} (a name or a few words).")
    return text


def query_terms(text: str) -> list[str]:
    """Lower-cased words of the query, without stopwords.

    >>> query_terms("the sanctions on NEAR(Russia*")
    ['sanctions', 'near', 'russia']
    """
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    return [w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def written_without_spaces(term: str) -> bool:
    """True for a term in a script that does not separate words with spaces.

    >>> written_without_spaces("東京都"), written_without_spaces("Tokyo")
    (True, False)
    """
    return bool(_UNSPACED.search(term))


def fts_query(terms: list[str], *, any_term: bool = False) -> str:
    """A quoted FTS5 query: all terms (default) or any of them.

    >>> fts_query(['economic', 'cooperation'])
    '"economic" "cooperation"'
    """
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    return (" OR " if any_term else " ").join(quoted)
