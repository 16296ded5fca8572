"""load_article end to end, iter_article_files, and the seed articles' general properties."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fpdf import FPDF

from bot.models import DocDate
from bot.pipeline.articles import (
    SUPPORTED_SUFFIXES,
    UnreadableFile,
    iter_article_files,
    load_article,
)
from bot.pipeline.clean import (
    byline_names,
    is_dateline,
    looks_like_sentence,
    split_units,
    tidy_meta_line,
)

STORY = """Lighthouse keepers return to Skerry Point

Coastal Post | 14 Aug 2015 | 10:20 AM

By Ewan Calder, maritime correspondent

The last automated lighthouse on the northern coast will be staffed again from next spring, the maritime trust said on Wednesday.

Keepers left the station in 1998, when its lamp was switched to remote control from the mainland.

It was a mistake.

Print this article
"""


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_article(tmp_path):
    article = load_article(write(tmp_path / "lighthouse.txt", STORY))
    assert article.format == "txt"
    assert article.title == "Lighthouse keepers return to Skerry Point"
    assert article.source == "Coastal Post"
    assert article.authors == ("Ewan Calder",)
    # the dateline is read at load time since issue 10 (it was read at analysis before)
    assert article.date == DocDate("2015-08-14", "day", "dateline",
                                   "Coastal Post | 14 Aug 2015 | 10:20 AM")
    assert article.meta_lines == (
        "Coastal Post | 14 Aug 2015 | 10:20 AM",
        "By Ewan Calder, maritime correspondent",
    )
    assert article.body.split("\n\n") == [
        "The last automated lighthouse on the northern coast will be staffed again from next "
        "spring, the maritime trust said on Wednesday.",
        "Keepers left the station in 1998, when its lamp was switched to remote control from "
        "the mainland.",
        "It was a mistake.",
    ]


def test_utf16_and_cp1252_files_give_the_same_article(tmp_path):
    reference = load_article(write(tmp_path / "a.txt", STORY))
    for encoding in ("utf-16", "utf-8-sig", "cp1252"):
        article = load_article(write(tmp_path / f"{encoding}.txt", STORY.encode(encoding)))
        assert (article.title, article.body, article.meta_lines) == (
            reference.title, reference.body, reference.meta_lines,
        )


def test_sidecar_and_overrides(tmp_path):
    path = write(tmp_path / "lighthouse.txt", STORY)
    write(tmp_path / "lighthouse.meta.json", json.dumps({
        "title": "Keepers return", "date": "2015-08", "source": "The Coastal Post",
        "url": "https://post.example/lighthouse", "authors": ["Ewan Calder", "Mhairi Gunn"],
    }))
    article = load_article(path)
    assert article.title == "Keepers return"
    assert article.date == DocDate("2015-08", "month", "given", "sidecar lighthouse.meta.json: 2015-08")
    assert article.source == "The Coastal Post"
    assert article.url == "https://post.example/lighthouse"
    assert article.authors == ("Ewan Calder", "Mhairi Gunn")
    flagged = load_article(path, {"date": "2015-08-14", "source": "Flag Source", "title": "T"})
    assert (flagged.date.value, flagged.date.granularity) == ("2015-08-14", "day")
    assert (flagged.source, flagged.title, flagged.url) == ("Flag Source", "T", article.url)


def test_invalid_dates(tmp_path):
    path = write(tmp_path / "lighthouse.txt", STORY)
    with pytest.raises(ValueError, match=r"Invalid date '2015-14' in the command line"):
        load_article(path, {"date": "2015-14"})
    write(tmp_path / "lighthouse.meta.json", json.dumps({"date": "14/08/2015"}))
    with pytest.raises(UnreadableFile, match=r"Invalid date '14/08/2015' in sidecar"):
        load_article(path)


def test_markdown_front_matter_date_is_given(tmp_path):
    path = write(tmp_path / "note.md", (
        "---\ntitle: Ferry timetable changes\ndate: 2023-04-01\nauthor: Noor Haddad\n---\n\n"
        "The winter timetable ends on Sunday, and two extra crossings are added each day.\n\n"
        "Tickets bought before April remain valid.\n"
    ))
    article = load_article(path)
    assert article.format == "md"
    assert article.title == "Ferry timetable changes"
    assert article.date == DocDate("2023-04-01", "day", "given", "front matter: 2023-04-01")
    assert article.authors == ("Noor Haddad",)
    assert len(article.body.split("\n\n")) == 2


def test_html_article_with_stated_date(tmp_path):
    page = """<html><head><title>Ferries strike | Harbour Times</title>
    <meta property="og:site_name" content="Harbour Times">
    <meta name="author" content="Noor Haddad">
    <meta name="date" content="2023-04-03">
    <link rel="canonical" href="https://harbour.example/ferries"></head><body>
    <div class="cookie">This site uses cookies. OK</div>
    <article><h1>Ferries strike</h1>
    <p>Ferry crews walked out on Monday over a new rota that they say leaves too little rest between crossings.</p>
    <p>Share this with Email Facebook Twitter</p>
    <p>The operator said most services would still run, though with longer waits at both terminals.</p>
    </article><footer>Subscribe to our newsletter</footer></body></html>"""
    article = load_article(write(tmp_path / "ferries.html", page))
    assert article.title == "Ferries strike"
    assert article.source == "Harbour Times"
    assert article.url == "https://harbour.example/ferries"
    assert article.date == DocDate("2023-04-03", "day", "stated", "page metadata (date): 2023-04-03")
    assert article.body.split("\n\n")[0].startswith("Ferry crews walked out on Monday")
    assert "Share" not in article.body and "cookies" not in article.body
    assert len(article.body.split("\n\n")) == 2


def test_pdf_article(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in ("Orchard cooperative expands",
                 "The cooperative bought two neighbouring orchards this autumn and will press its "
                 "own juice from next year, its chairwoman said at the annual meeting.",
                 "Members voted for the purchase by a large majority."):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    pdf.output(str(tmp_path / "orchard.pdf"))
    article = load_article(tmp_path / "orchard.pdf")
    assert article.format == "pdf"
    assert article.title == "Orchard cooperative expands"
    assert article.body.split("\n\n")[1] == "Members voted for the purchase by a large majority."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (looks like PNG image)"),
        ("report.docx", b"PK\x03\x04rest", "unsupported file type .docx"),
        ("chrome.txt", b"Print\n\nShare this with Email Facebook Twitter\n\nSubscribe", "no article text found"),
    ],
)
def test_unreadable_files_say_why_in_one_sentence(tmp_path, name, data, message):
    with pytest.raises(UnreadableFile) as info:
        load_article(write(tmp_path / name, data))
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_iter_article_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/two.md", "a.txt", "b/one.HTML", "a.meta.json", "photo.jpg", ".hidden.txt",
                 ".git/x.txt", "c.pdf"):
        write(tmp_path / name, "x")
    explicit = write(tmp_path / "notes.docx", "x")
    found = list(iter_article_files([tmp_path, explicit]))
    assert found == [
        tmp_path / "a.txt", tmp_path / "b" / "one.HTML", tmp_path / "b" / "two.md",
        tmp_path / "c.pdf", explicit,
    ]
    assert set(SUPPORTED_SUFFIXES) >= {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}


# --- Seeds: general properties only -----------------------------------------------------------

SEED_FILES = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_bodies_hold_only_prose(path):
    article = load_article(path)
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) >= 8
    for paragraph in paragraphs:
        assert "{{" not in paragraph and "${" not in paragraph
        # prose, or a subhead inside the article (kept in the body since issue 10)
        assert looks_like_sentence(paragraph) or len(paragraph.split()) <= 12, paragraph
        assert not re.match(r"^\s*[•·*-]\s", paragraph)
        assert "\n" not in paragraph
    assert article.title and article.title not in article.body


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_header_datelines_and_bylines_are_meta(path):
    """Every dateline or byline among the raw header lines ends up in meta_lines, not the body."""
    article = load_article(path)
    units = [text for text, _ in split_units(path.read_text(encoding="utf-8"))][:12]
    header_meta = [u for u in units if is_dateline(u) or byline_names(u)]
    for line in header_meta:
        assert line not in article.body
        assert tidy_meta_line(line) in article.meta_lines, line
    assert all(len(m) < 300 for m in article.meta_lines)


def test_seed_one_sentence_paragraph_and_quotes_survive():
    bodies = {p.name[:3]: load_article(p).body.split("\n\n") for p in SEED_FILES}
    assert "But this is no ordinary time." in bodies["001"]
    assert any(p.startswith("“Peeling Russia and China apart will be hard,”") for p in bodies["000"])
    assert bodies["002"][-1].endswith("liberal international order.")
