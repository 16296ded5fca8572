"""The examples in docstrings are part of the documentation: they must stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import bot
import db
from bot.pipeline.dating import find_in_text

MODULES = sorted(
    m.name for pkg in (bot, db) for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
    if m.name != "bot.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, nlp):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nlp": nlp, "find_in_text": find_in_text},
                             optionflags=doctest.ELLIPSIS, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"
