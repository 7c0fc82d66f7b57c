"""Plan the demo's ~300 intelligence records, deterministically and without a database.

`plan_records()` turns campaigns and templates into `RecordPlan`s with a fixed random seed:
the same plans, titles and observables on every run, whatever the clock says (creation
times are ages relative to the seeding clock). Markings follow the owner's agreements the
way a careful unit would mark them: most records fit an agreement in force, so partners see
a good share; some are kept in house, named to one partner, sent to a suspended or expired
agreement, or carry categories no agreement with a given partner permits.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import TypeVar

from liaison.demo import indicators as fake
from liaison.demo.data import AGENCY_BY_KEY, COUNTRY_NAMES
from liaison.demo.data_agreements import AGREEMENTS, AgreementSpec
from liaison.demo.data_records import (
    ACCESS,
    AGENCY_PROFILES,
    BANKS,
    CAMPAIGNS,
    CITIES,
    COMPANIES,
    CURRENCIES,
    DEVICES,
    FILES,
    LURES,
    MORE_COUNTRIES,
    OTHER_NOTES,
    PROFILES,
    SECTORS,
    TOOLS,
    Campaign,
    Profile,
    ProfileSpec,
)
from liaison.demo.data_templates import TEMPLATES, Template
from liaison.observables import ObservableType
from liaison.vocab import TLP, DataCategory, Distribution, HandlingCode, Offence, Purpose, Role

SEED = 20260101
T = TypeVar("T")

KINDS: dict[str, ObservableType] = {
    "ip": ObservableType.IPV4, "ip6": ObservableType.IPV6, "asn": ObservableType.ASN,
    "domain": ObservableType.DOMAIN, "lookalike": ObservableType.DOMAIN,
    "url": ObservableType.URL, "onion_url": ObservableType.URL,
    "email": ObservableType.EMAIL, "sha256": ObservableType.SHA256,
    "sha1": ObservableType.SHA1, "md5": ObservableType.MD5,
    "btc": ObservableType.BTC_ADDRESS, "eth": ObservableType.ETH_ADDRESS,
    "iban": ObservableType.IBAN, "phone": ObservableType.PHONE, "onion": ObservableType.ONION,
    "handle": ObservableType.HANDLE, "file": ObservableType.FILE_NAME,
}
POOLED = ("ip", "domain", "lookalike", "email", "sha256", "btc", "eth", "iban", "phone",
          "onion", "handle")
SHARE_RATE = 0.45  # chance an observable comes from the campaign's shared pool
CREATORS = (Role.ANALYST, Role.INVESTIGATOR, Role.LEGAL_OFFICER, Role.SUPERVISOR)


@dataclass(frozen=True)
class RecordPlan:
    owner: str  # agency key
    author: str  # username
    campaign: str
    title: str
    summary: str
    offences: tuple[Offence, ...]
    tlp: TLP
    handling_codes: tuple[HandlingCode, ...]
    handling_note: str | None
    reliability: str
    credibility: int
    distribution: Distribution
    recipients: tuple[str, ...]  # agency keys
    agreement: str | None  # agreement key
    categories: tuple[DataCategory, ...]
    purpose: Purpose
    age: timedelta  # created this long before the seeding clock
    expires_after: timedelta | None  # after creation
    observables: tuple[tuple[ObservableType, str, str], ...]  # type, value, comment


@dataclass(frozen=True)
class _Sharing:
    distribution: Distribution
    tlp: TLP
    purpose: Purpose
    agreement: str | None = None
    recipients: tuple[str, ...] = ()


def _weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code) or MORE_COUNTRIES[code]


class _Pools:
    """Each campaign's shared infrastructure, plus a little borrowed from linked campaigns."""

    def __init__(self, rng: random.Random) -> None:
        self.values: dict[str, dict[str, list[str]]] = {}
        for campaign in CAMPAIGNS:
            self.values[campaign.name] = {
                kind: [_fresh(rng, campaign, kind) for _ in range(4)] for kind in POOLED}
        for campaign in CAMPAIGNS:
            for linked in campaign.links:
                for kind in ("ip", "domain", "btc", "sha256", "iban", "handle"):
                    self.values[campaign.name][kind].append(self.values[linked][kind][0])

    def pick(self, rng: random.Random, campaign: Campaign, kind: str) -> str:
        return rng.choice(self.values[campaign.name][kind])


def _fresh(rng: random.Random, campaign: Campaign, kind: str) -> str:
    theme = campaign.family.value
    makers: dict[str, Callable[[], str]] = {
        "ip": lambda: fake.ipv4(rng),
        "ip6": lambda: fake.ipv6(rng),
        "asn": lambda: fake.asn(rng),
        "domain": lambda: fake.domain(rng, theme),
        "lookalike": lambda: fake.lookalike(rng, rng.choice(campaign.companies or COMPANIES)),
        "url": lambda: fake.url(rng, fake.domain(rng, theme), theme),
        "onion_url": lambda: fake.url(rng, fake.onion(rng), theme),
        "email": lambda: fake.email(rng, fake.domain(rng, theme), theme),
        "sha256": lambda: fake.hex_digest(rng, 32),
        "sha1": lambda: fake.hex_digest(rng, 20),
        "md5": lambda: fake.hex_digest(rng, 16),
        "btc": lambda: fake.btc_address(rng),
        "eth": lambda: fake.eth_address(rng),
        "iban": lambda: fake.iban(rng, rng.choice(campaign.ibans)),
        "phone": lambda: fake.phone(rng, rng.choice(campaign.phones)),
        "onion": lambda: fake.onion(rng),
        "handle": lambda: fake.handle(rng),
        "file": lambda: rng.choice(FILES[campaign.family]).format(
            c=campaign.name.split()[0].lower(), n=rng.randint(100, 9999)),
    }
    return makers[kind]()


def _observables(rng: random.Random, pools: _Pools, campaign: Campaign,
                 template: Template) -> tuple[tuple[ObservableType, str, str], ...]:
    out: dict[tuple[ObservableType, str], str] = {}
    for kind, comment in template.obs:
        for _ in range(5):
            shared = kind in POOLED and rng.random() < SHARE_RATE
            value = pools.pick(rng, campaign, kind) if shared else _fresh(rng, campaign, kind)
            if (KINDS[kind], value) not in out:
                out[(KINDS[kind], value)] = comment
                break
    return tuple((t, v, c) for (t, v), c in out.items())


def _slots(rng: random.Random, campaign: Campaign, owner: str) -> dict[str, str]:
    own = AGENCY_BY_KEY[owner].country
    country = own if own in CITIES else rng.choice(campaign.victims)
    if country not in CITIES:
        country = rng.choice([c for c in campaign.victims if c in CITIES])
    code, rate = CURRENCIES[country]
    usd = rng.choice((18_500, 46_000, 92_000, 137_500, 240_000, 480_000, 1_250_000, 2_600_000))
    abroad = [c for c in campaign.abroad if c != own] or list(campaign.abroad)
    sector = rng.choice(SECTORS)
    article = "an" if sector[0] in "aeiou" else "a"
    return {
        "campaign": campaign.name, "country": _country_name(country),
        "city": rng.choice(CITIES[country]), "sector": sector,
        "a_sector": f"{article} {sector}", "A_sector": f"{article.capitalize()} {sector}",
        "abroad": _country_name(rng.choice(abroad)), "n": str(rng.randint(3, 40)),
        "n2": str(rng.randint(2, 9)), "big": f"{rng.randint(12, 480) * 50:,}",
        "days": str(rng.randint(4, 60)), "gb": str(rng.randint(40, 900)),
        "amount": f"{round(usd * rate * rng.uniform(0.6, 1.4), -2):,.0f}", "cur": code,
        "btc": f"{rng.uniform(0.8, 48):.2f}", "hops": str(rng.randint(6, 60)),
        "percent": str(rng.randint(15, 85)), "access": rng.choice(ACCESS),
        "tool": rng.choice(TOOLS), "lure": rng.choice(LURES), "bank": rng.choice(BANKS),
        "device": rng.choice(DEVICES), "company": rng.choice(campaign.companies or ("a supplier",)),
    }


def _fitting(owner: str, template: Template, categories: frozenset[DataCategory],
             purposes: Sequence[Purpose]) -> list[AgreementSpec]:
    """The owner's agreements whose scope carries the record and that suit its subject."""
    return [a for a in AGREEMENTS if owner in a.members and categories <= a.categories
            and a.purposes & set(purposes)
            and (a.topics is None or template.family in a.topics)
            and (a.profiles is None or template.profile in a.profiles)]


def _purpose(rng: random.Random, wanted: Sequence[Purpose], agreement: AgreementSpec | None,
             fitting: Sequence[AgreementSpec]) -> Purpose:
    allowed = set().union(*(a.purposes for a in ([agreement] if agreement else fitting)))
    options = [p for p in wanted if p in allowed] or list(wanted)
    return rng.choice(options)


def _sharing(rng: random.Random, owner: str, template: Template,
             categories: frozenset[DataCategory], spec: ProfileSpec) -> _Sharing:
    tlp = _weighted(rng, spec.tlps)
    fitting = _fitting(owner, template, categories, spec.purposes)
    if TLP.AMBER <= tlp < TLP.RED and rng.random() < 0.07:  # an in-house working note
        return _Sharing(Distribution.OWNER, tlp, rng.choice(spec.purposes))
    if tlp == TLP.CLEAR:
        dist = Distribution.EVERYONE if rng.random() < 0.75 else Distribution.PARTNERS
        return _Sharing(dist, tlp, rng.choice(spec.purposes))
    if tlp == TLP.RED:
        red = [a for a in fitting if a.max_tlp == TLP.RED and a.in_force]
        if red:
            agreement = rng.choice(red)
            others = [m for m in agreement.members if m != owner]
            named = tuple(sorted(rng.sample(others, min(len(others), rng.randint(1, 2)))))
            return _Sharing(Distribution.AGENCIES, tlp,
                            _purpose(rng, spec.purposes, agreement, fitting), recipients=named)
        tlp = TLP.AMBER_STRICT
    # a channel made for the subject is favoured; one not in force is still used now and then
    # (records shared before a suspension or expiry)
    options: list[tuple[str, float]] = [
        (a.key, (6.0 if a.topics else 3.0) * (1.0 if a.in_force else 0.4)) for a in fitting]
    options.append(("partners", 2.5))
    if fitting:
        options.append(("agencies", 0.7))
    if tlp <= TLP.GREEN:
        options.append(("everyone", 0.8))
    choice = _weighted(rng, options)
    if choice in ("partners", "everyone"):
        dist = Distribution.PARTNERS if choice == "partners" else Distribution.EVERYONE
        return _Sharing(dist, tlp, _purpose(rng, spec.purposes, None, fitting))
    if choice == "agencies":
        agreement = rng.choice([a for a in fitting if a.in_force] or fitting)
        others = [m for m in agreement.members if m != owner]
        named = tuple(sorted(rng.sample(others, min(len(others), rng.randint(1, 3)))))
        return _Sharing(Distribution.AGENCIES, min(tlp, agreement.max_tlp),
                        _purpose(rng, spec.purposes, agreement, fitting), recipients=named)
    agreement = next(a for a in fitting if a.key == choice)
    return _Sharing(Distribution.AGREEMENT, min(tlp, agreement.max_tlp),
                    _purpose(rng, spec.purposes, agreement, fitting), agreement=agreement.key)


def _author(rng: random.Random, owner: str, spec: ProfileSpec) -> str:
    agency = AGENCY_BY_KEY[owner]
    for role in (*spec.authors, *CREATORS):
        users = [u for u in agency.users if role in u.roles]
        if users:
            return agency.username(rng.choice(users).handle)
    raise ValueError(f"{owner} has nobody who may create records")


def _template(rng: random.Random, campaign: Campaign, owner: str, used: Counter[int]) -> int:
    allowed = AGENCY_PROFILES.get(owner, frozenset(Profile))
    candidates = [i for i, t in enumerate(TEMPLATES)
                  if t.family == campaign.family and t.profile in allowed]
    least = min(used[i] for i in candidates)
    return rng.choice([i for i in candidates if used[i] <= least + 1])


def _plan_one(rng: random.Random, pools: _Pools, campaign: Campaign, owner: str,
              template: Template, slots: dict[str, str], title: str) -> RecordPlan:
    spec = PROFILES[template.profile]
    categories = template.categories or spec.categories
    sharing = _sharing(rng, owner, template, categories, spec)
    codes = _weighted(rng, spec.handling)
    grade = _weighted(rng, spec.grading)
    first, last = campaign.active
    age = timedelta(days=rng.uniform(last, first), seconds=rng.randint(0, 86_399))
    expires = timedelta(days=rng.randint(60, 540)) if rng.random() < 0.1 else None
    return RecordPlan(
        owner=owner, author=_author(rng, owner, spec), campaign=campaign.name, title=title,
        summary=template.summary.format(**slots), offences=template.offences, tlp=sharing.tlp,
        handling_codes=codes,
        handling_note=rng.choice(OTHER_NOTES) if HandlingCode.OTHER in codes else None,
        reliability=grade[0], credibility=int(grade[1]), distribution=sharing.distribution,
        recipients=sharing.recipients, agreement=sharing.agreement,
        categories=tuple(c for c in DataCategory if c in categories), purpose=sharing.purpose,
        age=max(age, timedelta(hours=1)), expires_after=expires,
        observables=_observables(rng, pools, campaign, template),
    )


@lru_cache(maxsize=1)
def plan_records(seed: int = SEED) -> tuple[RecordPlan, ...]:
    """The demo's records, oldest first; each (owner, title) pair is unique."""
    rng = random.Random(seed)
    pools = _Pools(rng)
    used: Counter[int] = Counter()
    titles: set[tuple[str, str]] = set()
    plans = []
    for campaign in CAMPAIGNS:
        for _ in range(campaign.records):
            owner = _weighted(rng, campaign.owners)
            index = _template(rng, campaign, owner, used)
            used[index] += 1
            template = TEMPLATES[index]
            slots = _slots(rng, campaign, owner)
            title = template.title.format(**slots)
            update = 1
            while (owner, title) in titles:
                update += 1
                title = f"{template.title.format(**slots)} (update {update})"
            titles.add((owner, title))
            plans.append(_plan_one(rng, pools, campaign, owner, template, slots, title))
    return tuple(sorted(plans, key=lambda p: p.age, reverse=True))

