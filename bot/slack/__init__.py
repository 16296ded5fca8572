"""Slack's side: the Bolt app factory, the server, files shared in Slack, delivery, the scheduler."""
