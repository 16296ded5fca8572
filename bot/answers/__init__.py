"""Query results rendered as `Reply` objects (Block Kit + fallback text), one module per command.

Every piece of document text goes through `escape_mrkdwn` here; nothing else formats answers.
"""
