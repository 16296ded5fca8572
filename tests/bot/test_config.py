from pathlib import Path

import pytest

from bot.config import DEFAULT_DB, DEFAULT_SPACY_MODEL, ConfigError, Settings


def test_defaults_without_environment():
    settings = Settings.from_env({})
    assert settings.db_path == DEFAULT_DB
    assert settings.spacy_model == DEFAULT_SPACY_MODEL
    assert not settings.has_slack_tokens


def test_environment_overrides():
    settings = Settings.from_env({
        "NEWSDESK_DB": "/tmp/x.sqlite", "NEWSDESK_SPACY_MODEL": "en_other",
        "NEWSDESK_WORKERS": "3", "NEWSDESK_ADMINS": "U1, U2", "SLACK_BOT_TOKEN": "xoxb-1",
    })
    assert settings.db_path == Path("/tmp/x.sqlite")
    assert settings.spacy_model == "en_other"
    assert settings.workers == 3
    assert settings.admins == ("U1", "U2")
    assert settings.has_slack_tokens


def test_malformed_number_says_which_variable():
    with pytest.raises(ConfigError, match="NEWSDESK_WORKERS"):
        Settings.from_env({"NEWSDESK_WORKERS": "many"})


def test_missing_model_says_how_to_install():
    from bot.pipeline.nlp import ModelMissing, load_nlp

    with pytest.raises(ModelMissing, match="pip install"):
        load_nlp("en_no_such_model_xyz")
