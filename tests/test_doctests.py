"""The examples in docstrings are part of the documentation: they must stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import bot
import db
import handlers
from bot.pipeline.dating import find_in_text


def _has_examples(module: pkgutil.ModuleInfo) -> bool:
    """Whether the module's source holds a docstring example (read, not imported)."""
    spec = module.module_finder.find_spec(module.name.rsplit(".", 1)[-1], None)
    origin = spec.origin if spec else None
    return bool(origin) and ">>> " in Path(origin).read_text(encoding="utf-8")


MODULES = sorted(
    m.name for pkg in (bot, db, handlers)
    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
    if m.name != "bot.__main__" and _has_examples(m)
)


def test_the_modules_with_examples_were_found():
    assert {"bot.answers.reply", "bot.queries.digest", "bot.router.schedules"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, nlp):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nlp": nlp, "find_in_text": find_in_text},
                             optionflags=doctest.ELLIPSIS, report=False)
    assert result.attempted > 0, f"{name} has `>>> ` in its source but no docstring example"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"
