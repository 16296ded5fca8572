"""MinHash fingerprints: the same story from two saves is near, different stories are far."""

from __future__ import annotations

from bot.pipeline.fingerprint import NEAR_DUPLICATE, bands, shingles, signature, similarity

STORY = ("The regional council approved a harbour expansion on Tuesday after the mayor argued "
         "it would bring 300 jobs to the town. Fishing crews said the new quay would cut them off "
         "from the old slipway, and asked for a second vote. The council refused, but promised "
         "to pay for a new slipway on the north side of the harbour by the end of next year.")


def test_the_same_story_with_a_new_headline_and_footer_is_a_near_duplicate():
    republished = ("Harbour plan wins the vote\n\n" + STORY +
                   "\n\nCopyright 2019 Coastal Wire. All rights reserved.")
    assert similarity(signature(STORY), signature(republished)) >= NEAR_DUPLICATE


def test_a_different_story_on_the_same_topic_is_not():
    other = ("Fishing crews blocked the harbour entrance on Friday in protest at the new quay. "
             "The mayor said the protest would not change the council's decision, and police "
             "asked the boats to leave before the evening ferry arrived from the islands.")
    assert similarity(signature(STORY), signature(other)) < 0.3


def test_signatures_are_stable_across_runs_and_bands_cover_them():
    sig = signature(STORY)
    assert sig == signature(STORY) and len(sig) == 64
    assert len(bands(sig)) == 16 and len(set(bands(sig))) == 16
    assert set(bands(sig)) & set(bands(signature(STORY.replace("300", "three hundred"))))


def test_caseless_scripts_are_shingled_by_character():
    text = "東京都は3日、感染者が確認されたと発表した。"
    assert len(shingles(text)) > 10
    assert similarity(signature(text), signature(text + "。")) == 1.0
