"""The terminal face: the same commands and replies as Slack, rendered as plain text.

    newsdesk ask "/who Ada Lovelace"      -> ask(settings, "/who Ada Lovelace")
    newsdesk ask --json "/search tides"   -> ask(settings, "/search tides", as_json=True)
    newsdesk console                      -> console(settings)
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from sqlite_utils import Database

from bot.answers.reply import PageToken, Reply, parse_token, render_text, to_slack
from bot.config import Settings
from bot.router.commands import run_page, split_command
from bot.router.context import CommandContext
from db.connection import open_db

PROMPT = "newsdesk> "
QUIT = frozenset({"quit", "exit", "q", ":q"})
CONSOLE_MORE_HINT = "… more: type “more”"


def open_context(settings: Settings, *, db: Database | None = None, nlp: Any = None) -> CommandContext:
    return CommandContext(db=db if db is not None else open_db(settings.db_path), settings=settings,
                          nlp=nlp, operator=True)


def answer_line(ctx: CommandContext, line: str, page: int = 0) -> Reply:
    """The reply to one line such as "/who Ada", "who Ada" or "/newsdesk docs 2"."""
    name, text = split_command(line)
    return run_page(ctx, PageToken(name, text, page))


def ask(
    settings: Settings,
    line: str,
    *,
    as_json: bool = False,
    page: int = 1,
    db: Database | None = None,
    nlp: Any = None,
) -> str:
    """One answer as text, or (`as_json`) as the Block Kit payload Slack would get.

    `page` counts from 1, as the user sees it.
    """
    ctx = open_context(settings, db=db, nlp=nlp)
    reply = answer_line(ctx, line, max(0, page - 1))
    if as_json:
        return json.dumps(to_slack(reply), indent=2, ensure_ascii=False)
    return render_text(reply, more_hint=f"… more: add --page {max(1, page) + 1}")


def console(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    db: Database | None = None,
    nlp: Any = None,
) -> int:
    """Read commands line by line until "quit" or end of input; "more" pages the last answer.

    Works on a terminal (with a prompt) and on piped input (without one). Returns an exit code.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    ctx = open_context(settings, db=db, nlp=nlp)
    last_more: PageToken | None = None
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            break
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line.lower() in QUIT:
            break
        if line.lower() == "more":
            if last_more is None:
                stdout.write("Nothing more to show.\n\n")
                continue
            reply = run_page(ctx, last_more)
        else:
            reply = answer_line(ctx, line)
        last_more = parse_token(reply.more_token)
        stdout.write(render_text(reply, more_hint=CONSOLE_MORE_HINT) + "\n\n")
        stdout.flush()
    return 0
