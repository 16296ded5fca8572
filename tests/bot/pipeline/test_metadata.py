"""Title, source, authors, URL and given dates, and which source of them wins."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.models import DocDate
from bot.pipeline.clean import Cleaned
from bot.pipeline.extract import Extracted, UnreadableFile
from bot.pipeline.metadata import (
    authors_from_lines,
    build_metadata,
    parse_given_date,
    read_sidecar,
    source_from_lines,
    split_authors,
    title_from_filename,
)


@pytest.mark.parametrize(
    ("value", "iso", "granularity"),
    [
        ("2016", "2016", "year"),
        ("2016-11", "2016-11", "month"),
        ("2016-11-02", "2016-11-02", "day"),
        ("2016-3-7", "2016-03-07", "day"),
        ("2016-11-02T10:30:00Z", "2016-11-02", "day"),
        (2016, "2016", "year"),
        (dt.date(2016, 11, 2), "2016-11-02", "day"),
    ],
)
def test_given_dates_take_their_granularity_from_their_length(value, iso, granularity):
    date = parse_given_date(value)
    assert (date.value, date.granularity, date.kind) == (iso, granularity, "given")


@pytest.mark.parametrize("value", ["2016-13", "2016-02-30", "next Tuesday", "16-11-02", ""])
def test_invalid_given_dates_raise_a_clear_error(value):
    with pytest.raises(ValueError, match=r"Invalid date .* in --date: "):
        parse_given_date(value, origin="--date")


def test_sidecar_is_read_and_a_broken_one_is_reported(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("text")
    assert read_sidecar(article) == {}
    (tmp_path / "story.meta.json").write_text(json.dumps({"title": "T", "authors": ["A B"]}))
    assert read_sidecar(article) == {"title": "T", "authors": ["A B"]}
    (tmp_path / "story.meta.json").write_text("{not json")
    with pytest.raises(UnreadableFile, match="^broken sidecar story.meta.json: "):
        read_sidecar(article)


def test_authors_from_bylines_and_bio():
    lines = (
        "By Ilse Marquardt and Joon-ho Park",
        "Updated 4 May 2021",
        "Ilse Marquardt is a senior correspondent based in Vienna.",
    )
    assert authors_from_lines(lines) == ("Ilse Marquardt", "Joon-ho Park")


@pytest.mark.parametrize(
    ("lines", "source"),
    [
        (("• 4 May 2021", "• , The Harbour Gazette , 7:15 a.m."), "The Harbour Gazette"),
        (("12-Jan-2019 Baltic Wire | AP | 9:00 AM",), "Baltic Wire | AP"),
        (("Updated: 5 March 2019, 10:42 GMT",), None),
        (("By Ana Ruiz, 3 June 2020",), None),
        (("OSLO, 3 June 2020",), None),
        (("The committee met on 3 June 2020 to discuss the plan.",), None),
    ],
)
def test_source_from_datelines(lines, source):
    assert source_from_lines(lines) == source


def test_source_is_not_an_author_on_the_dateline():
    assert source_from_lines(["Ana Ruiz | 3 June 2020"], authors=["Ana Ruiz"]) is None


def test_split_authors():
    assert split_authors("Ana Ruiz; Tom Berg") == ("Ana Ruiz", "Tom Berg")
    assert split_authors(["Ana Ruiz", "ana ruiz", "Li Wei"]) == ("Ana Ruiz", "Li Wei")


def test_title_from_filename():
    assert title_from_filename(Path("2016-12_japan-russia_reset.txt")) == "Japan russia reset"
    assert title_from_filename(Path("007_3fa2b9c1d4e5f6a7.txt")) == "007_3fa2b9c1d4e5f6a7"


CLEANED = Cleaned(
    paragraphs=("The river rose.",),
    title="Headline from the text",
    meta_lines=("By Rosa Lind", "2 April 2020 | Valley Herald"),
)


def test_text_metadata_when_nothing_else_is_given():
    meta = build_metadata(Path("x.txt"), Extracted("txt", "…"), CLEANED)
    assert meta.title == "Headline from the text"
    assert meta.authors == ("Rosa Lind",)
    assert meta.source == "Valley Herald"
    assert meta.date is None  # a dateline is for the time layer, not a given date
    assert meta.url is None


def test_html_metadata_beats_the_text_and_its_date_is_stated():
    extracted = Extracted(
        "html", "…",
        metadata={"title": "Page title", "author": "Kai Ono; Eva Sand", "sitename": "Herald Online",
                  "url": "https://herald.example/a", "date": "2020-04-02"},
    )
    meta = build_metadata(Path("x.html"), extracted, CLEANED)
    assert (meta.title, meta.source, meta.url) == ("Page title", "Herald Online", "https://herald.example/a")
    assert meta.authors == ("Kai Ono", "Eva Sand")
    assert meta.date == DocDate("2020-04-02", "day", "stated", "page metadata: 2020-04-02")


def test_overrides_beat_sidecar_beat_front_matter_beat_page():
    extracted = Extracted(
        "md", "…",
        metadata={"title": "Page title"},
        front_matter={"title": "FM title", "date": dt.date(2019, 1, 5), "source": "FM source",
                      "author": "Fm Author", "url": "https://fm.example"},
    )
    sidecar = {"title": "Sidecar title", "date": "2018-07", "source": "Sidecar source"}
    overrides = {"title": "Flag title", "date": "2017"}
    meta = build_metadata(Path("x.md"), extracted, CLEANED, sidecar=sidecar, overrides=overrides)
    assert meta.title == "Flag title"
    assert meta.date == DocDate("2017", "year", "given", "the command line: 2017")
    assert meta.source == "Sidecar source"
    assert meta.authors == ("Fm Author",)
    assert meta.url == "https://fm.example"
    meta = build_metadata(Path("x.md"), extracted, CLEANED, sidecar=sidecar)
    assert (meta.title, meta.date.value, meta.date.granularity) == ("Sidecar title", "2018-07", "month")
    meta = build_metadata(Path("x.md"), extracted, CLEANED)
    assert (meta.title, meta.date.value, meta.source) == ("FM title", "2019-01-05", "FM source")


def test_pdf_info_title_that_is_a_file_name_is_ignored():
    extracted = Extracted("pdf", "…", metadata={"title": "Microsoft Word - draft3.docx"})
    assert build_metadata(Path("r.pdf"), extracted, CLEANED).title == "Headline from the text"


def test_the_opening_words_come_before_the_file_name_as_last_resort_title():
    """Since issue 10 a headline-less text is titled by its first sentence, not its file name."""
    cleaned = Cleaned(paragraphs=("The river rose.",), title=None, meta_lines=())
    meta = build_metadata(Path("river_report-2020.txt"), Extracted("txt", "…"), cleaned)
    assert meta.title == "The river rose."
    long = Cleaned(paragraphs=("Ferry crews in Bergen walked out on Monday over a new rota that "
                               "leaves too little rest between crossings.",), title=None,
                   meta_lines=())
    meta = build_metadata(Path("0042_a1b2c3d4e5.txt"), Extracted("txt", "…"), long)
    assert meta.title == "Ferry crews in Bergen walked out on Monday over a new rota…"
    empty = Cleaned(paragraphs=(), title=None, meta_lines=())
    assert build_metadata(Path("river_report-2020.txt"), Extracted("txt", "…"), empty).title == \
        "River report"


def test_a_menu_line_and_a_site_suffix_never_make_the_title():
    cleaned = Cleaned(paragraphs=("The river rose.",), title=None, meta_lines=())
    menu = Extracted("html", "…", metadata={"title": "Home | News | Sport | Weather"})
    assert build_metadata(Path("a.html"), menu, cleaned).title == "The river rose."
    suffixed = Extracted("html", "…", metadata={"title": "River rises again | Valley Times"})
    assert build_metadata(Path("a.html"), suffixed, cleaned).title == "River rises again"
