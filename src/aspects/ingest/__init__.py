"""Ingest: xAPI statements in, validated, parsed once, written by one batching writer."""

import gc

# Ingest allocates many short-lived, acyclic containers (parsed JSON). With the default
# threshold (700) the cyclic collector ran every few statements and took 30 % of a file load
# (measured on 100,000 ERB-shaped statements: 5.4 s → 3.7 s with it off, 4.4 s at 50,000).
GC_GENERATION0 = 50_000


def tune_gc() -> None:
    """Make the cyclic garbage collector run less often in an ingesting process."""
    threshold0, threshold1, threshold2 = gc.get_threshold()
    gc.set_threshold(max(threshold0, GC_GENERATION0), max(threshold1, 20), max(threshold2, 100))
