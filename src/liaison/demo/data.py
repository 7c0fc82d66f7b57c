"""The demo federation's cast: agencies and their users.

Every agency, person and company here is invented; none is, or claims to be, a real body.
E-mail addresses use the reserved `.example` top-level domain. Usernames are
`<agency key>.<handle>` (`de.analyst`, `hub.admin`) and all share `DEMO_PASSWORD`.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison.vocab import AgencyKind, Role

DEMO_PASSWORD = "liaison-demo-2026"

ADM, ANA, INV, LEG, SUP = (Role.ADMIN, Role.ANALYST, Role.INVESTIGATOR, Role.LEGAL_OFFICER,
                           Role.SUPERVISOR)


@dataclass(frozen=True)
class UserSpec:
    handle: str
    display_name: str
    roles: tuple[Role, ...]
    node_admin: bool = False
    featured: bool = False  # shown in the login table `liaison demo seed` prints


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    short_name: str
    country: str
    kind: AgencyKind
    timezone: str
    domain: str
    users: tuple[UserSpec, ...]
    contact_point: bool = False

    def username(self, handle: str) -> str:
        return f"{self.key}.{handle}"


def _unit(admin: str, analyst: str, investigator: str, *extra: UserSpec) -> tuple[UserSpec, ...]:
    """A national cybercrime unit's staff: an admin, an analyst, an investigator and more."""
    return (UserSpec("admin", admin, (ADM,)), UserSpec("analyst", analyst, (ANA,)),
            UserSpec("investigator", investigator, (INV,)), *extra)


def _national(key: str, name: str, short: str, timezone: str,
              users: tuple[UserSpec, ...]) -> AgencySpec:
    return AgencySpec(key, name, short, key.upper(), AgencyKind.POLICE, timezone,
                      f"{short.split('-')[1].lower()}.example", users, contact_point=True)


AGENCIES: tuple[AgencySpec, ...] = (
    _national("de", "Rhine Digital Crime Directorate", "DE-RDCD", "Europe/Berlin", (
        UserSpec("admin", "Sabine Kraemer", (ADM,), featured=True),
        UserSpec("analyst", "Jonas Richter", (ANA,), featured=True),
        UserSpec("investigator", "Katrin Vogel", (INV,), featured=True),
        UserSpec("supervisor", "Matthias Brandt", (SUP, INV), featured=True),
    )),
    _national("fr", "Loire Cyber Investigation Office", "FR-LCIO", "Europe/Paris",
              _unit("Claire Dubois", "Julien Moreau", "Amelie Laurent")),
    _national("nl", "Delta Digital Crime Unit", "NL-DDCU", "Europe/Amsterdam",
              _unit("Pieter de Groot", "Sanne Visser", "Daan Bakker",
                    UserSpec("supervisor", "Ingrid Mulder", (SUP,)))),
    _national("gb", "Thames Cyber Crime Command", "GB-TCCC", "Europe/London",
              _unit("Helen Carter", "Oliver Hughes", "Priya Shah")),
    _national("us", "Potomac Cyber Investigations Bureau", "US-PCIB", "America/New_York",
              _unit("Karen Mitchell", "Marcus Reed", "Dana Alvarez",
                    UserSpec("supervisor", "Robert Kim", (SUP,)))),
    _national("ua", "Dnipro Cyber Police Service", "UA-DCPS", "Europe/Kyiv",
              _unit("Olena Kovalenko", "Andrii Melnyk", "Iryna Shevchuk")),
    _national("br", "Atlantic Coast Cybercrime Division", "BR-ACCD", "America/Sao_Paulo",
              _unit("Fernanda Costa", "Rafael Oliveira", "Camila Santos")),
    _national("ng", "Lagoon Financial Cybercrime Unit", "NG-LFCU", "Africa/Lagos",
              _unit("Chidi Okafor", "Aisha Bello", "Tunde Adeyemi")),
    _national("sg", "Straits Technology Crime Bureau", "SG-STCB", "Asia/Singapore",
              _unit("Rachel Tan", "Lim Wei Ming", "Arjun Nair")),
    _national("jp", "Musashi High-Tech Crime Division", "JP-MHCD", "Asia/Tokyo",
              _unit("Yuki Tanaka", "Haruto Sato", "Aiko Nakamura")),
    AgencySpec("rcc", "Meridian Regional Cybercrime Centre", "MRCC", "NL",
               AgencyKind.COORDINATION_BODY, "Europe/Amsterdam", "mrcc.example", (
                   UserSpec("admin", "Elena Marchetti", (ADM,)),
                   UserSpec("analyst", "Tomas Novak", (ANA,), featured=True),
                   UserSpec("supervisor", "Anna Lindqvist", (SUP,)),
               )),
    AgencySpec("hub", "Orbis Global Cyber Fusion Hub", "ORBIS-CFH", "SG",
               AgencyKind.COORDINATION_BODY, "Asia/Singapore", "orbis-cfh.example", (
                   UserSpec("admin", "Samuel Mensah", (ADM,), node_admin=True, featured=True),
                   UserSpec("analyst", "Chua Mei Ling", (ANA,)),
               )),
    AgencySpec("pps", "Lindenfeld Public Prosecutor's Office, Cybercrime Centre", "DE-LPPO",
               "DE", AgencyKind.PROSECUTION, "Europe/Berlin", "lppo.example", (
                   UserSpec("admin", "Thomas Weber", (ADM,)),
                   UserSpec("legal", "Dr Miriam Schulz", (LEG,), featured=True),
                   UserSpec("prosecutor", "Felix Neumann", (LEG, SUP)),
               )),
    AgencySpec("cert", "Vistula National CSIRT", "PL-VCSIRT", "PL", AgencyKind.CERT,
               "Europe/Warsaw", "vcsirt.example", (
                   UserSpec("admin", "Agnieszka Nowak", (ADM,)),
                   UserSpec("analyst", "Piotr Wisniewski", (ANA,), featured=True),
               )),
    AgencySpec("exchange", "Lumenvault Digital Asset Exchange", "LT-LUMENVAULT", "LT",
               AgencyKind.PRIVATE_PARTNER, "Europe/Vilnius", "lumenvault.example", (
                   UserSpec("admin", "Ruta Kazlauskaite", (ADM,)),
                   UserSpec("analyst", "Mantas Petrauskas", (ANA,), featured=True),
               )),
)

AGENCY_BY_KEY: dict[str, AgencySpec] = {a.key: a for a in AGENCIES}
NATIONAL_UNITS: tuple[str, ...] = tuple(a.key for a in AGENCIES if a.contact_point)

COUNTRY_NAMES: dict[str, str] = {
    "DE": "Germany", "FR": "France", "NL": "the Netherlands", "GB": "the United Kingdom",
    "US": "the United States", "UA": "Ukraine", "BR": "Brazil", "NG": "Nigeria",
    "SG": "Singapore", "JP": "Japan", "PL": "Poland", "LT": "Lithuania",
}
