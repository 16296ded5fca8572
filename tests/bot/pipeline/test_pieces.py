"""The start-up check of optional pieces: one sentence each, naming what to install."""

from __future__ import annotations

from bot.pipeline.pieces import PIECES, missing_pieces


def test_nothing_missing_in_this_install():
    assert missing_pieces() == []


def test_each_missing_piece_is_one_sentence_with_the_install():
    sentences = missing_pieces(lambda name: None)
    assert len(sentences) == len(PIECES)
    html = [s for s in sentences if "lxml_html_clean" in s]
    assert html == ["HTML pages cannot be read: the package lxml_html_clean is missing "
                    "(pip install lxml_html_clean)."]
    assert all(s.endswith(".") and "\n" not in s for s in sentences)
