"""Score body extraction, publication dates and titles on pages with hand-written gold.

    python bench/extract.py [--pages DIR] [--show]

Each page in bench/data/pages (HTML or a text save, several sites' layouts, languages and
scripts) has a gold body written by hand (`NAME.gold.txt`) and a gold date and title
(`gold.json`). Printed side by side, in one run:

- body: precision / recall / F1 of word 4-gram shingles against the gold body, for newsdesk
  (extraction + cleaning, `load_article`) and for trafilatura alone (`trafilatura.extract`);
  characters of caseless scripts without spaces (Chinese, Japanese) count as words;
- pages refused (no body at all);
- publication date: newsdesk's stated date against htmldate alone (its default options), right
  when the day agrees;
- title: newsdesk's title equal to the gold headline.

`--bbc N` adds a wider check of recall on real prose: N BBC articles (their text is the gold
body, their first line the headline) wrapped in three page layouts (news site with menu and
"most read" aside, blog with share bar and comments, wire page with <br>-wrapped paragraphs),
as HTML and as a text save with a menu line and footer, scored the same way.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.pipeline.articles import UnreadableFile, load_article  # noqa: E402
from bot.pipeline.dating import find_publication_date  # noqa: E402

DEFAULT_PAGES = Path(__file__).resolve().parent / "data" / "pages"
# One "word" per CJK character (those scripts do not space words), else runs of word characters.
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-grams of `text`, lower-cased, as a multiset."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted body's shingles against the gold body's."""
    p, g = shingles(predicted), shingles(gold)
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def newsdesk_page(path: Path) -> tuple[str, str | None, str | None]:
    """(body, date, title) as newsdesk reads the page; an empty body when it is refused."""
    try:
        article = load_article(path)
    except UnreadableFile as exc:
        logging.getLogger(__name__).info("refused %s: %s", path.name, exc)
        return "", None, None
    date = article.date or find_publication_date(list(article.meta_lines))
    return article.body, date.value if date else None, article.title


def trafilatura_page(path: Path) -> tuple[str, str | None]:
    """(body, date) by trafilatura and htmldate alone, with their default options."""
    import trafilatura
    from htmldate import find_date

    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return raw, None  # a text save: the anchor keeps it whole
    body = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
    try:
        date = find_date(raw)
    except Exception:  # htmldate raises on some inputs; the anchor then has no date
        date = None
    return body, date


_LAYOUTS = (
    ("<header><nav><ul><li>Home</li><li>World</li><li>Business</li><li>Sport</li></ul></nav>"
     "</header><main><article><h1>{title}</h1><p class='byline'>By Staff Reporter</p>{body}"
     "</article><aside><h3>Most read</h3><ul><li><a href='/a'>Markets slide as oil jumps</a></li>"
     "<li><a href='/b'>Ten things to do this weekend</a></li></ul></aside></main>"
     "<footer><p>© 2005 Example News. All rights reserved.</p></footer>"),
    ("<div class='post'><h2 class='title'>{title}</h2><div class='share'>Share Tweet Email</div>"
     "<div class='entry'>{body}</div><div class='comments'><h3>3 comments</h3><p>Great post!</p>"
     "</div></div><div class='sidebar'><p>Subscribe to our newsletter</p></div>"),
    ("<table><tr><td><b>{title}</b><br><br>{brbody}</td></tr></table>"
     "<p><a href='/print'>Print this story</a> | <a href='/mail'>Email this story</a></p>"),
)


def bbc_pages(folder: Path, limit: int) -> list[tuple[str, str, str, str]]:
    """(name, suffix, page text, gold body) for BBC articles put into page layouts."""
    import html as html_lib

    files = sorted(f for f in folder.rglob("*.txt") if f.name[:1].isdigit())
    files = files[:: max(1, len(files) // limit)][:limit]
    pages = []
    for i, path in enumerate(files):
        title, *paragraphs = [p.strip() for p in path.read_text(encoding="latin-1").split("\n\n")
                              if p.strip()]
        gold = "\n\n".join(paragraphs)
        escaped = [html_lib.escape(p) for p in paragraphs]
        layout = _LAYOUTS[i % len(_LAYOUTS)]
        page = layout.format(title=html_lib.escape(title),
                             body="".join(f"<p>{p}</p>" for p in escaped),
                             brbody="<br><br>".join(escaped))
        page = f"<html><head><meta charset='utf-8'><title>{html_lib.escape(title)}</title></head>" \
               f"<body>{page}</body></html>"
        pages.append((f"bbc{i}", ".html", page, gold))
        text = (f"Home | World | Business | Sport | Tech\n\n{title}\n\n{gold}\n\n"
                "Share this story\n\nRelated stories\n\n© BBC")
        pages.append((f"bbc{i}", ".txt", text, gold))
    return pages


def score_bbc(folder: Path, limit: int, tmp: Path) -> None:
    """Body F1 of newsdesk and trafilatura on BBC articles put into page layouts."""
    totals: dict[str, list[float]] = {}
    refused = 0
    pages = bbc_pages(folder, limit)
    for name, suffix, text, gold in pages:
        path = tmp / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        body = newsdesk_page(path)[0]
        refused += not body
        for key, predicted in ((f"newsdesk {suffix}", body),
                               (f"trafilatura {suffix}", trafilatura_page(path)[0])):
            scores = prf(predicted, gold)
            totals[key] = [a + b for a, b in zip(totals.get(key, [0, 0, 0]), scores, strict=True)]
    n = len(pages) // 2
    print(f"\nBBC articles in page layouts: {n} articles, each as HTML and as a text save")
    for key, (p, r, f) in sorted(totals.items()):
        print(f"{key:26} {p / n:6.3f} {r / n:6.3f} {f / n:6.3f}")
    print(f"refused pages: newsdesk {refused}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--show", action="store_true", help="print each page's scores")
    parser.add_argument("--bbc", type=int, default=0, help="also N BBC articles in page layouts")
    parser.add_argument("--bbc-dir", type=Path, default=Path("/work/shared/corpora/bbc"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    gold = json.loads((args.pages / "gold.json").read_text(encoding="utf-8"))
    totals = {"newsdesk": [0.0, 0.0, 0.0], "trafilatura": [0.0, 0.0, 0.0]}
    refused = dates_ours = dates_anchor = titles = 0
    for name, expected in sorted(gold.items()):
        path = args.pages / name
        gold_body = (args.pages / f"{path.stem}.gold.txt").read_text(encoding="utf-8")
        body, date, title = newsdesk_page(path)
        anchor_body, anchor_date = trafilatura_page(path)
        ours, theirs = prf(body, gold_body), prf(anchor_body, gold_body)
        for key, scores in (("newsdesk", ours), ("trafilatura", theirs)):
            totals[key] = [a + b for a, b in zip(totals[key], scores, strict=True)]
        refused += not body
        dates_ours += (date or "")[:10] == expected["date"]
        dates_anchor += (anchor_date or "")[:10] == expected["date"]
        titles += title == expected["title"]
        if args.show:
            print(f"{name:22} newsdesk F1 {ours[2]:.3f}  trafilatura F1 {theirs[2]:.3f}  "
                  f"date {date} / {anchor_date} (gold {expected['date']})  title {title!r}")
    n = len(gold)
    print(f"pages {n}")
    print(f"{'body (4-gram shingles)':26} {'P':>6} {'R':>6} {'F1':>6}")
    for key, (p, r, f) in totals.items():
        print(f"{key:26} {p / n:6.3f} {r / n:6.3f} {f / n:6.3f}")
    print(f"refused pages: newsdesk {refused}")
    print(f"publication date right: newsdesk {dates_ours}/{n}  htmldate alone {dates_anchor}/{n}")
    print(f"title right: newsdesk {titles}/{n}")
    if args.bbc and args.bbc_dir.is_dir():
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            score_bbc(args.bbc_dir, args.bbc, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
