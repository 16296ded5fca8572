"""`/digest` and its subcommands, for one channel: post now, preview, schedule, list, off.

    /digest                                   post the digest in the channel now
    /digest preview [7d|24h|all]              show it only to you
    /digest schedule daily 09:00              every day at 09:00 (NEWSDESK_TZ, else UTC)
    /digest schedule weekly mon 09:00 tz=Asia/Tokyo
    /digest list  ·  /digest off

Where there is no digest desk or no channel (the terminal, a thread), `/digest` is the preview.
"""

from __future__ import annotations

from bot.answers.digest import digest_reply
from bot.answers.reply import Reply, escape_mrkdwn, notice
from bot.queries.digest import BadPeriod, build_digest, digest_period, parse_period, utcnow
from bot.router.admin import may, refusal
from bot.router.context import CommandContext, DigestDesk, UserError
from bot.router.schedules import Schedule, parse_schedule
from db import digests as store

USAGE = ("`/digest` posts it now · `/digest preview` · `/digest schedule daily 09:00` · "
         "`/digest schedule weekly mon 09:00 tz=Asia/Tokyo` · `/digest list` · `/digest off`")
NO_DESK = "Digests are posted and scheduled from Slack: try `/digest` in a channel."


def preview(ctx: CommandContext, since: str = "") -> Reply:
    """The digest the channel would get now (or of the period `since` names), not posted."""
    now = utcnow()
    try:
        period = parse_period(since, now) if since else digest_period(ctx.db, ctx.channel_id, now)
    except BadPeriod as err:
        raise UserError(escape_mrkdwn(str(err))) from None
    return digest_reply(build_digest(ctx.db, period, now=now))


def run_digest_command(ctx: CommandContext, text: str) -> Reply:
    """Answer `/digest TEXT` in `ctx.channel_id`, through the desk `ctx.digests`."""
    words = text.split(maxsplit=1)
    sub = words[0].lower() if words else ""
    rest = words[1] if len(words) > 1 else ""
    desk = ctx.digests if ctx.channel_id else None
    if sub == "preview" or (desk is None and sub == ""):
        return preview(ctx, rest)
    if sub not in ("", "schedule", "list", "off"):
        return notice(f"I don't know `/digest {escape_mrkdwn(sub[:30])}`. " + USAGE, error=True)
    if desk is None:
        return notice(NO_DESK, error=True)
    if sub in ("", "schedule", "off") and not may(ctx):
        return notice(refusal(_ACTIONS[sub]), error=True)
    if sub == "":
        return _post_now(desk, ctx.channel_id)
    if sub == "schedule":
        parsed = parse_schedule(rest, ctx.settings.timezone)
        if isinstance(parsed, str):
            return notice(parsed, error=True)
        desk.add_schedule(ctx.channel_id, parsed, ctx.user_id)
        return notice(f"Scheduled: a digest here {parsed.describe()}.")
    if sub == "list":
        return _schedules(ctx)
    ids = desk.disable_channel(ctx.channel_id, f"turned off by {ctx.user_id}")
    return notice(f"Turned off {len(ids)} digest schedule{'' if len(ids) == 1 else 's'} here."
                  if ids else "No digest was scheduled in this channel.")


# What each governed subcommand does, for the refusal (see bot.router.admin).
_ACTIONS = {"": "post a digest", "schedule": "schedule digests", "off": "turn digests off"}


def _post_now(desk: DigestDesk, channel: str) -> Reply:
    result = desk.post_now(channel)
    if result.status == "posted":
        return notice("Posted the digest in this channel.")
    if result.status == "empty":
        return notice("Nothing new to put in a digest yet.")
    why = escape_mrkdwn(result.status) + (f": {escape_mrkdwn(result.error)}" if result.error else "")
    return notice(f"I could not post the digest here ({why}). Invite me with `/invite @newsdesk` "
                  "and try again.", error=True)


def _schedules(ctx: CommandContext) -> Reply:
    rows = store.schedules(ctx.db, ctx.channel_id)
    if not rows:
        return notice("No digest is scheduled in this channel. " + USAGE)
    lines = [Schedule(r["minute"], r["hour"], r["day_of_week"], r["tz"]).describe() for r in rows]
    return notice("Digests in this channel:\n" + "\n".join(f"• {line}" for line in lines))
