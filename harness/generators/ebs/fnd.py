"""FND: users (planned first, so every module can stamp WHO columns), responsibilities, lookups."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from harness.generators.ebs.core import LAST_DAY, Ctx, add_days, at_time, midnight, random_day

if TYPE_CHECKING:
    from harness.generators.ebs.hr_rows import Person

ROLES = ("GL", "AP", "AR", "PO", "OM", "INV", "HR", "FA", "CE")
SYSTEM_USERS = (
    (0, "SYSADMIN", "System Administrator"),
    (1, "AUTOINSTALL", None),
    (5, "FEEDER SYSTEM", "Feeder System"),
    (6, "GUEST", None),
)
GO_LIVE = dt.date(2015, 1, 5)
# (application_id, responsibility_id, key, US name, German name or None, role, end date)
Responsibility = tuple[int, int, str, str, str | None, str | None, dt.date | None]
RESPONSIBILITIES: tuple[Responsibility, ...] = (
    (1, 20420, "SYSTEM_ADMINISTRATOR", "System Administrator", "Systemadministrator", None, None),
    (
        101,
        20434,
        "GENERAL_LEDGER_SUPER_USER",
        "General Ledger Super User",
        "Hauptbuch Superuser",
        "GL",
        None,
    ),
    (101, 50553, "GL_VISION_GERMANY", "GL Vision Germany", None, "GL", None),
    (200, 20639, "PAYABLES_MANAGER", "Payables Manager", "Kreditorenmanager", "AP", None),
    (200, 50554, "PAYABLES_INQUIRY", "Payables Inquiry", None, "AP", None),
    (
        200,
        50600,
        "PAYABLES_MANAGER_OLD",
        "Payables Manager (Obsolete)",
        None,
        "AP",
        dt.date(2023, 6, 30),
    ),
    (222, 20678, "RECEIVABLES_MANAGER", "Receivables Manager", "Debitorenmanager", "AR", None),
    (201, 20707, "PURCHASING_SUPER_USER", "Purchasing Super User", "Einkauf Superuser", "PO", None),
    (660, 21623, "ORDER_MGMT_SUPER_USER", "Order Management Super User", None, "OM", None),
    (401, 20634, "INVENTORY", "Inventory", "Bestandsführung", "INV", None),
    (800, 50110, "US_SUPER_HRMS_MANAGER", "US Super HRMS Manager", None, "HR", None),
    (140, 20561, "FIXED_ASSETS_MANAGER", "Fixed Assets Manager", "Anlagenmanager", "FA", None),
    (260, 21716, "CASH_MANAGEMENT_SUPERUSER", "Cash Management Superuser", None, "CE", None),
)
# (lookup type, view application id): [(code, US meaning, German meaning or None)]
LOOKUPS: dict[tuple[str, int], list[tuple[str, str, str | None]]] = {
    ("INVOICE TYPE", 200): [
        ("STANDARD", "Standard", "Standard"),
        ("CREDIT", "Credit Memo", "Gutschrift"),
        ("DEBIT", "Debit Memo", "Lastschrift"),
        ("PREPAYMENT", "Prepayment", "Vorauszahlung"),
        ("EXPENSE REPORT", "Expense Report", "Spesenabrechnung"),
        ("MIXED", "Mixed", None),
    ],
    ("INVOICE PAYMENT STATUS", 200): [
        ("Y", "Fully Paid", "Vollständig bezahlt"),
        ("N", "Unpaid", "Unbezahlt"),
        ("P", "Partially Paid", "Teilweise bezahlt"),
    ],
    ("CHECK STATE", 200): [
        ("NEGOTIABLE", "Negotiable", None),
        ("CLEARED", "Cleared", None),
        ("RECONCILED", "Reconciled", None),
        ("VOIDED", "Voided", "Storniert"),
    ],
    ("HOLD CODE", 200): [
        ("QTY REC", "Quantity Received", None),
        ("QTY ORD", "Quantity Ordered", None),
        ("PRICE", "Price", "Preis"),
        ("AMOUNT", "Amount", "Betrag"),
        ("DIST VARIANCE", "Distribution Variance", None),
        ("VENDOR", "Supplier Hold", None),
        ("INSUFFICIENT INFORMATION", "Insufficient Information", None),
    ],
    ("AUTHORIZATION STATUS", 201): [
        ("APPROVED", "Approved", "Genehmigt"),
        ("INCOMPLETE", "Incomplete", "Unvollständig"),
        ("IN PROCESS", "In Process", None),
        ("REJECTED", "Rejected", "Abgelehnt"),
        ("REQUIRES REAPPROVAL", "Requires Reapproval", None),
    ],
    ("DOCUMENT STATE", 201): [
        ("OPEN", "Open", "Offen"),
        ("CLOSED", "Closed", "Abgeschlossen"),
        ("FINALLY CLOSED", "Finally Closed", None),
        ("CLOSED FOR RECEIVING", "Closed for Receiving", None),
        ("CLOSED FOR INVOICE", "Closed for Invoice", None),
    ],
    ("LINE_FLOW_STATUS", 660): [
        ("ENTERED", "Entered", "Erfasst"),
        ("BOOKED", "Booked", "Gebucht"),
        ("AWAITING_SHIPPING", "Awaiting Shipping", None),
        ("SHIPPED", "Shipped", "Versandt"),
        ("CLOSED", "Closed", "Abgeschlossen"),
        ("CANCELLED", "Cancelled", "Storniert"),
        ("AWAITING_RETURN", "Awaiting Return", None),
        ("RETURNED", "Returned", None),
    ],
    ("FLOW_STATUS", 660): [
        ("ENTERED", "Entered", "Erfasst"),
        ("BOOKED", "Booked", "Gebucht"),
        ("CLOSED", "Closed", "Abgeschlossen"),
        ("CANCELLED", "Cancelled", "Storniert"),
    ],
    ("LEAV_REAS", 3): [
        ("RESIGNATION", "Resignation", "Kündigung"),
        ("RETIREMENT", "Retirement", "Ruhestand"),
        ("DISMISSAL", "Dismissal", None),
        ("REDUNDANCY", "Redundancy", None),
        ("TRANSFER", "Transfer", None),
    ],
    ("SEX", 3): [("M", "Male", "Männlich"), ("F", "Female", "Weiblich")],
    ("YES_NO", 0): [("Y", "Yes", "Ja"), ("N", "No", "Nein")],
}
DISABLED = {("LEAV_REAS", "TRANSFER")}
END_DATED = {("INVOICE TYPE", "MIXED"): dt.date(2023, 12, 31)}


def plan_users(ctx: Ctx) -> None:
    """Decide user ids and roles before anything is written (WHO columns need them)."""
    count = ctx.n(24, minimum=len(ROLES))
    users = [(1001 + i, ROLES[i % len(ROLES)]) for i in range(count)]
    ctx.data["users"] = users
    ctx.data["clerks"] = {role: [u for u, r in users if r == role] for role in ROLES}


def clerk(ctx: Ctx, rng: random.Random, role: str) -> int:
    """A user of ``role`` to stamp as CREATED_BY."""
    choices: list[int] = ctx.data["clerks"][role]
    return rng.choice(choices)


def generate(ctx: Ctx) -> None:
    rng = ctx.rng("fnd")
    people: list[Person] = [p for p in ctx.data["people"] if not p.cwk and p.hire <= LAST_DAY]
    names: set[str] = set()
    for user_id, name, description in SYSTEM_USERS:
        names.add(name)
        _user(ctx, user_id, name, GO_LIVE, None, description, None, None, None)
    for index, (user_id, role) in enumerate(ctx.data["users"]):
        person = people[index % len(people)]
        base = (person.first[0] + person.last).upper().replace("'", "")
        name = base
        suffix = 1
        while name in names:
            suffix += 1
            name = f"{base}{suffix}"
        names.add(name)
        start = max(person.hire, GO_LIVE)
        term = person.terms[-1][1]
        end = term if term is not None and term <= LAST_DAY and rng.random() < 0.7 else None
        if end is None and rng.random() < 0.05:
            end = dt.date(2024, 9, 30)  # contract end in the future
        last_logon = None
        if rng.random() > 0.08:
            latest = min(end or LAST_DAY, LAST_DAY)
            earliest = max(start, add_days(latest, -90))
            last_logon = (
                at_time(rng, random_day(rng, earliest, latest)) if earliest <= latest else None
            )
        email = f"{person.first}.{person.last}@vision.example".lower().replace("'", "")
        _user(ctx, user_id, name, start, end, person.full_name, person.person_id, email, last_logon)
        _grants(ctx, rng, user_id, role, start, end)
    _grant(ctx, 0, RESPONSIBILITIES[0], GO_LIVE, None, "Seeded")
    _responsibilities(ctx)
    _lookups(ctx)


def _user(
    ctx: Ctx,
    user_id: int,
    name: str,
    start: dt.date,
    end: dt.date | None,
    description: str | None,
    employee_id: int | None,
    email: str | None,
    last_logon: dt.datetime | None,
) -> None:
    created = midnight(start) + dt.timedelta(hours=9, minutes=user_id % 60)
    ctx.emit(
        "fnd_user",
        {
            "user_id": user_id,
            "user_name": name,
            "start_date": start,
            "end_date": end,
            "description": description,
            "employee_id": employee_id,
            "customer_id": None,
            "supplier_id": None,
            "email_address": email,
            "last_logon_date": last_logon,
            "password_date": created if user_id > 6 else None,
            "password_lifespan_days": 90 if user_id > 6 else None,
            **ctx.who(created, 0 if user_id > 6 else 1, updated=last_logon or created),
        },
    )


def _grants(
    ctx: Ctx, rng: random.Random, user_id: int, role: str, start: dt.date, end: dt.date | None
) -> None:
    own = [r for r in RESPONSIBILITIES if r[5] == role and r[6] is None]
    chosen: list[Responsibility] = [own[0]]
    if len(own) > 1 and rng.random() < 0.5:
        chosen.append(own[1])
    if rng.random() < 0.25:
        extra = rng.choice(RESPONSIBILITIES[1:])
        if extra not in chosen:
            chosen.append(extra)
    for resp in chosen:
        grant_end = end
        if resp[6] is not None:
            if resp[6] <= start:
                continue
            grant_end = resp[6]
        elif grant_end is None and rng.random() < 0.1:
            earliest = max(add_days(start, 1), dt.date(2023, 3, 1))
            if earliest < LAST_DAY:
                grant_end = random_day(rng, earliest, LAST_DAY)  # revoked
        _grant(ctx, user_id, resp, start, grant_end, None)


def _grant(
    ctx: Ctx,
    user_id: int,
    resp: tuple[object, ...],
    start: dt.date,
    end: dt.date | None,
    description: str | None,
) -> None:
    app_id, resp_id = resp[0], resp[1]
    ctx.emit(
        "fnd_user_resp_groups_direct",
        {
            "user_id": user_id,
            "responsibility_id": resp_id,
            "responsibility_application_id": app_id,
            "security_group_id": 0,
            "start_date": start,
            "end_date": end,
            "description": description,
            **ctx.who(midnight(start) + dt.timedelta(hours=10), 0),
        },
    )


def _responsibilities(ctx: Ctx) -> None:
    for app_id, resp_id, key, name_us, name_de, _role, end in RESPONSIBILITIES:
        created = midnight(GO_LIVE if resp_id < 50000 else dt.date(2019, 4, 1))
        ctx.emit(
            "fnd_responsibility",
            {
                "application_id": app_id,
                "responsibility_id": resp_id,
                "responsibility_key": key,
                "menu_id": 67000 + resp_id % 1000,
                "data_group_application_id": app_id,
                "data_group_id": 0,
                "start_date": created,
                "end_date": end,
                "version": "W",
                "web_host_name": None,
                **ctx.who(created, 1 if resp_id < 50000 else 0),
            },
        )
        for language, name, source in (("US", name_us, "US"), ("D", name_de or name_us, None)):
            ctx.emit(
                "fnd_responsibility_tl",
                {
                    "application_id": app_id,
                    "responsibility_id": resp_id,
                    "language": language,
                    "source_lang": source or ("D" if name_de else "US"),
                    "responsibility_name": name,
                    "description": None,
                    **ctx.who(created, 1 if resp_id < 50000 else 0),
                },
            )


def _lookups(ctx: Ctx) -> None:
    created = midnight(dt.date(2014, 11, 20))
    for (lookup_type, view_app), codes in LOOKUPS.items():
        for code, meaning_us, meaning_de in codes:
            for language in ("US", "D"):
                meaning = meaning_us if language == "US" else (meaning_de or meaning_us)
                translated = language == "D" and meaning_de is not None
                ctx.emit(
                    "fnd_lookup_values",
                    {
                        "lookup_type": lookup_type,
                        "language": language,
                        "lookup_code": code,
                        "meaning": meaning,
                        "description": meaning,
                        "enabled_flag": "N" if (lookup_type, code) in DISABLED else "Y",
                        "start_date_active": None,
                        "end_date_active": END_DATED.get((lookup_type, code)),
                        "source_lang": "D" if translated else "US",
                        "security_group_id": 0,
                        "view_application_id": view_app,
                        "territory_code": None,
                        "tag": None,
                        **ctx.who(created, 1),
                    },
                )
