"""Trading partners: suppliers and their sites, plus the party and customer models."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import LAST_DAY, Ctx, add_days, at_time, random_day
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.names import (
    SUPPLIER_KINDS,
    address,
    company_name,
    person_name,
)

TERMS = {10000: 0, 10001: 30, 10002: 45, 10003: 30, 10004: 60}
"""AP/AR payment terms id -> days until due (10000 Immediate, 10001 Net 30, 10002 Net 45,
10003 2/10 Net 30, 10004 Net 60)."""
COUNTRY_CURRENCY = {"US": "USD", "DE": "EUR", "GB": "GBP"}
HOME_OUS = {"US": (204, 204, 205), "DE": (458,), "GB": (887,)}


@dataclass
class SupplierSite:
    site_id: int
    vendor_id: int
    vendor_name: str
    org_id: int
    currency: str
    terms_id: int
    kind: str
    active_from: dt.date
    active_to: dt.date | None
    on_hold: bool = False
    employee_id: int | None = None

    def usable(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_to is None or day < self.active_to)


@dataclass
class Customer:
    account_id: int
    party_id: int
    name: str
    org_id: int
    currency: str
    bill_to: int
    ship_to: list[int] = field(default_factory=list)
    terms_id: int = 10001
    active: bool = True


def party_row(
    ctx: Ctx,
    rng: random.Random,
    name: str,
    kind: str,
    country: str,
    category: str,
    created: dt.datetime,
) -> int:
    party_id = ctx.next_id("party", 5001)
    street, city, state, postal = address(rng, country)
    ctx.emit(
        "hz_parties",
        {
            "party_id": party_id,
            "party_number": str(party_id),
            "party_name": name,
            "party_type": kind,
            "status": "A",
            "address1": street,
            "city": city,
            "state": state,
            "postal_code": postal,
            "country": country,
            "duns_number_c": str(rng.randint(10**8, 10**9 - 1)) if rng.random() < 0.3 else None,
            "category_code": category,
            "tax_reference": None,
            "created_by_module": {"SUPPLIER": "POS_SUPPLIER_MGMT", "BANK": "CE"}.get(
                category, "TCA_V2_API"
            ),
            **ctx.who(created, 0),
        },
    )
    return party_id


def full_name(rng: random.Random) -> str:
    return " ".join(person_name(rng))


def unique_name(taken: set[str], make: Callable[[], str]) -> str:
    for _ in range(50):
        name = make()
        if name not in taken:
            taken.add(name)
            return name
    name = f"{make()} {len(taken)}"
    taken.add(name)
    return name


def suppliers(ctx: Ctx) -> None:
    rng = ctx.rng("suppliers")
    sites: dict[int, list[SupplierSite]] = {ou.org_id: [] for ou in ent.OUS}
    taken: set[str] = set()
    count = ctx.n(35, minimum=8)
    plans: list[tuple[str, str, str, int | None]] = []
    for _ in range(count):
        country = rng.choices(("US", "DE", "GB"), (6, 2, 2))[0]
        kind = "CONTRACTOR" if rng.random() < 0.05 else "VENDOR"
        name = unique_name(taken, partial(company_name, rng, SUPPLIER_KINDS, country))
        plans.append((name, country, kind, None))
    for name, country in (
        ("Internal Revenue Service", "US"),
        ("Bundeszentralamt fuer Steuern", "DE"),
        ("HM Revenue and Customs", "GB"),
    ):
        plans.append((name, country, "TAX AUTHORITY", None))
    people = [p for p in ctx.data["people"] if not p.cwk and p.hire <= LAST_DAY]
    for person in people[: ctx.n(8, minimum=3)]:
        country = ent.OU[person.org_id].country
        plans.append((person.full_name, country, "EMPLOYEE", person.person_id))
    for index, (name, country, kind, employee_id) in enumerate(plans):
        vendor_id = ctx.next_id("vendor", 3001)
        start = random_day(rng, dt.date(2010, 1, 1), dt.date(2022, 12, 1))
        if rng.random() < 0.15:
            start = random_day(rng, dt.date(2023, 1, 2), dt.date(2024, 3, 1))  # new supplier
        end = None
        if kind in ("VENDOR", "CONTRACTOR") and rng.random() < 0.06:
            end = random_day(rng, max(start, dt.date(2023, 6, 1)), LAST_DAY)
        elif kind == "VENDOR" and rng.random() < 0.03:
            end = dt.date(2024, 12, 31)
        created = at_time(rng, start)
        party_kind = "PERSON" if kind == "EMPLOYEE" else "ORGANIZATION"
        party_id = party_row(ctx, rng, name, party_kind, country, "SUPPLIER", created)
        currency = COUNTRY_CURRENCY[country]
        on_hold = kind == "VENDOR" and index % 29 == 7
        terms_id = rng.choice((10001, 10001, 10002, 10003, 10004)) if kind != "EMPLOYEE" else 10000
        ctx.emit(
            "ap_suppliers",
            {
                "vendor_id": vendor_id,
                "vendor_name": name,
                "vendor_name_alt": name.upper() if rng.random() < 0.2 else None,
                "segment1": str(vendor_id - 2000) if kind != "EMPLOYEE" else f"E{vendor_id}",
                "vendor_type_lookup_code": kind,
                "enabled_flag": "Y",
                "start_date_active": start,
                "end_date_active": end,
                "party_id": party_id,
                "employee_id": employee_id,
                "parent_vendor_id": None,
                "one_time_flag": "N",
                "small_business_flag": "Y" if rng.random() < 0.2 else "N",
                "women_owned_flag": "Y" if rng.random() < 0.1 else "N",
                "hold_flag": "Y" if on_hold else "N",
                "num_1099": f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
                if country == "US" and kind == "VENDOR" and rng.random() < 0.3
                else None,
                "type_1099": None,
                "vat_registration_num": f"{country}{rng.randint(10**8, 10**9 - 1)}"
                if country != "US" and kind != "EMPLOYEE"
                else None,
                "invoice_currency_code": currency,
                "payment_currency_code": currency,
                "terms_id": terms_id,
                "pay_group_lookup_code": "EMPLOYEE" if kind == "EMPLOYEE" else "STANDARD",
                **ctx.who(created, clerk(ctx, rng, "AP")),
            },
        )
        home = rng.choice(HOME_OUS[country])
        if kind == "EMPLOYEE":
            home = next(p.org_id for p in people if p.person_id == employee_id)
        org_ids = [home]
        if kind in ("VENDOR", "CONTRACTOR") and rng.random() < 0.3:
            org_ids.append(rng.choice([ou.org_id for ou in ent.OUS if ou.org_id != home]))
        for org_id in org_ids:
            ou = ent.OU[org_id]
            site_currency = ou.currency if org_id == home else currency
            inactive = None
            if rng.random() < 0.05:
                inactive = random_day(rng, max(start, dt.date(2023, 9, 1)), LAST_DAY)
            stops = [d for d in (end, inactive) if d is not None]
            site = SupplierSite(
                ctx.next_id("vendor_site", 4001),
                vendor_id,
                name,
                org_id,
                site_currency,
                terms_id,
                kind,
                start,
                min(stops) if stops else None,
                on_hold,
                employee_id,
            )
            sites[org_id].append(site)
            street, city, state, postal = address(rng, country)
            code = "HOME" if kind == "EMPLOYEE" else city.upper().replace(" ", "")[:15]
            ctx.emit(
                "ap_supplier_sites_all",
                {
                    "vendor_site_id": site.site_id,
                    "vendor_id": vendor_id,
                    "vendor_site_code": code,
                    "org_id": org_id,
                    "address_line1": street,
                    "address_line2": f"Suite {rng.randint(100, 900)}"
                    if rng.random() < 0.2
                    else None,
                    "city": city,
                    "state": state,
                    "zip": postal,
                    "country": country,
                    "purchasing_site_flag": "N" if kind in ("EMPLOYEE", "TAX AUTHORITY") else "Y",
                    "pay_site_flag": "Y",
                    "primary_pay_site_flag": "Y",
                    "inactive_date": inactive,
                    "invoice_currency_code": site_currency,
                    "payment_currency_code": site_currency,
                    "terms_id": terms_id,
                    "payment_method_lookup_code": "EFT"
                    if kind == "EMPLOYEE"
                    else rng.choice(("CHECK", "EFT", "WIRE")),
                    "party_site_id": None,
                    **ctx.who(created, clerk(ctx, rng, "AP")),
                },
            )
    ctx.data["supplier_sites"] = sites


def pick_site(
    rng: random.Random,
    sites: list[SupplierSite],
    day: dt.date,
    kinds: tuple[str, ...] = ("VENDOR", "CONTRACTOR"),
) -> SupplierSite | None:
    usable = [s for s in sites if s.kind in kinds and s.usable(day)]
    return rng.choice(usable) if usable else None


def due_date(terms_id: int, start: dt.date) -> dt.date:
    return add_days(start, TERMS[terms_id])
