"""How often an Arabic name and its Latin transliteration get the same cross-script key.

Data: Google's Arabic-English transliteration pairs (15,898 names, Apache-2.0), split into
train/eval/test; the key rules were tuned on train only and this reports the test split.

    .venv/bin/python benchmarks/name_keys.py [--data DIR] [--split test] [--seed 7]

Prints:
  same-key rate   share of (Arabic, Latin) pairs whose keys are equal and non-empty
  shuffled collision rate   share of random non-matching pairs (the Latin side shuffled with a
                  fixed seed, true transliterations of the same Arabic excluded) whose keys
                  are equal: what a blocking key costs in false candidates
  all-pairs collision rate  the same over every non-matching Arabic×Latin pair of the split
No names are printed.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from tawthiq.normalize import name_key

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/names/google_transliteration"


def read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            arabic, latin = line.split("\t", 1)
            pairs.append((arabic.strip(), latin.strip()))
    return pairs


def measure(pairs: list[tuple[str, str]], seed: int) -> dict[str, float]:
    ar_keys = [name_key(a) for a, _ in pairs]
    la_keys = [name_key(latin) for _, latin in pairs]
    same = sum(1 for a, b in zip(ar_keys, la_keys, strict=True) if a and a == b)

    truth: dict[str, set[str]] = defaultdict(set)
    for arabic, latin in pairs:
        truth[arabic].add(latin)
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    shuffled = collided = 0
    for i, j in enumerate(order):
        if pairs[j][1] in truth[pairs[i][0]]:
            continue
        shuffled += 1
        collided += bool(ar_keys[i]) and ar_keys[i] == la_keys[j]

    ar_count = Counter(k for k in ar_keys if k)
    la_count = Counter(k for k in la_keys if k)
    equal_all = sum(n * la_count[k] for k, n in ar_count.items())
    true_equal = sum(
        1
        for (arabic, _), a in zip(pairs, ar_keys, strict=True)
        for latin in truth[arabic]
        if a and a == name_key(latin)
    )
    n = len(pairs)
    return {
        "pairs": n,
        "same_key_rate": same / n,
        "shuffled_pairs": shuffled,
        "shuffled_collision_rate": collided / shuffled,
        "all_pairs_collision_rate": (equal_all - true_equal) / (n * n - n),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="test", choices=["train", "eval", "test"])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    result = measure(read_pairs(args.data / f"ar2en-{args.split}.txt"), args.seed)
    print(f"split: {args.split} ({result['pairs']:.0f} pairs), seed {args.seed}")
    print(f"same-key rate: {result['same_key_rate']:.2%}")
    print(
        f"shuffled collision rate: {result['shuffled_collision_rate']:.3%} "
        f"of {result['shuffled_pairs']:.0f} random non-matching pairs"
    )
    print(f"all-pairs collision rate: {result['all_pairs_collision_rate']:.4%}")
    print(f"time: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
