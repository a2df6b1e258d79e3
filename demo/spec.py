"""The size and the names of a demo school, for `manage.py seed_demo`.

The standard demo is Northfield Park Academy (about 1,000 pupils and 70
staff). ``--size large`` makes it a large secondary (about 1,800 pupils and
150 staff, with two more school years of history), and ``--schools N`` adds
schools of the same size until there are N, a trust sharing one database
(the performance issue's benchmark data). Every school's named accounts are
the demo school's, at its own address: ``sendco@trust-02.test``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SIZES = ("standard", "large")


@dataclass(frozen=True)
class SchoolSpec:
    slug: str
    name: str
    urn: str
    domain: str  # the staff's email addresses end with it
    mis_prefix: str  # pupils' MIS ids
    establishment: str  # the DfE establishment number in the UPNs
    forms: str = "ABCDEFGH"  # forms in each year group
    per_form: int = 25
    staff_scale: float = 1  # teachers per department and teaching assistants, times this
    past_years: int = 0  # school years of history before this one

    def email(self, demo_address: str) -> str:
        """A named account's address at this school (``demo_address`` is the
        demo school's, which names the part the account plays)."""
        return f"{demo_address.split('@')[0]}@{self.domain}"

    @property
    def is_demo(self) -> bool:
        return self.slug == DEMO.slug


DEMO = SchoolSpec(
    slug="demo",
    name="Northfield Park Academy",
    urn="149001",
    domain="demo.test",
    mis_prefix="NPA",
    establishment="4012",
)

TRUST_NAMES = [
    "Ashgrove",
    "Beacon Hill",
    "Castle Mead",
    "Dunmore",
    "Elmfield",
    "Fairway",
    "Greenacre",
    "Holloway Park",
    "Ivybridge",
    "Juniper Vale",
    "Kingsmoor",
    "Larchwood",
]


def sized(spec: SchoolSpec, size: str) -> SchoolSpec:
    if size == "large":
        return replace(spec, forms="ABCDEFGHIJKL", per_form=30, staff_scale=2.5, past_years=2)
    return spec


def school_specs(size: str = "standard", schools: int = 1) -> list[SchoolSpec]:
    """The demo school, then (for a trust) the others, each of ``size``."""
    specs = [sized(DEMO, size)]
    for n in range(2, schools + 1):
        name = TRUST_NAMES[(n - 2) % len(TRUST_NAMES)]
        specs.append(
            sized(
                replace(
                    DEMO,
                    slug=f"trust-{n:02d}",
                    name=f"{name} Academy",
                    urn=f"1491{n:02d}",
                    domain=f"trust-{n:02d}.test",
                    mis_prefix=f"T{n:02d}",
                    establishment=f"{4100 + n}",
                ),
                size,
            )
        )
    return specs
