"""Payables document model and the rows one invoice writes (header, lines, distributions,
installments, holds)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    Ctx,
    convert,
    midnight,
    money,
    period_name,
    split_cents,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.parties import SupplierSite


@dataclass
class PoMatch:
    po_header_id: int
    po_line_id: int
    line_location_id: int
    po_distribution_id: int
    rcv_transaction_id: int | None
    item_id: int | None
    accrue: bool = False
    """Accrued on receipt: the invoice clears the receipt accrual (GRNI) account."""


@dataclass
class Line:
    line_type: str
    amount: int
    ccid: int
    description: str
    quantity: int | None = None
    unit_price: int | None = None
    po: PoMatch | None = None
    splits: int = 1


@dataclass
class Hold:
    code: str
    reason: str
    day: dt.datetime
    released: dt.datetime | None = None
    release_code: str | None = None
    line_location_id: int | None = None


@dataclass
class Invoice:
    invoice_id: int
    number: str
    site: SupplierSite
    kind: str
    invoice_date: dt.datetime
    gl_date: dt.date
    lines: list[Line]
    source: str
    created: dt.datetime
    created_by: int
    terms_id: int
    description: str | None = None
    cancelled: dt.datetime | None = None
    validated: bool = True
    wf_status: str = "NOT REQUIRED"
    holds: list[Hold] = field(default_factory=list)
    schedule_hold: bool = False
    po_header_id: int | None = None
    # Filled in by the batch:
    payments: list[tuple[int, int, dt.date]] = field(default_factory=list)
    """(payment_num, amount, day) requested; checks are made at flush."""

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def ou(self) -> ent.OperatingUnit:
        return ent.OU[self.site.org_id]


def _rounded_bases(amounts: list[int], total_base: int, rate: Decimal) -> list[int]:
    """Ledger-currency amounts per piece; the rounding difference goes to the largest piece."""
    bases = [convert(a, rate) for a in amounts]
    if bases:
        biggest = max(range(len(amounts)), key=lambda i: abs(amounts[i]))
        bases[biggest] += total_base - sum(bases)
    return bases


def write_invoice_rows(
    ctx: Ctx,
    rng: random.Random,
    invoice: Invoice,
    schedules: list[tuple[int, int, dt.date]],
    paid: dict[int, int],
    rate: Decimal,
) -> None:
    ou = invoice.ou
    ledger_currency = ent.LEDGER[ou.ledger_id].currency
    foreign = invoice.site.currency != ledger_currency
    chart = ctx.data["chart"]
    original = invoice.amount
    cancelled = invoice.cancelled is not None
    amount = 0 if cancelled else original
    base_total = convert(amount, rate) if foreign else None
    paid_total = sum(paid.values())
    remaining = 0 if cancelled else amount - paid_total
    status = "Y" if remaining == 0 else ("P" if paid_total else "N")
    unreleased = any(h.released is None for h in invoice.holds)
    match_status = ("T" if unreleased else "A") if invoice.validated else "N"
    invoice_date = invoice.invoice_date
    if invoice.source != "XML GATEWAY":
        invoice_date = midnight(invoice_date.date())
    who = ctx.who(invoice.created, invoice.created_by, updated=invoice.cancelled or invoice.created)
    tax = sum(line.amount for line in invoice.lines if line.line_type == "TAX")
    ctx.emit(
        "ap_invoices_all",
        {
            "invoice_id": invoice.invoice_id,
            "invoice_num": invoice.number,
            "vendor_id": invoice.site.vendor_id,
            "vendor_site_id": invoice.site.site_id,
            "org_id": ou.org_id,
            "set_of_books_id": ou.ledger_id,
            "invoice_type_lookup_code": invoice.kind,
            "invoice_date": invoice_date,
            "gl_date": invoice.gl_date,
            "invoice_received_date": invoice.created.date(),
            "invoice_currency_code": invoice.site.currency,
            "payment_currency_code": invoice.site.currency,
            "exchange_rate": rate if foreign else None,
            "exchange_rate_type": "Corporate" if foreign else None,
            "exchange_date": invoice.gl_date if foreign else None,
            "invoice_amount": money(amount),
            "base_amount": money(base_total) if base_total is not None else None,
            "amount_paid": money(paid_total),
            "total_tax_amount": money(0 if cancelled else tax),
            "approved_amount": money(amount) if invoice.validated else None,
            "payment_status_flag": status,
            "cancelled_date": invoice.cancelled,
            "cancelled_by": invoice.created_by if cancelled else None,
            "cancelled_amount": money(original) if cancelled else None,
            "terms_id": invoice.terms_id,
            "terms_date": invoice.invoice_date.date(),
            "source": invoice.source,
            "description": invoice.description,
            "wfapproval_status": invoice.wf_status,
            "pay_group_lookup_code": "EMPLOYEE" if invoice.site.kind == "EMPLOYEE" else "STANDARD",
            "payment_method_code": "EFT" if invoice.site.kind == "EMPLOYEE" else "CHECK",
            "po_header_id": invoice.po_header_id,
            "party_id": None,
            "accts_pay_code_combination_id": chart.get(ou.company, "2110"),
            "doc_sequence_value": None,
            **who,
        },
    )
    line_amounts = [0 if cancelled else line.amount for line in invoice.lines]
    line_bases = _rounded_bases(line_amounts, base_total, rate) if base_total is not None else []
    posted = "Y" if invoice.validated and invoice.gl_date < dt.date(2024, 6, 1) else "N"
    for number, line in enumerate(invoice.lines, start=1):
        line_base = line_bases[number - 1] if line_bases else None
        po = line.po
        ctx.emit(
            "ap_invoice_lines_all",
            {
                "invoice_id": invoice.invoice_id,
                "line_number": number,
                "line_type_lookup_code": line.line_type,
                "org_id": ou.org_id,
                "set_of_books_id": ou.ledger_id,
                "amount": money(line_amounts[number - 1]),
                "base_amount": money(line_base) if line_base is not None else None,
                "accounting_date": invoice.gl_date,
                "period_name": period_name(invoice.gl_date),
                "description": line.description,
                "quantity_invoiced": line.quantity,
                "unit_price": money(line.unit_price) if line.unit_price is not None else None,
                "inventory_item_id": po.item_id if po else None,
                "po_header_id": po.po_header_id if po else None,
                "po_line_id": po.po_line_id if po else None,
                "po_line_location_id": po.line_location_id if po else None,
                "po_distribution_id": po.po_distribution_id if po else None,
                "rcv_transaction_id": po.rcv_transaction_id if po else None,
                "match_type": ("ITEM_TO_RECEIPT" if po.rcv_transaction_id else "ITEM_TO_PO")
                if po
                else "NOT_MATCHED",
                "default_dist_ccid": line.ccid,
                "discarded_flag": "N",
                "cancelled_flag": "Y" if cancelled else "N",
                **who,
            },
        )
        pieces = split_cents(line.amount, line.splits, rng)
        ccids = [line.ccid] + [
            rng.choice(ctx.data["expense_ccids"][ou.company]) for _ in pieces[1:]
        ]
        dist_total = convert(line.amount, rate) if cancelled or line_base is None else line_base
        bases = _rounded_bases(pieces, dist_total, rate) if foreign else []
        for index, piece in enumerate(pieces):
            dist_id = ctx.next_id("invoice_dist", 80001)
            row = {
                "invoice_distribution_id": dist_id,
                "invoice_id": invoice.invoice_id,
                "invoice_line_number": number,
                "distribution_line_number": index + 1,
                "line_type_lookup_code": "ACCRUAL" if po and po.accrue else line.line_type,
                "org_id": ou.org_id,
                "set_of_books_id": ou.ledger_id,
                "amount": money(piece),
                "base_amount": money(bases[index]) if bases else None,
                "accounting_date": invoice.gl_date,
                "period_name": period_name(invoice.gl_date),
                "dist_code_combination_id": ccids[index],
                "posted_flag": posted,
                "match_status_flag": match_status,
                "reversal_flag": "Y" if cancelled else "N",
                "parent_reversal_id": None,
                "po_distribution_id": po.po_distribution_id if po else None,
                "rcv_transaction_id": po.rcv_transaction_id if po else None,
                "quantity_invoiced": line.quantity if po else None,
                "unit_price": money(line.unit_price) if po and line.unit_price else None,
                "description": line.description,
                **who,
            }
            ctx.emit("ap_invoice_distributions_all", row)
            if cancelled:
                assert invoice.cancelled is not None
                ctx.emit(
                    "ap_invoice_distributions_all",
                    {
                        **row,
                        "invoice_distribution_id": ctx.next_id("invoice_dist", 80001),
                        "distribution_line_number": len(pieces) + index + 1,
                        "amount": money(-piece),
                        "base_amount": money(-bases[index]) if bases else None,
                        "accounting_date": invoice.cancelled.date(),
                        "period_name": period_name(invoice.cancelled.date()),
                        "parent_reversal_id": dist_id,
                        "quantity_invoiced": -line.quantity if po and line.quantity else None,
                        "posted_flag": "Y"
                        if invoice.cancelled.date() < dt.date(2024, 6, 1)
                        else "N",
                    },
                )
    for num, gross, due in schedules:
        gross = 0 if cancelled else gross
        left = gross - paid.get(num, 0)
        ctx.emit(
            "ap_payment_schedules_all",
            {
                "invoice_id": invoice.invoice_id,
                "payment_num": num,
                "org_id": ou.org_id,
                "due_date": due,
                "discount_date": None,
                "gross_amount": money(gross),
                "amount_remaining": money(left),
                "discount_amount_available": money(0),
                "payment_status_flag": "Y" if left == 0 else ("P" if paid.get(num) else "N"),
                "hold_flag": "Y" if invoice.schedule_hold else "N",
                "payment_method_code": "EFT" if invoice.site.kind == "EMPLOYEE" else "CHECK",
                "payment_priority": 99,
                **who,
            },
        )
    for hold in invoice.holds:
        ctx.emit(
            "ap_holds_all",
            {
                "hold_id": ctx.next_id("hold", 70001),
                "invoice_id": invoice.invoice_id,
                "line_location_id": hold.line_location_id,
                "hold_lookup_code": hold.code,
                "hold_reason": hold.reason,
                "hold_date": hold.day,
                "held_by": 5
                if hold.code in ("QTY REC", "PRICE", "DIST VARIANCE")
                else invoice.created_by,
                "release_lookup_code": hold.release_code,
                "release_reason": hold.release_code.replace("_", " ").title()
                if hold.release_code
                else None,
                "status_flag": "R" if hold.released else "S",
                "org_id": ou.org_id,
                **ctx.who(
                    hold.day,
                    invoice.created_by,
                    updated=hold.released or hold.day,
                    by=clerk(ctx, rng, "AP") if hold.released else None,
                ),
            },
        )
