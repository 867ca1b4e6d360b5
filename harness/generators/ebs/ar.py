"""Receivables: transaction types, billing with credits and receipts, and manual AR activity."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.ar_docs import (
    TRX_TYPES,
    Trx,
    TrxLine,
    make_trx,
    write_trx,
)
from harness.generators.ebs.ar_receipts import write_credit_application, write_receipt
from harness.generators.ebs.core import (
    LAST_DAY,
    MONTHS,
    Ctx,
    add_days,
    business_day,
    midnight,
    month_days,
    random_day,
)
from harness.generators.ebs.parties import TERMS, Customer

SETUP = midnight(dt.date(2014, 12, 10))


def setup(ctx: Ctx) -> None:
    for ou in ent.OUS:
        for cls, (type_id, name) in TRX_TYPES.items():
            ctx.emit(
                "ra_cust_trx_types_all",
                {
                    "cust_trx_type_id": type_id,
                    "org_id": ou.org_id,
                    "name": name,
                    "description": f"{name} ({ou.short_code})",
                    "type": cls,
                    "status": "A",
                    "post_to_gl": "Y",
                    "accounting_affect_flag": "Y",
                    "start_date": SETUP,
                    "end_date": None,
                    **ctx.who(SETUP, 0),
                },
            )


def bill(
    ctx: Ctx,
    rng: random.Random,
    customer: Customer,
    day: dt.date,
    lines: list[TrxLine],
    *,
    source: str,
    interface: dict[str, str] | None = None,
    purchase_order: str | None = None,
    credit: tuple[dt.date, list[TrxLine], str] | None = None,
) -> Trx:
    """Invoice ``lines`` on ``day``; optionally credit part of it; collect what is due.

    Returns the invoice (its line ids are known once written)."""
    invoice = make_trx(
        ctx, rng, "INV", customer, day, lines, source, due_days=TERMS[customer.terms_id]
    )
    invoice.interface = interface
    invoice.purchase_order = purchase_order
    applied = 0
    last_application = day
    memo: Trx | None = None
    memo_applied = 0
    if credit is not None:
        credit_day, credit_lines, reason = credit
        memo = make_trx(ctx, rng, "CM", customer, credit_day, credit_lines, source)
        memo.previous_trx_id, memo.reason = invoice.trx_id, reason
        memo.interface = interface
        if credit_day <= invoice.due:  # applied to the invoice; later credits stay on account
            memo_applied = min(-memo.total, invoice.total)
            applied += memo_applied
            last_application = credit_day
    receipts: list[tuple[dt.date, int, int, dt.date | None]] = []  # day, amount, applied, rev
    open_amount = invoice.total - applied
    pay_day = business_day(add_days(invoice.due, rng.choice((-20, -10, -5, -2, 0, 3, 8, 21))))
    pay_day = max(pay_day, business_day(add_days(day, 1)))
    if open_amount > 0 and pay_day <= LAST_DAY and rng.random() < 0.9:
        value = open_amount if rng.random() > 0.07 else open_amount // 2
        amount = value + (rng.randint(1, 50) * 100 if rng.random() < 0.03 else 0)
        reversed_on = None
        if rng.random() < 0.025:
            reversed_on = business_day(add_days(pay_day, rng.randint(3, 10)))
            if reversed_on > LAST_DAY:
                reversed_on = None
        receipts.append((pay_day, amount, value, reversed_on))
        if reversed_on is None:
            applied += value
            last_application = max(last_application, pay_day)
        else:
            again = business_day(add_days(reversed_on, rng.randint(5, 20)))
            if again <= LAST_DAY and rng.random() < 0.6:
                receipts.append((again, value, value, None))
                applied += value
                last_application = max(last_application, again)
    remaining = invoice.total - applied
    write_trx(ctx, rng, invoice, applied, last_application if remaining == 0 else None)
    if memo is not None:
        write_trx(ctx, rng, memo, -memo_applied, memo.day if memo_applied == -memo.total else None)
        if memo_applied:
            write_credit_application(ctx, rng, memo, invoice, memo_applied)
    for receipt_day, amount, value, reversed_on in receipts:
        write_receipt(
            ctx,
            rng,
            customer.org_id,
            customer,
            receipt_day,
            amount,
            customer.currency,
            [(invoice, value)],
            reversed_on,
        )
    return invoice


def generate(ctx: Ctx) -> Iterator[None]:
    """AR activity that does not come from orders: manual invoices, debit memos, on-account
    credits, drafts and unidentified receipts."""
    rng = ctx.rng("ar")
    active = {
        org_id: [c for c in found if c.active] for org_id, found in ctx.data["customers"].items()
    }
    for year, month in MONTHS:
        first, last = month_days(year, month)
        for _ in range(ctx.n_random(rng, 3)):
            org_id = rng.choices([ou.org_id for ou in ent.OUS], (2, 4, 1, 1))[0]
            customers = active[org_id]
            if not customers:
                continue
            customer = rng.choice(customers)
            day = random_day(rng, first, last)
            hours = rng.randint(8, 80)
            lines = [
                TrxLine(
                    f"Consulting services {day:%b %Y}",
                    hours,
                    rng.choice((15000, 17500, 20000, 22500)),
                    revenue_account=("4120", "200", "3000"),
                )
            ]
            if rng.random() < 0.3:
                lines.append(
                    TrxLine(
                        "Travel expenses",
                        1,
                        rng.randint(100, 2000) * 100,
                        revenue_account=("4910", "000", "0000"),
                    )
                )
            roll = rng.random()
            if roll < 0.04:  # a draft: incomplete, no payment schedule
                draft = make_trx(ctx, rng, "INV", customer, day, lines, "MANUAL")
                draft.complete = False
                write_trx(ctx, rng, draft, 0, None)
                continue
            credit = None
            if roll < 0.12:
                credit_day = business_day(add_days(day, rng.randint(3, 40)))
                if credit_day <= LAST_DAY:
                    credit = (
                        credit_day,
                        [
                            TrxLine(
                                f"Credit: {lines[0].description}",
                                -rng.randint(1, lines[0].quantity),
                                lines[0].price,
                                revenue_account=lines[0].revenue_account,
                            )
                        ],
                        "BILLING ERROR",
                    )
            bill(
                ctx,
                rng,
                customer,
                day,
                lines,
                source="MANUAL",
                credit=credit,
                purchase_order=f"PO-{rng.randint(1000, 99999)}" if rng.random() < 0.4 else None,
            )
        for _ in range(ctx.n_random(rng, 1)):
            _debit_or_credit(ctx, rng, random_day(rng, first, last))
        for _ in range(ctx.n_random(rng, 0.3)):
            ou = rng.choice(ent.OUS)
            day = random_day(rng, first, last)
            write_receipt(
                ctx, rng, ou.org_id, None, day, rng.randint(200, 5000) * 100, ou.currency, []
            )
        yield  # one month at a time, interleaved with the other modules


def _debit_or_credit(ctx: Ctx, rng: random.Random, day: dt.date) -> None:
    ou = rng.choice(ent.OUS)
    customers = [c for c in ctx.data["customers"][ou.org_id] if c.active]
    if not customers:
        return
    customer = rng.choice(customers)
    if rng.random() < 0.6:
        line = TrxLine(
            "Late payment charge",
            1,
            rng.randint(25, 400) * 100,
            revenue_account=("4910", "000", "0000"),
        )
        trx = make_trx(ctx, rng, "DM", customer, day, [line], "MANUAL", due_days=15, with_tax=False)
        write_trx(ctx, rng, trx, 0, None)
    else:  # on-account credit, not applied to anything
        line = TrxLine(
            "Goodwill credit",
            -1,
            rng.randint(50, 1500) * 100,
            revenue_account=("4110", "200", "1000"),
        )
        trx = make_trx(ctx, rng, "CM", customer, day, [line], "MANUAL")
        trx.reason = "GOODWILL"
        write_trx(ctx, rng, trx, 0, None)
