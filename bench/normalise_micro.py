"""How many microseconds do `normalise` and `derived_links` cost per value?

The bulk-ingest target is 100,000 observables/second end to end, so these two together must
stay a small share of 10 µs. The mix is what importers see most: 25% ipv4 (a fifth of them
defanged "1[.]2.3.4"), 20% domains "secure-login123456.top" (a tenth upper-cased), 20% URLs
"https://bank-verify123.xyz/login/123456.php" (a fifth "hxxps"), 15% sha256 (lower-case),
5% md5 (upper-case), 10% e-mails "wallet12345@parcel-track55.online" and 5% sha1. The numbers
in the names have as many digits as in those examples, so URL hosts and mail domains recur
(as they do in real feeds) while domains and paths are nearly all new.

Each repetition draws fresh values (a new seed), so per-process caches only help where
values recur within the mix. Values are made in the order they are timed, as a parser
would make them. Per type, the values of that type are timed alone; "overall" times the
shuffled mix in one loop. The cyclic GC is off while timing, as in timeit. Best of --repeat
runs, in µs of this process's CPU time per value (CPU rather than wall time, so that other
work on the machine counts less).

Usage: .venv/bin/python bench/normalise_micro.py [--values 200000] [--repeat 5]. Prints one
JSON object on stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from collections.abc import Callable

from liaison.observables import ObservableType, derived_links, normalise

T = ObservableType

# (type, share of the mix)
MIX: list[tuple[ObservableType, float]] = [
    (T.IPV4, 0.25),
    (T.DOMAIN, 0.20),
    (T.URL, 0.20),
    (T.SHA256, 0.15),
    (T.MD5, 0.05),
    (T.EMAIL, 0.10),
    (T.SHA1, 0.05),
]


def _ipv4(rng: random.Random) -> str:
    value = ".".join(str(rng.randrange(256)) for _ in range(4))
    return value.replace(".", "[.]", 1) if rng.random() < 0.2 else value


def _domain(rng: random.Random) -> str:
    value = f"secure-login{rng.randrange(10**6):06d}.top"
    return value.upper() if rng.random() < 0.1 else value


def _url(rng: random.Random) -> str:
    scheme = "hxxps" if rng.random() < 0.2 else "https"
    return f"{scheme}://bank-verify{rng.randrange(1000):03d}.xyz/login/{rng.randrange(10**6)}.php"


def _email(rng: random.Random) -> str:
    return f"wallet{rng.randrange(10**5):05d}@parcel-track{rng.randrange(100):02d}.online"


def _hex(size: int, upper: bool = False) -> Callable[[random.Random], str]:
    def make(rng: random.Random) -> str:
        value = rng.randbytes(size).hex()
        return value.upper() if upper else value

    return make


MAKERS: dict[ObservableType, Callable[[random.Random], str]] = {
    T.IPV4: _ipv4,
    T.DOMAIN: _domain,
    T.URL: _url,
    T.SHA256: _hex(32),
    T.MD5: _hex(16, upper=True),
    T.EMAIL: _email,
    T.SHA1: _hex(20),
}


def make_mix(count: int, seed: int) -> list[tuple[ObservableType, str]]:
    """The mix in random order, each value made in turn as a parser would make it."""
    rng = random.Random(seed)
    kinds = [kind for kind, share in MIX for _ in range(round(count * share))]
    rng.shuffle(kinds)
    return [(kind, MAKERS[kind](rng)) for kind in kinds]


def _time(items: list[tuple[ObservableType, str]], func: Callable[[str, str], object]) -> float:
    """µs per item of calling func over items, in one loop."""
    gc.disable()
    try:
        start = time.process_time()
        for kind, value in items:
            func(kind, value)
        elapsed = time.process_time() - start
    finally:
        gc.enable()
    return elapsed / len(items) * 1e6


def run(count: int, repeat: int, seed: int = 0) -> dict[str, dict[str, float]]:
    best: dict[str, dict[str, float]] = {"normalise": {}, "derived_links": {}}

    def keep(which: str, key: str, micros: float) -> None:
        best[which][key] = round(min(best[which].get(key, micros), micros), 3)

    for rep in range(repeat):
        raw = make_mix(count, seed + 2 * rep)
        for kind, _ in MIX:
            keep("normalise", kind.value, _time([i for i in raw if i[0] is kind], normalise))
        canonical = [(kind, normalise(kind, value)) for kind, value in raw]
        for kind, _ in MIX:
            subset = [i for i in canonical if i[0] is kind]
            keep("derived_links", kind.value, _time(subset, derived_links))

        raw = make_mix(count, seed + 2 * rep + 1)
        keep("normalise", "overall", _time(raw, normalise))
        canonical = [(kind, normalise(kind, value)) for kind, value in raw]
        keep("derived_links", "overall", _time(canonical, derived_links))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = {"unit": "µs/value", **run(args.values, args.repeat, args.seed)}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
