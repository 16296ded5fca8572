"""The reliability suite reuses the handlers' fixtures: the real Bolt app over HTTP, a fake Slack."""

from tests.handlers.conftest import app, fake_slack, http, ingest, settings  # noqa: F401
