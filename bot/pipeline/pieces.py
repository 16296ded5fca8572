"""The optional pieces reading depends on, checked once at start with one sentence each.

A package skipped at install (an older pip drops `lxml[html_clean]`, an extra of an extra)
would otherwise show up as a traceback on every HTML file. `missing_pieces` says, before any
work, which formats cannot be read and what to install.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

# (module to import, what it gives, the package to install)
PIECES: tuple[tuple[str, str, str], ...] = (
    ("trafilatura", "HTML pages", "trafilatura"),
    ("lxml_html_clean", "HTML pages", "lxml_html_clean"),
    ("htmldate", "dates stated in HTML pages", "htmldate"),
    ("pypdf", "PDF files", "pypdf"),
    ("frontmatter", "Markdown front matter", "python-frontmatter"),
    ("datasketch", "near-duplicate detection at ingest", "datasketch"),
)


def missing_pieces(find: Callable[[str], object] = importlib.util.find_spec) -> list[str]:
    """One sentence per missing piece: what cannot be done and the install that fixes it.

    >>> missing_pieces(lambda name: None if name == "pypdf" else object())
    ['PDF files cannot be read: the package pypdf is missing (pip install pypdf).']
    """
    sentences = []
    for module, gives, package in PIECES:
        if find(module) is None:
            verb = "cannot be read" if gives[0].isupper() else "is unavailable"
            sentences.append(f"{gives} {verb}: the package {package} is missing "
                             f"(pip install {package}).")
    return sentences

