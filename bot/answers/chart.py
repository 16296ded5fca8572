"""A small picture for the digest: mentions over time of its most mentioned people.

`mention_series` is pure (rows in, series out); `render_png` draws with matplotlib's Agg backend
(no display needed) and returns PNG bytes.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.queries.digest import Digest

TOP_PEOPLE = 5
MONTHS_BEFORE_YEARS = 24  # a span longer than this is drawn per year


@dataclass(frozen=True)
class Chart:
    """A picture to upload beside a digest."""

    png: bytes
    filename: str
    title: str


def _bucket(value: str, by_year: bool) -> str | None:
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit() and not by_year:
        return value[:7]
    return value[:4] if value[:4].isdigit() else None


def mention_series(
    rows: Sequence[Mapping[str, Any]], names: Mapping[int, str]
) -> tuple[list[str], dict[str, list[int]]]:
    """(periods, {name: mentions per period}) from (entity_id, doc_date, mentions) rows.

    Months when the documents span two years or less, else years.

    >>> mention_series([{"entity_id": 1, "doc_date": "2020-01-05", "mentions": 2},
    ...                 {"entity_id": 1, "doc_date": "2020-03", "mentions": 1}], {1: "Ada"})
    (['2020-01', '2020-03'], {'Ada': [2, 1]})
    """
    years = sorted({r["doc_date"][:4] for r in rows if r["doc_date"][:4].isdigit()})
    by_year = bool(years) and (int(years[-1]) - int(years[0])) * 12 > MONTHS_BEFORE_YEARS
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        bucket = _bucket(row["doc_date"] or "", by_year)
        if bucket and row["entity_id"] in names:
            counts[names[row["entity_id"]]][bucket] += row["mentions"]
    periods = sorted({b for c in counts.values() for b in c})
    return periods, {name: [c.get(p, 0) for p in periods] for name, c in counts.items()}


def render_png(periods: Sequence[str], series: Mapping[str, Sequence[int]], title: str) -> bytes:
    # matplotlib is heavy (about a second to import): loaded only when a chart is drawn.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 3.5), dpi=100)
    ax = fig.subplots()
    for name, values in series.items():
        ax.plot(list(periods), list(values), marker="o", label=name)
    ax.set_title(title)
    ax.set_ylabel("mentions")
    ax.legend(loc="upper left", fontsize="small")
    ax.tick_params(axis="x", labelrotation=45, labelsize="small")
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def top_people(digest: Digest) -> dict[int, str]:
    """{entity id: name} of the digest's most mentioned people, the ones the chart draws."""
    people = {n.entity_id: n.name for n in digest.names if n.kind == "people"}
    return dict(list(people.items())[:TOP_PEOPLE])


def digest_chart(digest: Digest, rows: Sequence[Mapping[str, Any]]) -> Chart | None:
    """Mentions over time of the digest's top people, from their (entity_id, doc_date,
    mentions) `rows`; None when there is nothing to draw."""
    periods, series = mention_series(rows, top_people(digest))
    if not series or len(periods) < 2:
        return None
    title = "Mentions of the most mentioned people, by publication date"
    return Chart(render_png(periods, series, title), "newsdesk-digest.png", title)
