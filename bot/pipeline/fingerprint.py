"""A text's MinHash fingerprint, so the same story saved twice becomes one document.

The same article saved as HTML and as text, or a wire story republished with a new headline
and a footer, differ in a few words; their sets of word 4-grams overlap almost wholly. MinHash
(datasketch) turns a text into 64 numbers whose agreement estimates that overlap (Jaccard), and
locality-sensitive hashing cuts them into 16 bands of 4: two texts that share any band are
candidates, checked on the whole signature. The bands are stored and looked up in SQLite
(`db.fingerprints`), so finding a twin reads only the few documents that share a band.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
# Estimated Jaccard of the 4-gram sets from which two texts are one story: a republished story
# with its own headline, footer or a changed sentence stays above it; two stories never get near.
NEAR_DUPLICATE = 0.7
_SEED = 1  # fixed, so signatures stored by one run compare with the next run's
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def shingles(text: str, n: int = 4) -> set[bytes]:
    """The text's word n-grams, case-folded (each CJK character counts as a word)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature (NUM_PERM numbers) of the text's 4-gram set.

    >>> a = signature("The council voted on Monday to approve the new budget for the city.")
    >>> similarity(a, signature("The council voted on Monday to approve the new budget for the city!"))
    1.0
    """
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(sorted(shingles(text)))
    return tuple(int(v) for v in minhash.hashvalues)


def bands(sig: Sequence[int]) -> list[str]:
    """LSH band keys: "band index:hash of its rows"; texts sharing one are candidates."""
    keys = []
    for b in range(BANDS):
        rows = ",".join(str(v) for v in sig[b * ROWS:(b + 1) * ROWS])
        keys.append(f"{b}:{hashlib.blake2b(rows.encode(), digest_size=8).hexdigest()}")
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts' 4-gram sets: the share of agreeing minima."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
