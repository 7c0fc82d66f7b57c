"""A hand-built federation of records: two campaigns and values that must not join them.

DE and FR share under an agreement; BR shares with neither, so its records are hidden
from them (and theirs from it).

  alpha: DE's domain, FR's URL on a subdomain of it (a derived link joins them), and BR's
         record holding the same domain (hidden from DE and FR)
  beta:  DE's and FR's address, and BR's network containing it (hidden)
  8.8.8.8 (a public resolver, warninglisted) is held by alpha and beta records alike; so is
  a hash held by more records than the test's over-correlation limit (3): neither joins them.
  gamma: BR's covert record (not disclosable) shares a value with DE's lone record and
         another with BR's own pair: without the covert record DE's record links to nothing,
         so DE sees no campaign there and learns nothing of BR's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from tests import factories as f

from .conftest import World

SECRET_MD5 = "3b5d5c3712955042212316173ccf37be"
NOISY_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
LIMIT = 3


@dataclass
class Ids:
    de_alpha: str
    fr_alpha: str
    br_alpha: str
    de_beta: str
    fr_beta: str
    br_beta: str
    de_lone: str
    br_covert: str
    br_only_a: str
    br_only_b: str


def obs(type_: str, value: str) -> dict[str, str]:
    return {"type": type_, "value": value}


def seed(session_factory: sessionmaker[Session], world: World, *, noisy: bool = True) -> Ids:
    """`noisy`: add the hash held by more records than LIMIT (tests at the default limit
    of 1,000 leave it out, or it would join alpha and beta)."""
    with session_factory() as s:
        de, fr, br = (s.merge(u) for u in (world.de_analyst, world.fr_analyst, world.br_analyst))
        resolver = obs("ipv4", "8.8.8.8")
        extra = [obs("sha256", NOISY_HASH)] if noisy else []
        ids = Ids(
            de_alpha=f.record(s, de, title="DE alpha panel", observables=[
                obs("domain", "alpha-panel.top"), resolver, *extra]).id,
            fr_alpha=f.record(s, fr, title="FR alpha kit", observables=[
                obs("url", "hxxps://cdn.alpha-panel[.]top/gate.php"), *extra]).id,
            br_alpha=f.record(s, br, title="BR secret alpha", observables=[
                obs("domain", "alpha-panel.top"), obs("md5", SECRET_MD5)]).id,
            de_beta=f.record(s, de, title="DE beta loader", observables=[
                obs("ipv4", "45.155.205.10"), resolver, *extra]).id,
            fr_beta=f.record(s, fr, title="FR beta loader", observables=[
                obs("ipv4", "45.155.205.10"), *extra]).id,
            br_beta=f.record(s, br, title="BR secret beta net", observables=[
                obs("cidr", "45.155.205.0/24")]).id,
            de_lone=f.record(s, de, title="DE lone wallet", observables=[
                obs("domain", "covert-gamma.xyz")]).id,
            br_covert=f.record(s, br, title="BR covert op", disclosable=False, observables=[
                obs("domain", "covert-gamma.xyz"), obs("domain", "covert-delta.xyz")]).id,
            br_only_a=f.record(s, br, title="BR only A", observables=[
                obs("domain", "br-internal.xyz"), obs("domain", "covert-delta.xyz")]).id,
            br_only_b=f.record(s, br, title="BR only B", observables=[
                obs("domain", "br-internal.xyz")]).id,
        )
        s.commit()
        return ids
