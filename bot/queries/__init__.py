"""The questions newsdesk answers, as pure functions over the store returning dataclasses.

`who`, `timeline` and `search` know nothing of Slack; `bot.answers` turns their results into
`Reply` objects for Slack and the terminal.
"""
