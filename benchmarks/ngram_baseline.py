"""Benchmark: the character n-gram baseline (modified Kneser–Ney) per corpus, and its build time.

    python benchmarks/ngram_baseline.py [--corpus PATH ...] [--repeat N] [--quick]

For each corpus: characters, vocabulary, the order chosen on validation, validation
and test loss (nats/char, splits of core/splits.py) of the baseline (modified KN with
discount scales tuned on validation), and beside it on the same test split: modified
KN with the estimated discounts (untuned) and plain interpolated KN (one discount
0.75, at its own best validation order); and the seconds a build takes (counting,
choosing the order and tuning, no cache; median of --repeat builds). A second table
gives plain KN 0.75 on the issue's reference split (first 90% / last 10%) beside the
issue's figures, for the corpora that have them.
Default corpora: the bundled en-shakespeare and Japanese ones in corpora/, else
../shared/corpora's Tiny Shakespeare and 吾輩は猫である. Target: ≤ 10 s for 1 M characters
on 2 cores. Writes benchmarks/results/ngram_baseline.json.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPORA,
    ROOT,
    base_parser,
    corpus_label,
    load_text,
    median,
    print_table,
    require_files,
    verdict,
    write_result,
)

BUNDLED = ROOT / "corpora"
# every bundled corpus, all real text
BUNDLED_NAMES = ("en-shakespeare", "ja-neko", "ja-soseki", "ja-kenji", "ja-akutagawa", "ja-torahiko")
TARGET_S_PER_M = 10.0


def default_corpora() -> list[Path]:
    """The bundled real corpora that exist, else the ../shared originals."""
    found = [BUNDLED / f"{n}.txt" for n in BUNDLED_NAMES if (BUNDLED / f"{n}.txt").is_file()]
    return found or list(DEFAULT_CORPORA)


def measure(path: Path, repeat: int) -> dict[str, Any]:
    """Build the baseline `repeat` times and score plain KN beside it."""
    from lstm_tui.core.ngram import fit_baseline
    from lstm_tui.core.ngram_counts import NGramCounts
    from lstm_tui.core.splits import split_bounds

    text = load_text(path)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        b = fit_baseline(text)
        times.append(time.perf_counter() - t0)
    train_end, val_end = split_bounds(len(text))
    plain = NGramCounts(text[:train_end], uniform_size=b.vocab + 1)
    plain_orders = {k: plain.loss(text[train_end:val_end], k, 0.75, context=text[:train_end]) for k in b.by_order}
    plain_best = min(plain_orders, key=plain_orders.__getitem__)
    untuned = NGramCounts(text[:train_end], uniform_size=b.vocab + 1)
    return {
        "corpus": corpus_label(path),
        "path": str(path),
        "chars": b.chars,
        "vocab": b.vocab,
        "order": b.order,
        "val_loss": round(b.val_loss, 4),
        "test_loss": round(b.test_loss, 4),
        "discount_scales": list(b.discount) if isinstance(b.discount, tuple) else b.discount,
        "untuned_modified_test_loss": round(untuned.loss(text[val_end:], b.order, context=text[:val_end]), 4),
        "by_order": {k: round(v, 4) for k, v in b.by_order.items()},
        "plain_kn_order": plain_best,
        "plain_kn_test_loss": round(plain.loss(text[val_end:], plain_best, 0.75, context=text[:val_end]), 4),
        "unknown_val": b.unknown_val,
        "unknown_test": b.unknown_test,
        "build_s": round(median(times), 3),
        "build_s_max": round(max(times), 3),
        "builds": repeat,
        "build_s_per_m_chars": round(median(times) / (b.chars / 1e6), 3),
    }


# plain KN (0.75, no pruning), first 90% → last 10%: the figures
REFERENCE = {
    "en-shakespeare": {6: 1.5385, 5: 1.5663},
    "tinyshakespeare": {6: 1.5385, 5: 1.5663},
    "ja-neko": {4: 3.3964, 3: 3.4464},
    "wagahai_wa_neko_de_aru": {4: 3.3964, 3: 3.4464},
}


def reference_rows(path: Path) -> list[dict[str, Any]]:
    """Plain KN 0.75 and the baseline's modified KN on the 90/10 split at the issue's orders."""
    from lstm_tui.core.ngram import fit_baseline

    figures = REFERENCE.get(corpus_label(path), {})
    if not figures:
        return []
    text = load_text(path)
    cut = int(len(text) * 0.9)
    rows = []
    for order, want in figures.items():
        plain = fit_baseline(text, bounds=(cut, cut), discount=0.75, orders=[order]).test_loss
        modified = fit_baseline(text, bounds=(cut, cut), orders=[order]).test_loss
        rows.append(
            {
                "corpus": corpus_label(path),
                "order": order,
                "issue": want,
                "plain_kn": round(plain, 4),
                "difference": round(plain - want, 4),
                "modified_kn": round(modified, 4),
            }
        )
    return rows


def main() -> int:
    """Run the benchmark; exit 2 with one line when a corpus file is missing."""
    ap = base_parser(__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append", help="a corpus file (repeatable)")
    ap.add_argument("--repeat", type=int, default=3, help="builds per corpus for the time (median)")
    args = ap.parse_args()
    paths = args.corpus or default_corpora()
    require_files(paths)
    repeat = 1 if args.quick else max(1, args.repeat)
    rows = [measure(p, repeat) for p in paths]
    print_table(
        [
            "corpus",
            "chars",
            "vocab",
            "order",
            "val",
            "test",
            "untuned test",
            "plain KN test (order)",
            "build s",
            "s per 1M",
        ],
        [
            [
                r["corpus"],
                r["chars"],
                r["vocab"],
                r["order"],
                f"{r['val_loss']:.4f}",
                f"{r['test_loss']:.4f}",
                f"{r['untuned_modified_test_loss']:.4f}",
                f"{r['plain_kn_test_loss']:.4f} ({r['plain_kn_order']})",
                r["build_s"],
                r["build_s_per_m_chars"],
            ]
            for r in rows
        ],
        title="n-gram baseline: modified Kneser-Ney, order chosen and discounts tuned on validation (nats/char)",
    )
    ref = [row for p in ([] if args.quick else paths) for row in reference_rows(p)]
    if ref:
        print()
        print_table(
            ["corpus", "order", "issue", "plain KN 0.75", "difference", "modified KN"],
            [
                [
                    r["corpus"],
                    r["order"],
                    f"{r['issue']:.4f}",
                    f"{r['plain_kn']:.4f}",
                    f"{r['difference']:+.4f}",
                    f"{r['modified_kn']:.4f}",
                ]
                for r in ref
            ],
            title="reference split (first 90% / last 10%), test loss in nats/char",
        )
    big = [r for r in rows if r["chars"] >= 500_000]
    ok = all(r["build_s_per_m_chars"] <= TARGET_S_PER_M for r in big) if big else None
    print(f"build ≤ {TARGET_S_PER_M:.0f} s per 1 M characters (corpora ≥ 500k chars): {verdict(ok)}")
    out = write_result(
        "ngram_baseline",
        {
            "splits": "train 90% / validation 5% / test 5%, contiguous (core/splits.py)",
            "method": "interpolated modified Kneser-Ney (3 discounts per order), order = validation argmin, "
            "per-order discount scales tuned on validation; untuned = estimated discounts; "
            "plain_kn = one absolute discount 0.75, its own best validation order",
            "target_build_s_per_m_chars": TARGET_S_PER_M,
            "target_met": ok,
            "rows": rows,
            "reference_90_10": ref,
        },
        args.out_dir,
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
