"""The name index stays bounded when one word is shared by many names ("john" in a large
corpus): a query reads that word's most mentioned names, and still finds a full name both of
whose words are common, and a less mentioned name asked for in full."""

from __future__ import annotations

from bot.queries.names import WORD_FORMS, NameIndex, rank_candidates


def _row(entity_id: int, name: str, mentions: int) -> dict:
    return {"entity_id": entity_id, "alias": name, "norm": name.lower(), "name": name,
            "label": "PERSON", "mentions": mentions}


def _many_browns(count: int) -> list[dict]:
    """`count` people surnamed Brown, the n-th mentioned n times, and as many Gordons."""
    given = [f"{a}{b}" for a in "bcdfghjklm" for b in ("ard", "ena", "ion", "ulf", "oto",
                                                      "ies", "ank", "ero", "ith", "ova")]
    rows = [_row(i + 1, f"{given[i % len(given)]}o{i} Brown", i + 1) for i in range(count)]
    rows += [_row(10_000 + i, f"Gordon {given[i % len(given)]}o{i}", i + 1)
             for i in range(count)]
    return rows


def test_a_surname_shared_by_many_names_gives_the_most_mentioned():
    count = WORD_FORMS * 3
    index = NameIndex(_many_browns(count))
    assert len(index.forms_with("brown")) == WORD_FORMS
    ranked = rank_candidates(index, "Brown")
    assert ranked[0].mentions == count
    assert [c.mentions for c in ranked[:3]] == [count, count - 1, count - 2]


def test_a_full_name_of_two_common_words_is_found_though_rarely_mentioned():
    rows = _many_browns(WORD_FORMS * 3) + [_row(99_999, "Gordon Brown", 1)]
    index = NameIndex(rows)
    assert rank_candidates(index, "Gordon Brown")[0].entity_id == 99_999
    assert rank_candidates(index, "Gordn Brown")[0].entity_id == 99_999  # a typo in one word


def test_an_update_reranks_the_words_it_touches():
    rows = _many_browns(WORD_FORMS * 2)
    index = NameIndex(rows)
    quiet = next(r for r in rows if r["mentions"] == 1 and r["norm"].endswith("brown"))
    assert quiet["norm"] not in index.forms_with("brown")
    louder = dict(quiet, mentions=10_000)
    updated = index.updated([quiet["entity_id"]], [louder], epoch=1)
    assert rank_candidates(updated, "Brown")[0].entity_id == quiet["entity_id"]
    assert quiet["norm"] not in index.forms_with("brown")  # the old index is left as it was
    gone = updated.updated([quiet["entity_id"]], [], epoch=2)
    assert quiet["norm"] not in gone.by_norm
    assert rank_candidates(gone, "Brown")[0].mentions == WORD_FORMS * 2


def test_typos_anywhere_in_a_word_find_it_among_many_words_of_other_lengths():
    names = ["Sergei Naryshkin", "Vladimir Putin", "Howard Dean"]
    fillers = [f"Na{'x' * n}in Pu{'y' * n}tin" for n in range(1, 12)]  # same ends, other lengths
    index = NameIndex([_row(i + 1, name, 5) for i, name in enumerate(names + fillers)])
    for typo, meant in (("naryskin", "naryshkin"), ("puttin", "putin"), ("hward", "howard"),
                        ("jaryshkin", "naryshkin"), ("naryshkim", "naryshkin")):
        assert index.similar_words(typo, 75)[0][0] == meant, typo
    assert index.similar_words("qzxjv", 75) == []
