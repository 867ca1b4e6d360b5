"""Receivables transactions: header, lines (with linked tax lines), accounting, installment.

Each transaction's open balance is decided by its caller (ar.bill) before its payment schedule
is written, so nothing has to be updated later.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import END_OF_TIME, Ctx, at_time, convert, money
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.parties import Customer

TAX = {"US": Decimal("0.07"), "DE": Decimal("0.19"), "GB": Decimal("0.20")}
TRX_TYPES = {"INV": (1, "Invoice"), "CM": (2, "Credit Memo"), "DM": (3, "Debit Memo")}
SOURCES = {"ORDER ENTRY": 1001, "MANUAL": 1002}
RECEIPT_METHODS = (1001, 1002, 1003)  # Check, Lockbox, EFT


@dataclass
class TrxLine:
    description: str
    quantity: int
    price: int
    item_id: int | None = None
    revenue_account: tuple[str, str, str] = ("4110", "200", "1000")
    interface: dict[str, str] | None = None
    sales_order: tuple[str, str, dt.datetime] | None = None
    warehouse: int | None = None
    previous: tuple[int, int] | None = None  # credited (trx id, line id)

    @property
    def amount(self) -> int:
        return self.quantity * self.price


@dataclass
class _Dist:
    """One accounting row: line id (None for the receivable), class, account, amounts."""

    line_id: int | None
    account_class: str
    ccid: int
    amount: int
    acctd: int


@dataclass
class Trx:
    trx_id: int
    number: str
    cls: str  # INV, CM, DM
    customer: Customer
    day: dt.date
    due: dt.date
    currency: str
    rate: Decimal | None
    source: str
    lines: list[TrxLine]
    tax_rate: Decimal
    previous_trx_id: int | None = None
    interface: dict[str, str] | None = None
    reason: str | None = None
    purchase_order: str | None = None
    complete: bool = True
    ps_id: int = 0
    line_ids: list[int] = field(default_factory=list)
    tax_amounts: list[int] = field(default_factory=list)

    @property
    def ou(self) -> ent.OperatingUnit:
        return ent.OU[self.customer.org_id]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines) + sum(self.tax_amounts)


def make_trx(
    ctx: Ctx,
    rng: random.Random,
    cls: str,
    customer: Customer,
    day: dt.date,
    lines: list[TrxLine],
    source: str,
    *,
    due_days: int = 30,
    with_tax: bool = True,
) -> Trx:
    ou = ent.OU[customer.org_id]
    ledger_currency = ent.LEDGER[ou.ledger_id].currency
    rate = (
        ctx.rate(customer.currency, ledger_currency, day)
        if customer.currency != ledger_currency
        else None
    )
    trx = Trx(
        ctx.next_id("customer_trx", 200001),
        str(
            ctx.next_id(f"trx_number_{ou.org_id}_{source}", 10001 if source == "MANUAL" else 60001)
        ),
        cls,
        customer,
        day,
        day + dt.timedelta(days=due_days if cls != "CM" else 0),
        customer.currency,
        rate,
        source,
        lines,
        TAX[ou.country] if with_tax else Decimal(0),
    )
    trx.tax_amounts = [convert(line.amount, trx.tax_rate) for line in lines] if with_tax else []
    trx.ps_id = ctx.next_id("payment_schedule", 400001)
    return trx


def write_trx(ctx: Ctx, rng: random.Random, trx: Trx, applied: int, closed: dt.date | None) -> None:
    """Header, lines (+ linked tax lines), accounting and the single installment.

    ``applied`` is what receipts and credit memos took off it (signed like the total)."""
    ou = trx.ou
    chart = ctx.data["chart"]
    who = ctx.who(at_time(rng, trx.day), clerk(ctx, rng, "AR"))
    type_id = TRX_TYPES[trx.cls][0]
    rate = trx.rate or Decimal(1)
    ctx.emit(
        "ra_customer_trx_all",
        {
            "customer_trx_id": trx.trx_id,
            "trx_number": trx.number,
            "cust_trx_type_id": type_id,
            "trx_date": trx.day,
            "bill_to_customer_id": trx.customer.account_id,
            "bill_to_site_use_id": trx.customer.bill_to,
            "ship_to_customer_id": trx.customer.account_id if trx.cls == "INV" else None,
            "ship_to_site_use_id": trx.customer.ship_to[0] if trx.cls == "INV" else None,
            "sold_to_customer_id": trx.customer.account_id,
            "invoice_currency_code": trx.currency,
            "exchange_rate_type": "Corporate" if trx.rate else None,
            "exchange_date": trx.day if trx.rate else None,
            "exchange_rate": trx.rate,
            "complete_flag": "Y" if trx.complete else "N",
            "previous_customer_trx_id": trx.previous_trx_id,
            "batch_source_id": SOURCES[trx.source],
            "term_id": trx.customer.terms_id,
            "term_due_date": trx.due,
            "purchase_order": trx.purchase_order,
            "ct_reference": (trx.interface or {}).get("attribute1"),
            "reason_code": trx.reason,
            "interface_header_context": "ORDER ENTRY" if trx.interface else None,
            "interface_header_attribute1": (trx.interface or {}).get("attribute1"),
            "interface_header_attribute2": (trx.interface or {}).get("attribute2"),
            "primary_salesrep_id": -3,
            "status_trx": "CL" if closed else "OP",
            "org_id": ou.org_id,
            "set_of_books_id": ou.ledger_id,
            **who,
        },
    )
    total_acctd = convert(trx.total, rate)
    dists = [_Dist(None, "REC", chart.get(ou.company, "1210"), trx.total, total_acctd)]
    line_number = 0
    for index, line in enumerate(trx.lines):
        line_number += 1
        line_id = ctx.next_id("customer_trx_line", 500001)
        trx.line_ids.append(line_id)
        order = line.sales_order
        iface = line.interface or {}
        ctx.emit(
            "ra_customer_trx_lines_all",
            {
                "customer_trx_line_id": line_id,
                "customer_trx_id": trx.trx_id,
                "line_number": line_number,
                "line_type": "LINE",
                "link_to_cust_trx_line_id": None,
                "inventory_item_id": line.item_id,
                "description": line.description,
                "quantity_ordered": line.quantity if order else None,
                "quantity_invoiced": line.quantity if trx.cls != "CM" else None,
                "quantity_credited": line.quantity if trx.cls == "CM" else None,
                "unit_selling_price": money(line.price),
                "extended_amount": money(line.amount),
                "revenue_amount": money(line.amount),
                "tax_rate": None,
                "uom_code": "Ea",
                "sales_order": order[0] if order else None,
                "sales_order_line": order[1] if order else None,
                "sales_order_date": order[2] if order else None,
                "interface_line_context": "ORDER ENTRY" if line.interface else None,
                "interface_line_attribute1": iface.get("attribute1"),
                "interface_line_attribute2": iface.get("attribute2"),
                "interface_line_attribute3": iface.get("attribute3"),
                "interface_line_attribute6": iface.get("attribute6"),
                "warehouse_id": line.warehouse,
                "previous_customer_trx_id": line.previous[0] if line.previous else None,
                "previous_customer_trx_line_id": line.previous[1] if line.previous else None,
                "org_id": ou.org_id,
                "set_of_books_id": ou.ledger_id,
                **who,
            },
        )
        account, dept, product = line.revenue_account
        ccid = chart.get(ou.company, account, dept, product)
        dists.append(_Dist(line_id, "REV", ccid, line.amount, convert(line.amount, rate)))
        if trx.tax_amounts:
            tax = trx.tax_amounts[index]
            tax_id = ctx.next_id("customer_trx_line", 500001)
            line_number += 1
            ctx.emit(
                "ra_customer_trx_lines_all",
                {
                    "customer_trx_line_id": tax_id,
                    "customer_trx_id": trx.trx_id,
                    "line_number": line_number,
                    "line_type": "TAX",
                    "link_to_cust_trx_line_id": line_id,
                    "description": "Sales Tax",
                    "extended_amount": money(tax),
                    "tax_rate": trx.tax_rate * 100,
                    "org_id": ou.org_id,
                    "set_of_books_id": ou.ledger_id,
                    **who,
                },
            )
            dists.append(
                _Dist(tax_id, "TAX", chart.get(ou.company, "2310"), tax, convert(tax, rate))
            )
    # Line accounting must add up to the receivable in the ledger currency too.
    if len(dists) > 1:
        biggest = max(dists[1:], key=lambda d: abs(d.amount))
        biggest.acctd += total_acctd - sum(d.acctd for d in dists[1:])
    posted = trx.day < dt.date(2024, 6, 1) and trx.complete
    for dist in dists:
        ctx.emit(
            "ra_cust_trx_line_gl_dist_all",
            {
                "cust_trx_line_gl_dist_id": ctx.next_id("gl_dist", 600001),
                "customer_trx_id": trx.trx_id,
                "customer_trx_line_id": dist.line_id,
                "account_class": dist.account_class,
                "code_combination_id": dist.ccid,
                "amount": money(dist.amount),
                "acctd_amount": money(dist.acctd),
                "percent": 100,
                "gl_date": trx.day,
                "gl_posted_date": trx.day if posted else None,
                "posting_control_id": 1000 + trx.day.month + 12 * (trx.day.year - 2023)
                if posted
                else -3,
                "account_set_flag": "N",
                "latest_rec_flag": "Y" if dist.account_class == "REC" else None,
                "org_id": ou.org_id,
                "set_of_books_id": ou.ledger_id,
                **who,
            },
        )
    if not trx.complete:
        return  # incomplete (draft) transactions have no payment schedule
    remaining = trx.total - applied
    items = sum(line.amount for line in trx.lines)
    ctx.emit(
        "ar_payment_schedules_all",
        {
            "payment_schedule_id": trx.ps_id,
            "customer_trx_id": trx.trx_id,
            "cash_receipt_id": None,
            "customer_id": trx.customer.account_id,
            "customer_site_use_id": trx.customer.bill_to,
            "cust_trx_type_id": type_id,
            "class": trx.cls,
            "status": "CL" if remaining == 0 else "OP",
            "trx_number": trx.number,
            "trx_date": trx.day,
            "due_date": trx.due,
            "gl_date": trx.day,
            "gl_date_closed": closed or END_OF_TIME,
            "actual_date_closed": closed or END_OF_TIME,
            "amount_due_original": money(trx.total),
            "amount_due_remaining": money(remaining),
            "acctd_amount_due_remaining": money(convert(remaining, rate)),
            "amount_applied": money(applied) if applied and trx.cls != "CM" else None,
            "amount_credited": None,
            "amount_line_items_original": money(items),
            "tax_original": money(sum(trx.tax_amounts)),
            "invoice_currency_code": trx.currency,
            "exchange_rate": trx.rate,
            "terms_sequence_number": 1,
            "number_of_due_dates": 1,
            "org_id": ou.org_id,
            **who,
        },
    )
