"""newsdesk: turns a pile of articles into answers for a team, in Slack or a terminal."""

__version__ = "0.1.0"
