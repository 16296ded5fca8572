from bot.pipeline.keyphrases import keyphrase_candidates, tfidf_scores


def test_candidates_are_lemmatized_content_phrases(nlp):
    docs = list(nlp.pipe([
        "The economic sanctions hit the banks. Economic sanctions were extended in 2015.",
        "She said the peace treaty would take three years.",
    ]))
    phrases = {k.phrase: k.count for k in keyphrase_candidates(docs)}
    assert phrases["economic sanction"] == 2
    assert "peace treaty" in phrases
    assert not any(p in phrases for p in ("she", "the", "2015", "three years"))


def test_a_bare_name_is_not_a_theme(nlp):
    docs = [nlp("Emmanuel Macron met Olaf Scholz to discuss energy prices.")]
    phrases = {k.phrase for k in keyphrase_candidates(docs)}
    assert "energy price" in phrases
    assert not phrases & {"emmanuel macron", "olaf scholz", "macron"}


def test_tfidf_prefers_distinctive_phrases():
    scores = tfidf_scores({"sanction": 3, "time": 3}, {"sanction": 2, "time": 90}, 100)
    assert max(scores, key=scores.get) == "sanction"
