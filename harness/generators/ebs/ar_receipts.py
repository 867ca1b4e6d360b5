"""Receipts with their payment schedule and application rows, and credit-memo applications."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.ar_docs import RECEIPT_METHODS, Trx
from harness.generators.ebs.core import END_OF_TIME, Ctx, at_time, convert, money
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.parties import Customer


def write_receipt(
    ctx: Ctx,
    rng: random.Random,
    org_id: int,
    customer: Customer | None,
    day: dt.date,
    amount: int,
    currency: str,
    applications: list[tuple[Trx, int]],
    reversed_on: dt.date | None = None,
) -> None:
    """A receipt, its PMT schedule and its UNAPP/APP application rows (reversal included)."""
    ou = ent.OU[org_id]
    ledger_currency = ent.LEDGER[ou.ledger_id].currency
    rate = ctx.rate(currency, ledger_currency, day) if currency != ledger_currency else None
    receipt_id = ctx.next_id("cash_receipt", 300001)
    ps_id = ctx.next_id("payment_schedule", 400001)
    number = f"{ctx.next_id(f'receipt_number_{org_id}', 100001)}"
    who = ctx.who(at_time(rng, day), clerk(ctx, rng, "AR"))
    applied = sum(amount_applied for _, amount_applied in applications)
    unapplied = 0 if reversed_on else amount - applied
    if customer is None:
        status = "UNID"
    elif reversed_on:
        status = "REV"
    else:
        status = "APP" if unapplied == 0 else "UNAPP"
    account_id, use_id, _, _ = ctx.data["bank"][org_id]
    chart = ctx.data["chart"]
    ctx.emit(
        "ar_cash_receipts_all",
        {
            "cash_receipt_id": receipt_id,
            "receipt_number": number,
            "receipt_date": day,
            "amount": money(amount),
            "currency_code": currency,
            "exchange_rate": rate,
            "exchange_rate_type": "Corporate" if rate else None,
            "exchange_date": day if rate else None,
            "pay_from_customer": customer.account_id if customer else None,
            "customer_site_use_id": customer.bill_to if customer else None,
            "status": status,
            "type": "CASH",
            "receipt_method_id": rng.choice(RECEIPT_METHODS),
            "remit_bank_acct_use_id": use_id,
            "deposit_date": day,
            "reversal_date": reversed_on,
            "reversal_category": "NSF" if reversed_on else None,
            "reversal_reason_code": "NSF" if reversed_on else None,
            "comments": None,
            "org_id": org_id,
            "set_of_books_id": ou.ledger_id,
            **who,
        },
    )
    acctd = convert(amount, rate or Decimal(1))
    closed = reversed_on or (
        max([day] + [t.day for t, _ in applications]) if unapplied == 0 else None
    )
    ctx.emit(
        "ar_payment_schedules_all",
        {
            "payment_schedule_id": ps_id,
            "customer_trx_id": None,
            "cash_receipt_id": receipt_id,
            "customer_id": customer.account_id if customer else None,
            "customer_site_use_id": customer.bill_to if customer else None,
            "cust_trx_type_id": None,
            "class": "PMT",
            "status": "OP" if unapplied else "CL",
            "trx_number": number,
            "trx_date": day,
            "due_date": day,
            "gl_date": day,
            "gl_date_closed": closed or END_OF_TIME,
            "actual_date_closed": closed or END_OF_TIME,
            "amount_due_original": money(-amount),
            "amount_due_remaining": money(-unapplied),
            "acctd_amount_due_remaining": money(-convert(unapplied, rate or Decimal(1))),
            "amount_applied": money(applied) if applied else None,
            "amount_credited": None,
            "amount_line_items_original": None,
            "tax_original": None,
            "invoice_currency_code": currency,
            "exchange_rate": rate,
            "terms_sequence_number": None,
            "number_of_due_dates": 1,
            "org_id": org_id,
            **who,
        },
    )
    common = {
        "cash_receipt_id": receipt_id,
        "payment_schedule_id": ps_id,
        "application_type": "CASH",
        "org_id": org_id,
        "set_of_books_id": ou.ledger_id,
    }

    def row(
        status_: str,
        value: int,
        on: dt.date,
        trx: Trx | None = None,
        display: str = "N",
        reversal: dt.date | None = None,
    ) -> None:
        ctx.emit(
            "ar_receivable_applications_all",
            {
                **common,
                "receivable_application_id": ctx.next_id("receivable_app", 700001),
                "customer_trx_id": None,
                "applied_customer_trx_id": trx.trx_id if trx else None,
                "applied_payment_schedule_id": trx.ps_id if trx else None,
                "amount_applied": money(value),
                "acctd_amount_applied_from": money(convert(value, rate or Decimal(1))),
                "acctd_amount_applied_to": money(convert(value, trx.rate or Decimal(1)))
                if trx
                else None,
                "status": status_,
                "apply_date": on,
                "gl_date": on,
                "display": display,
                "reversal_gl_date": reversal,
                "code_combination_id": chart.get(ou.company, "1210" if trx else "2210"),
                **ctx.who(at_time(rng, on), clerk(ctx, rng, "AR")),
            },
        )

    row("UNID" if customer is None else "UNAPP", amount, day)
    for trx, value in applications:
        on = max(day, trx.day)
        row("APP", value, on, trx, "Y" if not reversed_on else "N", reversed_on)
        row("UNAPP", -value, on)
    if reversed_on:
        for trx, value in applications:
            row("APP", -value, reversed_on, trx, "N", reversed_on)
            row("UNAPP", value, reversed_on)
        row("UNAPP", -amount, reversed_on)
    cash: list[tuple[int, dt.date, int, str, str, bool]] = ctx.data["cash"]
    cleared = day + dt.timedelta(days=1 if day.weekday() < 4 else 3)
    if cleared <= dt.date(2024, 6, 28):
        cash.append((account_id, cleared, acctd, "AR", number, True))
        if reversed_on and reversed_on <= dt.date(2024, 6, 28):
            cash.append((account_id, reversed_on, -acctd, "NSF", number, True))


def write_credit_application(
    ctx: Ctx, rng: random.Random, memo: Trx, invoice: Trx, value: int
) -> None:
    """A credit memo applied to an invoice (APPLICATION_TYPE 'CM'), ``value`` positive."""
    ou = invoice.ou
    ctx.emit(
        "ar_receivable_applications_all",
        {
            "receivable_application_id": ctx.next_id("receivable_app", 700001),
            "cash_receipt_id": None,
            "customer_trx_id": memo.trx_id,
            "payment_schedule_id": memo.ps_id,
            "applied_customer_trx_id": invoice.trx_id,
            "applied_payment_schedule_id": invoice.ps_id,
            "amount_applied": money(value),
            "acctd_amount_applied_from": money(convert(value, memo.rate or Decimal(1))),
            "acctd_amount_applied_to": money(convert(value, invoice.rate or Decimal(1))),
            "status": "APP",
            "application_type": "CM",
            "apply_date": memo.day,
            "gl_date": memo.day,
            "display": "Y",
            "reversal_gl_date": None,
            "code_combination_id": ctx.data["chart"].get(ou.company, "1210"),
            "org_id": ou.org_id,
            "set_of_books_id": ou.ledger_id,
            **ctx.who(at_time(rng, memo.day), clerk(ctx, rng, "AR")),
        },
    )
