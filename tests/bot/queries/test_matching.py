"""bot.queries.matching: finding passages, here in scripts written without spaces.

The FTS tokenizer keeps a whole run of Chinese or Japanese text (up to punctuation) as one
term, so a word must be found inside the indexed terms that contain it.
"""

from __future__ import annotations

import pytest

from bot.queries.matching import match_passages
from db.connection import open_db
from tests.corpus import analyze_text, store

BUS = """新公交线路获批

市议会周二以十二票对三票批准了新的公交线路，这条线路将连接城东的住宅区与火车站。

市长表示，新线路将于下月开通，票价保持不变。
"""

RAIN = """大雨で新幹線が運転見合わせ

気象庁によると、九州北部では午前中に記録的な大雨が降った。

新幹線は博多駅と小倉駅の間で運転を見合わせている。
"""

ENGLISH = """Harbour works resume

The harbour works resumed on Monday after the storm.
"""


@pytest.fixture(scope="module")
def db(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scripts")
    db = open_db(folder / "s.sqlite")
    for name, text in (("bus.txt", BUS), ("rain.txt", RAIN), ("harbour.txt", ENGLISH)):
        store(db, analyze_text(nlp, folder, name, text))
    return db


def _texts(db, query: str) -> list[str]:
    match = match_passages(db, query)
    return [r["text"] for r in match.rows(db)]


@pytest.mark.parametrize("word, expected", [
    ("火车站", "火车站"),      # inside a long run of Chinese
    ("票价", "票价保持不变"),
    ("新幹線", "新幹線は"),    # Japanese, kanji and kana
    ("運転", "運転を見合わせ"),
])
def test_a_word_inside_a_run_of_text_is_found(db, word, expected):
    texts = _texts(db, word)
    assert texts and all(word in t for t in texts)
    assert any(expected in t for t in texts)


def test_several_words_must_all_be_there_then_any_may(db):
    both = match_passages(db, "市长 票价")
    assert [r["text"] for r in both.rows(db)] == ["市长表示，新线路将于下月开通，票价保持不变。"]
    assert both.note == ""
    either = match_passages(db, "市长 大雨")
    assert "any of them" in either.note and len(either.ids) >= 2


def test_a_word_found_nowhere_matches_nothing(db):
    assert match_passages(db, "地震").ids == []
    assert _texts(db, "harbour")  # spaced scripts are searched as before


@pytest.mark.parametrize("typo", ["jarbour", "arbour", "hharbour", "hrabour", "harbuor"])
def test_a_misspelt_word_finds_the_indexed_term_wherever_the_typo_is(db, typo):
    match = match_passages(db, typo)
    assert match.ids and "nearest terms" in match.note
    assert set(match.corrections.values()) == {"harbour"}
