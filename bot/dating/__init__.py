"""The time layer: find and normalize time expressions, date documents and passages."""

from bot.dating.find import find_time_expressions

__all__ = ["find_time_expressions"]
