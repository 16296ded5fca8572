"""A line of text → `Reply`: the commands, plain-words questions and threads; knows no Slack."""
