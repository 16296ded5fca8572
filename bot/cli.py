"""The `newsdesk` command line: the bot (start, serve, console, ask) and the corpus (ingest, docs…).

Output for people goes to stdout through `echo`; diagnostics go to the log on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from bot.answers.digest import digest_reply
from bot.answers.export import FORMATS
from bot.answers.reply import notice, render_text
from bot.config import ConfigError, Settings, load_settings
from bot.ingest import (
    FileOutcome,
    analyze_loaded,
    correct_document,
    delete_document,
    ingest_paths,
    repair_entities,
)
from bot.pipeline.articles import UnreadableFile
from bot.pipeline.dating import expression_as_dict
from bot.pipeline.dating.display import date_and_kind
from bot.pipeline.nlp import LazyModel, ModelMissing, load_nlp
from bot.pipeline.pieces import missing_pieces
from bot.pipeline.sandbox import ParseLimits, load_article_bounded
from bot.queries.digest import BadPeriod, build_digest, parse_period, utcnow
from bot.regroup import refresh_entities
from bot.router.context import UserError
from bot.router.exports import build_export
from bot.slack.app import build_client, check_slack_settings
from bot.slack.scheduler import DigestScheduler
from bot.slack.server import serve
from bot.terminal import ask, console
from db.connection import open_db
from db.documents import list_documents

log = logging.getLogger("newsdesk")

OVERRIDE_FLAGS = ("title", "date", "source", "url")


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _add_override_flags(parser: argparse.ArgumentParser) -> None:
    for name in OVERRIDE_FLAGS:
        parser.add_argument(f"--{name}", help=f"set the document's {name} (wins over inference)")


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    return {k: getattr(args, k) for k in OVERRIDE_FLAGS if getattr(args, k, None)}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="SQLite file (default: $NEWSDESK_DB or db/newsdesk.sqlite)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="index article files and folders (.txt .md .html .pdf)")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--workers", type=int, help="worker processes for analysis (default 1)")
    ingest.add_argument("--batch-size", type=int, help="paragraphs per spaCy batch")
    _add_override_flags(ingest)

    docs = sub.add_parser("docs", help="list documents; `docs set ID --date …` corrects one")
    docs_sub = docs.add_subparsers(dest="docs_command")
    docs_set = docs_sub.add_parser("set", help="correct a document's metadata")
    docs_set.add_argument("id", type=int)
    _add_override_flags(docs_set)

    remove = sub.add_parser("remove", help="delete a document and everything derived from it")
    remove.add_argument("id", type=int)
    sub.add_parser("reindex", help="regroup every entity from scratch (after an upgrade)")

    dates = sub.add_parser("dates", help="print every time expression in a file, as JSON lines")
    dates.add_argument("file", type=Path)
    dates.add_argument("--date", help="the document's date (YYYY-MM-DD); default: from the file")

    sub.add_parser("start", help="run the bot: Slack if tokens are set, else the local console")
    sub.add_parser("serve", help="connect to Slack (Socket Mode with SLACK_APP_TOKEN, else HTTP)")
    sub.add_parser("console", help="answer commands typed in the terminal, as Slack would")
    ask = sub.add_parser("ask", help='answer one command, e.g. newsdesk ask "/who Putin"')
    ask.add_argument("line", nargs="+", help='the command, e.g. "/timeline sanctions"')
    ask.add_argument("--json", action="store_true", help="print the Block Kit payload instead")
    ask.add_argument("--page", type=int, default=1, help="page of a long answer (from 1)")
    digest = sub.add_parser("digest", help="print the digest of recent documents (or post it)")
    digest.add_argument("--since", default="7d", help="period: 7d, 24h, 2w or all (default 7d)")
    digest.add_argument("--post", metavar="CHANNEL", help="post it in a Slack channel (needs SLACK_BOT_TOKEN)")
    _add_export_parser(sub)
    browse = sub.add_parser("browse", help="browse the corpus in Datasette, read-only (needs newsdesk[browse])")
    browse.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    browse.add_argument("--port", type=int, help="port (default $PORT, else 3000)")
    return parser


def _add_export_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write a timeline, a profile or the document list as a file")
    kinds = export.add_subparsers(dest="export_kind", required=True)
    what = {"timeline": ("topic", "the events about a topic (csv: TimelineJS's sheet columns)"),
            "who": ("name", "a profile: descriptions, mentions per document, co-mentions"),
            "documents": (None, "the metadata of every document")}
    for kind, (arg, text) in what.items():
        parser = kinds.add_parser(kind, help=text)
        if arg:
            parser.add_argument(arg, nargs="+")
        parser.add_argument("--format", choices=FORMATS[kind], default=FORMATS[kind][0],
                            help=f"default {FORMATS[kind][0]}")
        parser.add_argument("-o", "--output", type=Path,
                            help="file to write (default: named after the query, here; - for stdout)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.db:
            settings = settings.with_overrides(db_path=args.db)
    except ConfigError as exc:
        echo(f"newsdesk: {exc}")
        return 2
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        logging.getLogger("trafilatura").setLevel(logging.WARNING)
    for sentence in missing_pieces():
        log.warning("%s", sentence)  # optional pieces: said once, at start, in one sentence
    try:
        return COMMANDS[args.command](args, settings)
    except (ModelMissing, ConfigError, BadPeriod, LookupError, ValueError, OSError) as exc:
        echo(f"newsdesk: {exc}")
        return 2


def open_store(settings: Settings):
    """The store, its entities regrouped first if an ingest was killed before doing it."""
    db = open_db(settings.db_path)
    repair_entities(db)
    return db


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    db = open_db(settings.db_path)
    nlp = load_nlp(settings.spacy_model)
    bar = tqdm(unit="file", desc="ingest", disable=None, leave=False, file=sys.stderr)

    def on_file(outcome: FileOutcome) -> None:
        bar.update(1)
        if outcome.status == "failed":
            bar.write(f"failed: {outcome.path}: {outcome.reason}")

    summary = ingest_paths(
        db, args.paths, nlp=nlp, overrides=_overrides(args),
        workers=args.workers or settings.workers, batch_size=args.batch_size or settings.batch_size,
        on_file=on_file, limits=ParseLimits.from_settings(settings),
    )
    bar.close()
    echo(summary.line())
    return 1 if summary.failed else 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    db = open_db(settings.db_path)
    if args.docs_command == "set":
        changes = _overrides(args)
        if not changes:
            echo("newsdesk: say what to change: --date, --title, --source or --url")
            return 2
        analyzed = correct_document(db, args.id, changes, nlp=load_nlp(settings.spacy_model))
        echo(f"document {args.id} updated: {analyzed.article.title} · "
             f"{analyzed.date.value if analyzed.date else 'undated'}")
        return 0
    rows = list(list_documents(db))
    if not rows:
        echo("No documents yet. Add some with `newsdesk ingest PATH`.")
        return 0
    echo(f"{'id':>4}  {'date':<24} {'source':<22} {'pass':>5} {'ents':>5} {'dates':>5}  title")
    for row in rows:
        echo(f"{row['id']:>4}  {date_and_kind(row['date'], row['date_kind']):<24} {(row['source'] or '-')[:22]:<22} "
             f"{row['passages']:>5} {row['entities']:>5} {row['dates']:>5}  {row['title']}"
             + (f"  (+{row['also']} other file{'s' if row['also'] > 1 else ''} of this story)"
                if row["also"] else ""))
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    db = open_db(settings.db_path)
    if not delete_document(db, args.id):
        echo(f"newsdesk: there is no document {args.id}; `newsdesk docs` lists them.")
        return 2
    echo(f"document {args.id} removed, with its passages, mentions and dates.")
    return 0


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    """A full regrouping: what an ingest does incrementally, done over the whole corpus."""
    db = open_db(settings.db_path)
    entities = refresh_entities(db)
    echo(f"entities regrouped: {entities:,} entities.")
    return 0


def cmd_dates(args: argparse.Namespace, settings: Settings) -> int:
    overrides = {"date": args.date} if args.date else {}
    if args.date:
        dt.date.fromisoformat(args.date)  # a clear ValueError before any work
    try:  # read within the limits, before loading the model
        article = load_article_bounded(args.file, overrides, ParseLimits.from_settings(settings))
    except UnreadableFile as exc:
        echo(f"newsdesk: {args.file}: {exc}")
        return 1
    nlp = load_nlp(settings.spacy_model)
    ((_, analyzed),) = analyze_loaded(nlp, [(str(args.file), article)])
    if isinstance(analyzed, str):
        echo(f"newsdesk: {args.file}: {analyzed}")
        return 1
    for _, expression in analyzed.time_expressions:
        echo(json.dumps(expression_as_dict(expression), ensure_ascii=False))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    serve(settings)
    return 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    return console(settings, db=open_store(settings), nlp=load_nlp(settings.spacy_model))


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """Slack when a bot token is set; otherwise the console, saying how to connect."""
    if settings.has_slack_tokens:
        return cmd_serve(args, settings)
    echo("No SLACK_BOT_TOKEN set: starting the local console (see README, "
         "“Connect to Slack”). Type help, or quit to leave.")
    return cmd_console(args, settings)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    echo(ask(settings, " ".join(args.line), as_json=args.json, page=args.page,
             db=open_store(settings), nlp=LazyModel(settings.spacy_model)))
    return 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    now = utcnow()
    period = parse_period(args.since, now)
    db = open_store(settings)
    if not args.post:
        echo(render_text(digest_reply(build_digest(db, period, now=now))))
        return 0
    check_slack_settings(settings)
    scheduler = DigestScheduler(lambda: db, build_client(settings), settings)
    result = scheduler.post(args.post, "manual:" + now.isoformat(), now, now=now, period=period)
    echo(f"digest {result.status} in {args.post}")
    return 0 if result.status in ("posted", "empty") else 1


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    words = getattr(args, "topic", None) or getattr(args, "name", None) or []
    try:
        file = build_export(open_db(settings.db_path), args.export_kind, " ".join(words), args.format)
    except UserError as err:
        echo(f"newsdesk: {render_text(notice(str(err)))}")
        return 2
    if str(args.output) == "-":
        sys.stdout.buffer.write(file.content)
        sys.stdout.flush()
        return 0
    path = args.output or Path(file.filename)
    path.write_bytes(file.content)
    echo(f"wrote {path} ({len(file.content):,} bytes)")
    return 0


def cmd_browse(args: argparse.Namespace, settings: Settings) -> int:
    try:
        # Datasette is an optional extra (pip install 'newsdesk[browse]'): imported only here.
        from bot import browse
    except ImportError:
        echo("newsdesk: browsing needs Datasette: pip install 'newsdesk[browse]' (make install "
             "includes it).")
        return 2
    ds = browse.build_datasette(settings.db_path)
    sock = browse.bind(args.host, args.port if args.port is not None else settings.port)
    host, port = sock.getsockname()[:2]
    echo(f"Browsing {settings.db_path} read-only at http://{host}:{port}/newsdesk (Ctrl-C stops)")
    browse.serve(ds, sock)
    return 0


COMMANDS = {
    "ingest": cmd_ingest, "docs": cmd_docs, "remove": cmd_remove, "dates": cmd_dates,
    "start": cmd_start, "serve": cmd_serve, "console": cmd_console, "ask": cmd_ask,
    "digest": cmd_digest, "export": cmd_export, "browse": cmd_browse, "reindex": cmd_reindex,
}
