"""Customers (parties, accounts, sites and site uses) and the internal bank accounts."""

from __future__ import annotations

import datetime as dt
import random
from functools import partial

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import Ctx, at_time, midnight, random_day
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.names import (
    CUSTOMER_KINDS,
    address,
    company_name,
)
from harness.generators.ebs.parties import (
    HOME_OUS,
    Customer,
    full_name,
    party_row,
    unique_name,
)


def customers(ctx: Ctx) -> None:
    rng = ctx.rng("customers")
    result: dict[int, list[Customer]] = {ou.org_id: [] for ou in ent.OUS}
    taken: set[str] = set()
    for index in range(ctx.n(30, minimum=8)):
        country = rng.choices(("US", "DE", "GB"), (6, 2, 2))[0]
        person = rng.random() < 0.08
        if person:
            name = unique_name(taken, partial(full_name, rng))
        else:
            name = unique_name(taken, partial(company_name, rng, CUSTOMER_KINDS, country))
        established = random_day(rng, dt.date(2009, 1, 1), dt.date(2023, 10, 1))
        created = at_time(rng, established)
        party_id = party_row(
            ctx, rng, name, "PERSON" if person else "ORGANIZATION", country, "CUSTOMER", created
        )
        for account_index in range(2 if rng.random() < 0.1 else 1):
            account_id = ctx.next_id("cust_account", 1001)
            active = not (index % 17 == 5 and account_index == 0)
            ctx.emit(
                "hz_cust_accounts",
                {
                    "cust_account_id": account_id,
                    "party_id": party_id,
                    "account_number": str(account_id + 1000),
                    "account_name": name if account_index == 0 else f"{name} (Services)",
                    "status": "A" if active else "I",
                    "customer_type": "I" if index == 0 else "R",
                    "customer_class_code": rng.choice(
                        ("COMMERCIAL", "COMMERCIAL", "PUBLIC SECTOR", "EDUCATION", "HEALTHCARE")
                    ),
                    "sales_channel_code": rng.choice(("DIRECT", "PARTNER", None)),
                    "account_established_date": established,
                    **ctx.who(created, clerk(ctx, rng, "AR")),
                },
            )
            home = rng.choice(HOME_OUS[country])
            org_ids = [home]
            if rng.random() < 0.25:
                org_ids.append(rng.choice([o.org_id for o in ent.OUS if o.org_id != home]))
            for org_id in org_ids:
                customer = account_site(
                    ctx, rng, account_id, party_id, name, org_id, country, created
                )
                customer.active = active
                result[org_id].append(customer)
    ctx.data["customers"] = result


def account_site(
    ctx: Ctx,
    rng: random.Random,
    account_id: int,
    party_id: int,
    name: str,
    org_id: int,
    country: str,
    created: dt.datetime,
) -> Customer:
    ou = ent.OU[org_id]
    customer = Customer(
        account_id,
        party_id,
        name,
        org_id,
        ou.currency,
        0,
        terms_id=rng.choice((10001, 10001, 10002, 10004)),
    )
    for use_index in range(2 if rng.random() < 0.15 else 1):
        location_id = ctx.next_id("location", 20001)
        street, city, state, postal = address(rng, country)
        ctx.emit(
            "hz_locations",
            {
                "location_id": location_id,
                "address1": street,
                "address2": None,
                "city": city,
                "state": state,
                "postal_code": postal,
                "country": country,
                "county": None,
                **ctx.who(created, clerk(ctx, rng, "AR")),
            },
        )
        party_site_id = ctx.next_id("party_site", 7001)
        ctx.emit(
            "hz_party_sites",
            {
                "party_site_id": party_site_id,
                "party_id": party_id,
                "location_id": location_id,
                "party_site_number": str(party_site_id),
                "status": "A",
                "identifying_address_flag": "Y" if use_index == 0 else "N",
                **ctx.who(created, clerk(ctx, rng, "AR")),
            },
        )
        site_id = ctx.next_id("cust_acct_site", 8001)
        ctx.emit(
            "hz_cust_acct_sites_all",
            {
                "cust_acct_site_id": site_id,
                "cust_account_id": account_id,
                "party_site_id": party_site_id,
                "org_id": org_id,
                "status": "A",
                "bill_to_flag": "P" if use_index == 0 else None,
                "ship_to_flag": "P",
                **ctx.who(created, clerk(ctx, rng, "AR")),
            },
        )
        uses = ("BILL_TO", "SHIP_TO") if use_index == 0 else ("SHIP_TO",)
        for use in uses:
            use_id = ctx.next_id("site_use", 9001)
            if use == "BILL_TO":
                customer.bill_to = use_id
            else:
                customer.ship_to.append(use_id)
            ctx.emit(
                "hz_cust_site_uses_all",
                {
                    "site_use_id": use_id,
                    "cust_acct_site_id": site_id,
                    "site_use_code": use,
                    "primary_flag": "Y" if use_index == 0 else "N",
                    "status": "A",
                    "location": f"{name[:30]} {city}"[:40],
                    "bill_to_site_use_id": customer.bill_to if use == "SHIP_TO" else None,
                    "payment_term_id": customer.terms_id if use == "BILL_TO" else None,
                    "org_id": org_id,
                    **ctx.who(created, clerk(ctx, rng, "AR")),
                },
            )
    return customer


def banks(ctx: Ctx) -> None:
    """One operating account per OU (its ledger currency) plus a US payroll account."""
    rng = ctx.rng("banks")
    chart = ctx.data["chart"]
    created = midnight(dt.date(2014, 12, 1))
    bank_party = {}
    for country, name in (("US", "Bank of America"), ("DE", "Deutsche Bank"), ("GB", "Barclays")):
        bank_party[country] = party_row(ctx, rng, name, "ORGANIZATION", country, "BANK", created)
    accounts: dict[int, tuple[int, int, str, str]] = {}
    plans = [(ou, f"{ou.short_code} Operating {ou.currency}", True) for ou in ent.OUS]
    plans.append((ent.OU[204], "VO Payroll USD", False))
    for ou, name, operating in plans:
        account_id = ctx.next_id("bank_account", 10001)
        ctx.emit(
            "ce_bank_accounts",
            {
                "bank_account_id": account_id,
                "bank_id": bank_party[ou.country],
                "bank_branch_id": bank_party[ou.country] + 1000,
                "account_owner_org_id": 23000 + ou.org_id,
                "bank_account_name": name,
                "bank_account_num": f"{rng.randint(10**9, 10**10 - 1)}",
                "currency_code": ou.currency,
                "account_classification": "INTERNAL",
                "multi_currency_allowed_flag": "Y" if operating else "N",
                "ap_use_allowed_flag": "Y" if operating else "N",
                "ar_use_allowed_flag": "Y" if operating else "N",
                "start_date": created,
                "end_date": None,
                "asset_code_combination_id": chart.get(ou.company, "1110"),
                **ctx.who(created, 0),
            },
        )
        use_id = ctx.next_id("bank_acct_use", 11001)
        ctx.emit(
            "ce_bank_acct_uses_all",
            {
                "bank_acct_use_id": use_id,
                "bank_account_id": account_id,
                "org_id": ou.org_id,
                "ap_use_enable_flag": "Y" if operating else "N",
                "ar_use_enable_flag": "Y" if operating else "N",
                "start_date": created,
                "end_date": None,
                **ctx.who(created, 0),
            },
        )
        if operating:
            accounts[ou.org_id] = (account_id, use_id, name, ou.currency)
    ctx.data["bank"] = accounts
    ctx.data["cash"] = []  # (bank_account_id, day, signed cents, kind, reference), from AP/AR
