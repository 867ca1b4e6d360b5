"""Payables invoices not matched to purchase orders, month by month (PO-matched ones: po.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.ap_batch import InvoiceBatch
from harness.generators.ebs.ap_rows import Hold, Invoice, Line
from harness.generators.ebs.core import (
    LAST_DAY,
    MONTHS,
    Ctx,
    add_days,
    at_time,
    business_day,
    convert,
    month_days,
    random_day,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.parties import SupplierSite, pick_site

TAX_RATE = {"US": Decimal("0.0825"), "DE": Decimal("0.19"), "GB": Decimal("0.20")}
ROUND_AMOUNTS = (50000, 100000, 125000, 250000, 500000)
RANDOM_HOLDS = (
    ("AMOUNT", "Invoice amount exceeds the limit", "HOLDS QUICK RELEASED"),
    ("DIST VARIANCE", "Total of distributions does not equal the invoice", "VARIANCE CORRECTED"),
    ("INSUFFICIENT INFORMATION", "Missing backup documentation", "INVOICE QUICK RELEASED"),
)
KINDS = (
    ("STANDARD", 72),
    ("CREDIT", 8),
    ("DEBIT", 3),
    ("EXPENSE REPORT", 12),
    ("PREPAYMENT", 5),
)


def invoice_number(ctx: Ctx, site: SupplierSite, kind: str, day: dt.date) -> str:
    seq = ctx.next_id(f"invoice_num_{site.vendor_id}", 1)
    if kind == "EXPENSE REPORT":
        return f"ER{site.vendor_id % 1000:03d}{seq:04d}"
    prefix = {"CREDIT": "CM-", "DEBIT": "DM-", "PREPAYMENT": "PP-"}.get(kind, "")
    style = site.vendor_id % 4
    if style == 0:
        return f"{prefix}INV{seq:05d}"
    if style == 1:
        return f"{prefix}{day:%y}-{seq:04d}"
    if style == 2:
        return f"{prefix}{seq}"
    return f"{prefix}{site.vendor_id % 100:02d}{seq:06d}"


def tax_line(ctx: Ctx, site: SupplierSite, items: int) -> Line:
    ou = ent.OU[site.org_id]
    amount = convert(items, TAX_RATE[ou.country])
    return Line("TAX", amount, ctx.data["chart"].get(ou.company, "1450"), "Tax")


def new_invoice(
    ctx: Ctx,
    rng: random.Random,
    site: SupplierSite,
    kind: str,
    day: dt.date,
    lines: list[Line],
    *,
    source: str,
    description: str | None,
    po_header_id: int | None = None,
) -> Invoice:
    """An invoice dated ``day`` and entered 0-4 business days later (its GL date)."""
    entered = min(business_day(add_days(day, rng.choice((0, 0, 1, 2, 4)))), LAST_DAY)
    created = at_time(rng, entered)
    invoice = Invoice(
        ctx.next_id("invoice", 100001),
        invoice_number(ctx, site, kind, day),
        site,
        kind,
        at_time(rng, day),
        entered,
        lines,
        source,
        created,
        clerk(ctx, rng, "AP"),
        site.terms_id,
        description,
        po_header_id=po_header_id,
    )
    recent = (LAST_DAY - entered).days < 12
    if recent and rng.random() < 0.45:
        invoice.validated = False
        invoice.wf_status = rng.choice(("REQUIRED", "INITIATED", "NOT REQUIRED"))
    else:
        invoice.wf_status = rng.choices(
            ("NOT REQUIRED", "WFAPPROVED", "MANUALLY APPROVED", "REJECTED"), (70, 24, 5, 1)
        )[0]
    if site.on_hold:
        invoice.holds.append(Hold("VENDOR", "Supplier is on hold", created))
    elif invoice.validated and rng.random() < 0.08:
        code, reason, release = rng.choice(RANDOM_HOLDS)
        hold_day = created + dt.timedelta(minutes=rng.randint(5, 240))
        release_day = business_day(add_days(entered, rng.randint(1, 25)))
        hold = Hold(code, reason, hold_day)
        if release_day <= LAST_DAY and rng.random() < 0.75:
            hold.released, hold.release_code = at_time(rng, release_day), release
        invoice.holds.append(hold)
    invoice.schedule_hold = rng.random() < 0.015
    return invoice


def _lines(ctx: Ctx, rng: random.Random, site: SupplierSite, kind: str) -> list[Line]:
    ou = ent.OU[site.org_id]
    chart = ctx.data["chart"]
    pool = ctx.data["expense_ccids"][ou.company]
    if kind == "PREPAYMENT":
        amount = rng.choice(ROUND_AMOUNTS) * rng.randint(1, 4)
        return [Line("ITEM", amount, chart.get(ou.company, "1510"), "Advance payment")]
    if kind in ("CREDIT", "DEBIT"):
        amount = -rng.randint(50, 2000) * 100 - rng.randint(0, 99)
        text = "Credit for returned goods" if kind == "CREDIT" else "Price adjustment"
        return [Line("ITEM", amount, rng.choice(pool), text)]
    if kind == "EXPENSE REPORT":
        travel = [c for c in pool if chart.by_id[c].segments[2] == "6210"] or pool
        return [
            Line(
                "ITEM",
                rng.randint(2000, 150000),
                rng.choice(travel),
                rng.choice(("Airfare", "Hotel", "Meals", "Taxi", "Mileage")),
            )
            for _ in range(rng.randint(1, 4))
        ]
    lines = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.15:
            amount = rng.choice(ROUND_AMOUNTS)
        else:
            amount = int(rng.lognormvariate(11.0, 1.1)) // 100 * 100 + rng.randint(0, 99)
            amount = max(amount, 1500)
        lines.append(
            Line(
                "ITEM",
                amount,
                rng.choice(pool),
                rng.choice(
                    (
                        "Services rendered",
                        "Supplies",
                        "Maintenance",
                        "Subscription",
                        "Consulting",
                        "Equipment rental",
                    )
                ),
                splits=2 if rng.random() < 0.2 else 1,
            )
        )
    if rng.random() < 0.15:
        lines.append(Line("FREIGHT", rng.randint(20, 400) * 100, rng.choice(pool), "Freight"))
    if rng.random() < 0.5:
        lines.append(tax_line(ctx, site, sum(line.amount for line in lines)))
    return lines


def generate(ctx: Ctx) -> Iterator[None]:
    rng = ctx.rng("ap")
    sites_by_org = ctx.data["supplier_sites"]
    for year, month in MONTHS:
        first, last = month_days(year, month)
        batch = InvoiceBatch(ctx, rng)
        for _ in range(ctx.n_random(rng, 12)):
            kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
            org_id = rng.choices([ou.org_id for ou in ent.OUS], (4, 2, 2, 2))[0]
            day = random_day(rng, first, last)
            kinds = ("EMPLOYEE",) if kind == "EXPENSE REPORT" else ("VENDOR", "CONTRACTOR")
            site = pick_site(rng, sites_by_org[org_id], day, kinds)
            if site is None:
                continue
            source = (
                "SelfService"
                if kind == "EXPENSE REPORT"
                else rng.choices(("Manual Invoice Entry", "XML GATEWAY", "ISP"), (70, 15, 15))[0]
            )
            lines = _lines(ctx, rng, site, kind)
            invoice = new_invoice(
                ctx, rng, site, kind, day, lines, source=source, description=lines[0].description
            )
            if kind in ("STANDARD", "EXPENSE REPORT") and not invoice.holds and rng.random() < 0.04:
                cancel_day = business_day(add_days(invoice.gl_date, rng.randint(1, 20)))
                if cancel_day <= LAST_DAY:
                    invoice.cancelled = at_time(rng, cancel_day)
            batch.add(invoice)
        batch.flush()
        yield  # one month at a time, interleaved with the other modules
