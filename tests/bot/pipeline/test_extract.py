"""Reading files: formats, encodings and the clear errors for what cannot be read."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from fpdf import FPDF

from bot.pipeline.extract import (
    UnreadableFile,
    decode_text,
    extract_file,
    markdown_to_text,
    rebuild_paragraphs,
)

TEXT = "Café “Lumière” reopened on the quay — its owner’s third attempt.\nThe queue was long."


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_each_encoding_decodes_to_the_same_text(tmp_path, encoding):
    path = write(tmp_path, "cafe.txt", TEXT.encode(encoding))
    assert extract_file(path).text == TEXT


def test_newlines_and_unicode_are_normalised():
    decomposed = "Cafe\u0301 on the quay\r\nsecond line\rthird\u00a0line"
    assert decode_text(decomposed.encode("utf-8")) == "Café on the quay\nsecond line\nthird line"


def test_empty_and_blank_files_are_unreadable(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.md", b"  \n\n\t ")):
        with pytest.raises(UnreadableFile, match="^empty file$"):
            extract_file(write(tmp_path, name, data))


def test_random_bytes_named_txt_are_unreadable(tmp_path):
    noise = random.Random(7).randbytes(4000)
    with pytest.raises(UnreadableFile, match="binary file|cannot decode"):
        extract_file(write(tmp_path, "notes.txt", noise))


def test_undecodable_text_says_which_encodings_were_tried(tmp_path):
    # 0x81 and 0x8d are undefined in cp1252 and invalid as UTF-8 here; no NUL, no magic number.
    data = b"Plain words then \x81\x8d\x81 more words " * 10
    with pytest.raises(UnreadableFile, match=r"cannot decode text \(not UTF-8, UTF-16 or cp1252\)"):
        extract_file(write(tmp_path, "odd.txt", data))


def test_png_bytes_named_html_name_the_real_type(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(200)
    with pytest.raises(UnreadableFile, match=r"binary file \(looks like PNG image\)"):
        extract_file(write(tmp_path, "page.html", png))


def test_unsupported_suffix_is_named(tmp_path):
    path = write(tmp_path, "report.docx", b"PK\x03\x04 whatever")
    with pytest.raises(UnreadableFile, match=r"^unsupported file type \.docx$"):
        extract_file(path)


def test_missing_file_and_size_limit(tmp_path):
    with pytest.raises(UnreadableFile, match="no such file"):
        extract_file(tmp_path / "gone.txt")
    big = write(tmp_path, "big.txt", "word " * 1000)
    with pytest.raises(UnreadableFile, match="file too large"):
        extract_file(big, max_bytes=100)


# --- PDF --------------------------------------------------------------------------------------


def make_pdf(path: Path, paragraphs: list[list[str]], *, pages: int = 1) -> Path:
    """A real PDF: each paragraph is a list of lines written one under another."""
    pdf = FPDF()
    pdf.set_title("Harbour report")
    pdf.set_author("Ana Ruiz")
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for lines in paragraphs:
            for line in lines:
                pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(5)
    pdf.output(str(path))
    return path


PDF_PARAGRAPHS = [
    ["Harbour traffic recovers"],
    [
        "The port authority said on Monday that container traffic had returned to its level",
        "before the strike, and that the inter-",
        "national ferry line would resume its timetable on Friday morning.",
    ],
    [
        "Shipping agents were more cautious. Several of them said that the backlog of",
        "vessels waiting outside the breakwater would take another week to clear.",
    ],
]


def test_pdf_text_layer_rebuilds_paragraphs_and_joins_hyphenated_words(tmp_path):
    extracted = extract_file(make_pdf(tmp_path / "report.pdf", PDF_PARAGRAPHS))
    paragraphs = extracted.text.split("\n\n")
    assert paragraphs[0] == "Harbour traffic recovers"
    assert "the international ferry line would resume" in paragraphs[1]
    assert paragraphs[1].startswith("The port authority said on Monday")
    assert paragraphs[2].startswith("Shipping agents were more cautious.")
    assert paragraphs[2].endswith("another week to clear.")
    assert len(paragraphs) == 3
    assert extracted.metadata == {"title": "Harbour report", "author": "Ana Ruiz"}


def test_pdf_running_headers_and_page_numbers_are_dropped():
    pages = [f"Weekly Port Bulletin\nText of page {n} goes on here.\n{n}" for n in range(1, 5)]
    from bot.pipeline.extract import pdf_pages_to_text

    text = pdf_pages_to_text(pages)
    assert "Weekly Port Bulletin" not in text
    assert "Text of page 3 goes on here." in text
    assert "\n3\n" not in text


def test_hyphen_before_capital_is_a_compound():
    assert rebuild_paragraphs(["The Franco-", "German treaty was signed."]) == (
        "The Franco-German treaty was signed."
    )


def test_truncated_pdf_is_broken(tmp_path):
    data = make_pdf(tmp_path / "full.pdf", PDF_PARAGRAPHS).read_bytes()
    path = write(tmp_path, "cut.pdf", data[: len(data) // 2])
    with pytest.raises(UnreadableFile, match="^broken PDF: "):
        extract_file(path)


def test_pdf_without_text_layer_is_reported_as_scan(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(UnreadableFile, match=r"PDF has no text layer \(scanned\?\)"):
        extract_file(tmp_path / "scan.pdf")


def test_text_named_pdf_is_not_a_pdf(tmp_path):
    with pytest.raises(UnreadableFile, match="not a PDF file"):
        extract_file(write(tmp_path, "fake.pdf", "just some words"))


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Glacier retreat doubles in a decade | Alpine Observer</title>
<meta property="og:site_name" content="Alpine Observer">
<meta property="og:title" content="Glacier retreat doubles in a decade">
<meta name="author" content="Lukas Brandt">
<meta property="article:published_time" content="2021-07-02T06:15:00+02:00">
<link rel="canonical" href="https://observer.example.org/science/glacier-retreat">
</head><body>
<div id="cookies">We use cookies to personalise content. Accept all cookies</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/science">Science</a></li>
<li><a href="/travel">Travel</a></li></ul></nav>
<main><article>
<h1>Glacier retreat doubles in a decade</h1>
<p>Measurements taken across forty glaciers show that the ice lost twice as much thickness
between 2011 and 2020 as in the previous ten years, the survey’s authors said.</p>
<p>The steepest losses were recorded on south-facing slopes below 3,000 metres, where summer
heatwaves now strip away the winter snow by early July.</p>
<h2>What comes next</h2>
<p>Nobody expects a reversal.</p>
<p>“Even if emissions stopped today, most of these glaciers would keep shrinking for decades,”
said Petra Vogel, a glaciologist who led the fieldwork.</p>
</article></main>
<footer><p>© 2021 Alpine Observer. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/newsletter">Sign up to our newsletter</a></footer>
</body></html>"""


def test_html_main_content_and_metadata(tmp_path):
    extracted = extract_file(write(tmp_path, "glacier.html", PAGE))
    assert extracted.format == "html"
    assert "Measurements taken across forty glaciers" in extracted.text
    assert "Nobody expects a reversal." in extracted.text.split("\n\n")
    for chrome in ("cookies", "Travel", "All rights reserved", "newsletter"):
        assert chrome not in extracted.text
    assert extracted.metadata["title"] == "Glacier retreat doubles in a decade"
    assert extracted.metadata["sitename"] == "Alpine Observer"
    assert extracted.metadata["author"] == "Lukas Brandt"
    assert extracted.metadata["date"] == "2021-07-02"
    assert extracted.metadata["url"] == "https://observer.example.org/science/glacier-retreat"


def test_html_in_cp1252_with_declared_charset(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    extracted = extract_file(write(tmp_path, "glacier.htm", page.encode("cp1252")))
    assert "the survey’s authors said" in extracted.text


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_front_matter_and_syntax(tmp_path):
    source = (
        "---\ntitle: Night trains return\ndate: 2022-05-01\nauthors: [Ines Duarte]\n---\n"
        "# Night trains return\n\n![a sleeper car](car.jpg)\n\n"
        "Operators in **six countries** have [announced](https://example.com/x) new routes.\n\n"
        "```\ncode that is not prose\n```\n\n> A quoted line stays as text.\n"
    )
    extracted = extract_file(write(tmp_path, "trains.md", source))
    assert extracted.format == "md"
    assert extracted.front_matter["title"] == "Night trains return"
    assert str(extracted.front_matter["date"]) == "2022-05-01"
    assert extracted.text.split("\n\n") == [
        "Night trains return",
        "Operators in six countries have announced new routes.",
        "A quoted line stays as text.",
    ]


def test_markdown_to_text_keeps_underscored_words():
    assert markdown_to_text("The snake_case name and _emphasis_ here.") == (
        "The snake_case name and emphasis here."
    )
