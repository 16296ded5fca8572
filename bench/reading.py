"""What reading files within limits costs (bot/pipeline/sandbox.py), in one run.

    python bench/reading.py [--docs 400] [--corpus ../shared/corpora/bbc]

Prints ms per file for `load_article` in this process and in a `BoundedReader` child (the
overhead every ingested file pays), and the wall time of a hostile PDF (pages sharing one
inflating stream) under the default and a 2-second CPU limit. Target: overhead under 5 ms per
file; a hostile file costs its limit, not minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.pipeline.articles import UnreadableFile, load_article  # noqa: E402
from bot.pipeline.sandbox import BoundedReader, ParseLimits  # noqa: E402
from tests.reliability.hostile import shared_stream_pdf  # noqa: E402


def per_file_ms(read, files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        read(path)
    return (time.perf_counter() - started) * 1000 / len(files)


def hostile_seconds(path: Path, limits: ParseLimits) -> tuple[float, str]:
    started = time.perf_counter()
    with BoundedReader(limits) as reader:
        try:
            reader.read(path)
            reason = "read (no limit hit)"
        except UnreadableFile as exc:
            reason = str(exc)
    return time.perf_counter() - started, reason


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.txt"))[: args.docs]
    direct = per_file_ms(load_article, files)
    with BoundedReader(ParseLimits()) as reader:
        reader.read(files[0])  # the fork server and the child start once per run
        bounded = per_file_ms(reader.read, files)
    print(f"files: {len(files)}")
    print(f"load_article in process     {direct:6.2f} ms/file")
    print(f"load_article, bounded child {bounded:6.2f} ms/file   overhead {bounded - direct:+.2f} ms "
          "(target < 5)")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "bomb.pdf"
        pdf.write_bytes(shared_stream_pdf(pages=200, stream_mib=60))
        print(f"hostile PDF: {pdf.stat().st_size / 1024:.0f} KB, 200 pages sharing a 60 MiB stream")
        for limits in (ParseLimits(cpu_seconds=2), ParseLimits()):
            seconds, reason = hostile_seconds(pdf, limits)
            print(f"  limit {limits.cpu_seconds:g} s CPU: {seconds:5.1f} s wall — {reason}")


if __name__ == "__main__":
    main()
