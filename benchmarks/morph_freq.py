"""Benchmark: frequency pipeline vs a bare parseToNode loop, full-novel time, cache time.

    python benchmarks/morph_freq.py [--corpus PATH]

Prints a table and writes benchmarks/results/morph_freq.json.
Targets: pipeline tokens/s ≥ 0.8 × bare loop; 吾輩は猫である ≤ 2 s; from cache ≤ 0.1 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from common import WAGAHAI, base_parser, load_text, require_files, write_result


def bare_loop(text: str) -> tuple[int, float]:
    """Tokens and seconds for the plainest parseToNode walk over the same lines."""
    from lstm_tui.morph.analyzer import make_tagger

    tagger = make_tagger()
    t0 = time.perf_counter()
    n = 0
    for line in text.split("\n"):
        if not line:
            continue
        node = tagger.parseToNode(line).next
        while node is not None and node.next is not None:
            _ = (node.surface, node.feature)  # the minimum any caller reads
            n += 1
            node = node.next
    return n, time.perf_counter() - t0


def main() -> int:
    """Run the benchmark; exit 2 with one line when the corpus is missing."""
    ap = base_parser(__doc__.splitlines()[0])  # --quick changes nothing: one pass is already short
    ap.add_argument("--corpus", type=Path, default=WAGAHAI, help="corpus file (default 吾輩は猫である)")
    args = ap.parse_args()
    require_files([args.corpus])
    from lstm_tui.morph.cache import MorphCache
    from lstm_tui.morph.frequency import FreqOptions, table_from_counts

    text = load_text(args.corpus)  # as every benchmark reads it: decoded, Aozora notation cleaned
    how = "decoded; Aozora notation cleaned when present"
    from lstm_tui.morph.analyzer import get_analyzer

    analyzer = get_analyzer()
    analyzer.count("ウォームアップ")  # load taggers outside the timings

    bare_tokens, bare_s = bare_loop(text)
    opts = [FreqOptions(pos=p) for p in ("adjective", "noun", "verb", "content", "all")]
    with tempfile.TemporaryDirectory() as tmp:
        cache = MorphCache(Path(tmp))
        t0 = time.perf_counter()
        counts = analyzer.count(text)
        tables = [table_from_counts(counts, o) for o in opts]
        pipe_s = time.perf_counter() - t0
        pipe_tokens = sum(counts.values())

        t0 = time.perf_counter()
        cache.table(text, opts[3])  # cold: analyse + write the JSON file
        cold_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        cache.table(text, opts[3])
        memory_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        MorphCache(Path(tmp)).table(text, opts[3])  # a new process's view: JSON from disk
        disk_s = time.perf_counter() - t0

    ratio = (pipe_tokens / pipe_s) / (bare_tokens / bare_s)
    result = {
        "corpus": str(args.corpus),
        "corpus_prep": how,
        "chars": len(text),
        "bare_tokens": bare_tokens,
        "bare_s": round(bare_s, 4),
        "bare_tokens_per_s": round(bare_tokens / bare_s),
        "pipeline_tokens": pipe_tokens,
        "pipeline_s_all_five_tables": round(pipe_s, 4),
        "pipeline_tokens_per_s": round(pipe_tokens / pipe_s),
        "ratio_pipeline_over_bare": round(ratio, 3),
        "cold_cached_request_s": round(cold_s, 4),
        "memory_cache_s": round(memory_s, 5),
        "disk_cache_s": round(disk_s, 4),
        "targets": {"ratio": ">= 0.8", "novel_s": "<= 2", "cache_s": "<= 0.1"},
        "quick": args.quick,
    }
    rows = [
        ("characters", f"{len(text):,}", how),
        ("bare parseToNode loop", f"{bare_s:.3f} s", f"{bare_tokens / bare_s:,.0f} tokens/s"),
        ("pipeline (count + 5 tables)", f"{pipe_s:.3f} s", f"{pipe_tokens / pipe_s:,.0f} tokens/s"),
        ("ratio pipeline / bare", f"{ratio:.2f}", "target ≥ 0.8"),
        ("first request (cache cold)", f"{cold_s:.3f} s", "target ≤ 2 s"),
        ("second request (memory)", f"{memory_s * 1000:.2f} ms", "target ≤ 100 ms"),
        ("new cache object (JSON disk)", f"{disk_s * 1000:.1f} ms", "target ≤ 100 ms"),
    ]
    for name, value, note in rows:
        print(f"{name:<30} {value:>12}   {note}")
    print("top content words:", ", ".join(f"{w} {n}" for w, n in tables[3].rows[:10]))
    out = write_result("morph_freq", result, args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
