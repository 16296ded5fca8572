"""Hostile files, built here (nothing hostile is stored in the repository)."""

from __future__ import annotations

import zlib


def shared_stream_pdf(pages: int = 200, stream_mib: int = 60) -> bytes:
    """A small PDF whose `pages` pages all draw one `stream_mib` MiB content stream, stored
    once, Flate-compressed to a few dozen kilobytes: every page's text extraction inflates and
    interprets all of it again."""
    ops = b"BT /F1 9 Tf 72 720 Td (ab) Tj ET\n"
    content = ops * (stream_mib * 1024 * 1024 // len(ops))
    packed = zlib.compress(content, 9)
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        for _ in range(pages)
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def nested_html(depth: int = 200_000) -> bytes:
    """A page of `depth` nested elements around one sentence."""
    return (b"<html><body>" + b"<div>" * depth + b"<p>The harbour reopened on Monday.</p>"
            + b"</div>" * depth + b"</body></html>")


def junk(size: int = 2_000_000, seed: int = 7) -> bytes:
    """Random bytes (a "text" file that is nothing of the kind)."""
    import random

    return random.Random(seed).randbytes(size)


def huge_text(mb: int = 50) -> bytes:
    """`mb` MB of plausible prose on one line."""
    sentence = b"The council met on Monday and the harbour plan was approved after a long debate. "
    return sentence * (mb * 1_000_000 // len(sentence))
