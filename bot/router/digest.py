"""`/digest` and its subcommands, for one channel: post now, preview, schedule, list, off.

    /digest                                   post the digest in the channel now
    /digest preview                           show it only to you
    /digest schedule daily 09:00              every day at 09:00 (NEWSDESK_TZ, else UTC)
    /digest schedule weekly mon 09:00 tz=Asia/Tokyo
    /digest list  ·  /digest off
"""

from __future__ import annotations

from dataclasses import replace

from bot.answers.digest import digest_reply
from bot.answers.reply import Reply, escape_mrkdwn, section
from bot.queries.digest import build_digest
from bot.router.commands import CommandContext
from bot.router.schedules import Schedule, parse_schedule
from bot.slack.scheduler import DigestScheduler, digest_period, utcnow
from db import digests as store

USAGE = ("`/digest` posts it now · `/digest preview` · `/digest schedule daily 09:00` · "
         "`/digest schedule weekly mon 09:00 tz=Asia/Tokyo` · `/digest list` · `/digest off`")


def _note(text: str, *, error: bool = False) -> Reply:
    return Reply(blocks=(section(text),), text=text, error=error)


def preview(ctx: CommandContext, channel: str | None) -> Reply:
    now = utcnow()
    return digest_reply(build_digest(ctx.db, digest_period(ctx.db, channel, now), now=now))


def run_digest_command(
    ctx: CommandContext, scheduler: DigestScheduler, channel: str, user: str, text: str
) -> Reply:
    words = text.split(maxsplit=1)
    sub = words[0].lower() if words else ""
    rest = words[1] if len(words) > 1 else ""
    if sub == "":
        result = scheduler.post_now(channel)
        if result.status == "posted":
            return _note("Posted the digest in this channel.")
        if result.status == "empty":
            return _note("Nothing new to put in a digest yet.")
        return _note(f"I could not post the digest here ({escape_mrkdwn(result.status)}"
                     f"{': ' + escape_mrkdwn(result.delivery.error) if result.delivery and result.delivery.error else ''})."
                     " Invite me with `/invite @newsdesk` and try again.", error=True)
    if sub == "preview":
        return preview(ctx, channel)
    if sub == "schedule":
        parsed = parse_schedule(rest, ctx.settings.timezone)
        if isinstance(parsed, str):
            return _note(parsed, error=True)
        scheduler.add_schedule(channel, parsed, user)
        return _note(f"Scheduled: a digest here {parsed.describe()}.")
    if sub == "list":
        rows = store.schedules(ctx.db, channel)
        if not rows:
            return _note("No digest is scheduled in this channel. " + USAGE)
        lines = [Schedule(r["minute"], r["hour"], r["day_of_week"], r["tz"]).describe() for r in rows]
        return _note("Digests in this channel:\n" + "\n".join(f"• {line}" for line in lines))
    if sub == "off":
        ids = scheduler.disable_channel(channel, f"turned off by {user}")
        return _note(f"Turned off {len(ids)} digest schedule{'' if len(ids) == 1 else 's'} here."
                     if ids else "No digest was scheduled in this channel.")
    return _note(f"I don't know `/digest {escape_mrkdwn(sub[:30])}`. " + USAGE, error=True)


def visible(reply: Reply) -> Reply:
    return replace(reply, ephemeral=False)
