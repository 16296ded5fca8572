"""What a plain-words message to the bot asks for: text in, (command, query) out. Pure.

    >>> parse_intent("<@U0BOT> who's Koizumi?", bot_user_id="U0BOT")
    Intent(command='who', query='Koizumi', follow_up='')
    >>> parse_intent("tell me about NATO").command
    'who'
    >>> parse_intent("and Merkel?")
    Intent(command='', query='Merkel', follow_up='and')

Phrasings map to the router's commands (who, timeline, search, docs, help, digest); anything
else is a search. A follow-up ("and X?", "more") has no command of its own: the thread's last
one is reused (see `bot.router.conversations`). Pronouns are resolved separately, by
`resolve_pronouns`, because that needs the thread's last person.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

SEARCH = "search"
# Follow-up kinds.
AND = "and"  # "and Merkel?": the last command, a new subject
MORE = "more"  # "more": the next page of the last answer

_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_LINK = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_LABELLED_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>")
_BARE_LINK = re.compile(r"<((?:https?|mailto):[^>]*)>")
_SPECIAL = re.compile(r"<![^>]*>")  # <!here>, <!channel>: never part of a question
_EDGE_PUNCT = " \t\n?!.,;:…\"'“”‘’"

_HELP = re.compile(r"(?:help|commands|usage|what can you do|how do (?:i|you) use (?:you|this))")
_DIGEST = re.compile(
    r"(?:what'?s new|what is new|whats new|anything new|digest|news digest|latest news|news|"
    r"what'?s up|latest)"
)
_DOCS = re.compile(r"(?:docs|documents|list (?:the )?(?:docs|documents)|"
                   r"what (?:docs|documents) do you have|sources)")
_MORE = re.compile(r"(?:more|next|next page|more please|show more|go on|continue|keep going)")
_AND = re.compile(
    r"^(?:and what about|and how about|what about|how about|same for|now for|and)\s+(.+)$", re.I
)

_Q = r"(?P<q>.+)"
# (pattern, command): the first that matches wins; `{q}` is the query.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p.replace("{q}", _Q), re.IGNORECASE), cmd)
    for p, cmd in (
        (r"^(?:who|what)\s*(?:is|was|are|were|'s|’s)\s+{q}", "who"),
        (r"^(?:tell|talk)\s+(?:me|us)\s+(?:more\s+)?about\s+{q}", "who"),
        (r"^(?:profile|describe)\s+(?:of\s+)?{q}", "who"),
        (r"^(?:(?:give|show)\s+(?:me\s+)?)?(?:an?\s+|the\s+)?"
         r"(?:timeline|chronology|history)\s*(?:of|for|on|about)?\s+{q}", "timeline"),
        (r"^when\s+(?:did|does|do|was|were|is|will|has|have|had)\s+{q}", "timeline"),
        (r"^what\s+happened\s+(?:with|to|in|on|about)\s+{q}", "timeline"),
        (r"^(?:search|find|look\s+up|look\s+for)\s+(?:for\s+)?{q}", "search"),
    )
)

_PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs"}
_PRONOUN_WORD = re.compile(r"(?<![\w'’])(" + "|".join(sorted(_PRONOUNS)) + r")(?![\w'’])",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Intent:
    """A parsed message: `command` for the router (empty for a follow-up), its `query`, and
    `follow_up` ("and" or "more") when the message continues the thread's last question."""

    command: str
    query: str
    follow_up: str = ""


def clean_message(text: str, bot_user_id: str | None = None) -> str:
    """The message as plain words: the bot's mention gone, Slack links and entities unwrapped.

    >>> clean_message("<@U1> search <https://x.org|the report> &amp; more", bot_user_id="U1")
    'search the report & more'
    """
    text = text or ""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _CHANNEL_LINK.sub(r"\1", text)
    text = _LABELLED_LINK.sub(r"\1", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _SPECIAL.sub(" ", text)
    text = html.unescape(text)
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Lower-case, without edge punctuation or a leading "please" / "hey", for whole-phrase tests."""
    text = text.strip(_EDGE_PUNCT).lower().replace("’", "'")
    text = re.sub(r"^(?:(?:hey|hi|hello|ok|okay|so|please|pls|can you|could you)[,\s]+)+", "", text)
    return re.sub(r"[,\s]+(?:please|pls|thanks|thank you)$", "", text).strip(_EDGE_PUNCT)


def _query(text: str) -> str:
    """The subject of a question without its edge punctuation or a trailing "please"."""
    text = re.sub(r"[,\s]+(?:please|pls|thanks|thank you)[\s!.?]*$", "", text, flags=re.I)
    return text.strip(_EDGE_PUNCT)


def parse_intent(text: str, *, bot_user_id: str | None = None) -> Intent:
    """What `text` asks for. Never raises; an empty message asks for help."""
    cleaned = clean_message(text, bot_user_id)
    bare = _bare(cleaned)
    if not bare:
        return Intent("help", "")
    for pattern, command in ((_HELP, "help"), (_DIGEST, "digest"), (_DOCS, "docs")):
        if pattern.fullmatch(bare):
            return Intent(command, "")
    if _MORE.fullmatch(bare):
        return Intent("", "", MORE)
    subject = _strip_courtesy(cleaned)
    follow = _AND.match(subject)
    if follow and _query(follow.group(1)):
        return Intent("", _query(follow.group(1)), AND)
    for pattern, command in _PATTERNS:
        match = pattern.match(subject)
        if match and command and _query(match.group("q")):
            return Intent(command, _query(match.group("q")))
    return Intent(SEARCH, _query(subject) or cleaned)


def _strip_courtesy(text: str) -> str:
    """The message without a leading greeting or "please", keeping its case."""
    return re.sub(r"^(?:(?:hey|hi|hello|ok|okay|so|please|pls|can you|could you)[,\s]+)+", "",
                  text.strip(), flags=re.IGNORECASE)


def has_pronoun(text: str) -> bool:
    """True if `text` refers to someone as he / she / they / him / her (…).

    >>> has_pronoun("when did he visit Japan?"), has_pronoun("the Shepherd")
    (True, False)
    """
    return _PRONOUN_WORD.search(text) is not None


def resolve_pronouns(text: str, person: str) -> str:
    """`text` with each personal pronoun replaced by `person` (possessives get "'s").

    >>> resolve_pronouns("when did he visit Japan", "Vladimir Putin")
    'when did Vladimir Putin visit Japan'
    >>> resolve_pronouns("his visit to her office", "Ada Lovelace")
    "Ada Lovelace's visit to Ada Lovelace's office"

    "her" is read as a possessive when a word follows that is not a preposition or a verb
    particle ("her office"), else as an object ("met her", "about her").
    """
    if not person:
        return text

    def swap(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        rest = text[match.end():]
        if word in ("his", "their", "hers", "theirs"):
            return f"{person}'s" if word in ("his", "their") else person
        if word == "her" and re.match(r"\s+(?!(?:and|or|in|on|at|to|for|with|about|from|"
                                      r"by|of|as|when|after|before|during)\b)[a-z]", rest):
            return f"{person}'s"
        return person

    return _PRONOUN_WORD.sub(swap, text)
