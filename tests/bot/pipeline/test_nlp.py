"""bot.pipeline.nlp: the model is loaded by its configured name, and lazily where a command may
never need it."""

from __future__ import annotations

import pytest

import bot.pipeline.nlp as nlp_module
from bot.pipeline.nlp import LazyModel, ModelMissing


def test_a_lazy_model_loads_nothing_until_it_is_used():
    lazy = LazyModel("en_no_such_model_xyz")
    assert not lazy.loaded
    with pytest.raises(ModelMissing, match="pip install"):
        lazy("A sentence.")  # the set-up problem surfaces where the model is first needed


def test_a_lazy_model_is_loaded_once_and_then_acts_as_the_pipeline(monkeypatch, nlp):
    loads: list[str] = []

    def load(name: str):
        loads.append(name)
        return nlp

    monkeypatch.setattr(nlp_module, "load_nlp", load)
    lazy = LazyModel("some_model")
    assert loads == []
    doc = lazy("Ingrid Holm reopened the pier in Bergen.")
    assert [e.text for e in doc.ents] == [e.text for e in nlp("Ingrid Holm reopened the pier in Bergen.").ents]
    assert [d.text for d in lazy.pipe(["One.", "Two."])] == ["One.", "Two."]
    assert lazy.pipe_names == nlp.pipe_names
    assert loads == ["some_model"] and lazy.loaded
