"""Payables documents: a month's invoices are planned, then paid, voided and written together.

Invoices are held for one batch (a month) only, so checks can pay several invoices of a supplier
site and credit memos can be netted into them; nothing is kept once the batch is written.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.ap_rows import Invoice, write_invoice_rows
from harness.generators.ebs.core import (
    LAST_DAY,
    Ctx,
    add_days,
    at_time,
    business_day,
    convert,
    money,
    period_name,
    split_cents,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.parties import SupplierSite, due_date


@dataclass
class Check:
    check_id: int
    site: SupplierSite
    day: dt.date
    payments: list[tuple[Invoice, int, int]] = field(default_factory=list)
    """(invoice, payment_num, amount)."""
    void_day: dt.date | None = None
    reissue: bool = False

    @property
    def amount(self) -> int:
        return sum(amount for _, _, amount in self.payments)


class InvoiceBatch:
    """Collects invoices, then plans payments and writes every AP row at :meth:`flush`."""

    def __init__(self, ctx: Ctx, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.invoices: list[Invoice] = []

    def add(self, invoice: Invoice) -> None:
        self.invoices.append(invoice)

    def flush(self) -> None:
        for check in self._plan_payments():
            self._write_check(check)
        for invoice in self.invoices:
            schedules = _schedules(invoice)
            paid: dict[int, int] = {}
            for num, amount, _day in invoice.payments:
                paid[num] = paid.get(num, 0) + amount
            write_invoice_rows(
                self.ctx, self.rng, invoice, schedules, paid, _invoice_rate(self.ctx, invoice)
            )
        self.invoices = []

    # -- payments -------------------------------------------------------------------------
    def _payable(self, invoice: Invoice) -> dt.date | None:
        """The first day the invoice may be paid, or None if it cannot be paid (yet)."""
        if invoice.cancelled or not invoice.validated or invoice.schedule_hold:
            return None
        if invoice.wf_status in ("REJECTED", "REQUIRED", "INITIATED"):
            return None
        start = invoice.gl_date
        for hold in invoice.holds:
            if hold.released is None:
                return None
            start = max(start, hold.released.date())
        return start

    def _plan_payments(self) -> list[Check]:
        rng = self.rng
        checks: dict[tuple[int, dt.date], Check] = {}
        memos: list[Invoice] = []
        for invoice in self.invoices:
            first = self._payable(invoice)
            if first is None:
                continue
            if invoice.amount < 0:
                memos.append(invoice)
                continue
            for num, gross, due in _schedules(invoice):
                if invoice.kind == "STANDARD" and due < LAST_DAY and rng.random() < 0.04:
                    continue  # simply overlooked: overdue and unpaid
                if invoice.kind in ("PREPAYMENT", "EXPENSE REPORT"):
                    day = add_days(first, rng.randint(1, 6))
                else:
                    day = add_days(due, rng.choice((-5, -3, -2, 0, 0, 1, 4, 12)))
                day = business_day(max(day, add_days(first, 1)))
                if day > LAST_DAY:
                    continue
                amount = gross
                if rng.random() < 0.06 and gross > 10000:
                    amount = gross // 2  # partial payment, the rest stays open
                key = (invoice.site.site_id, day)
                check = checks.get(key)
                if check is None:
                    check = checks[key] = Check(0, invoice.site, day)
                check.payments.append((invoice, num, amount))
        # Credit and debit memos are netted into a payment to the same site.
        for memo in memos:
            for check in sorted(checks.values(), key=lambda c: c.day):
                if (
                    check.site is memo.site
                    and check.day >= business_day(add_days(memo.gl_date, 1))
                    and check.amount + memo.amount > 0
                ):
                    check.payments.append((memo, 1, memo.amount))
                    break
        ordered = sorted(checks.values(), key=lambda c: (c.day, c.site.site_id))
        result: list[Check] = []
        while ordered:
            check = ordered.pop(0)
            check.check_id = self.ctx.next_id("check", 50001)
            result.append(check)
            for invoice, num, amount in check.payments:
                invoice.payments.append((num, amount, check.day))
            if check.reissue or rng.random() >= 0.035:
                continue
            void_day = business_day(add_days(check.day, rng.randint(2, 12)))
            if void_day > LAST_DAY:
                continue
            check.void_day = void_day
            for invoice, num, amount in check.payments:
                invoice.payments.append((num, -amount, void_day))
            reissue = business_day(add_days(void_day, rng.randint(1, 6)))
            if reissue <= LAST_DAY and rng.random() < 0.7:
                # Paid again on a new payment, which is never voided itself.
                again = Check(0, check.site, reissue, list(check.payments), reissue=True)
                ordered.append(again)
                ordered.sort(key=lambda c: (c.day, c.site.site_id))
        return result

    def _write_check(self, check: Check) -> None:
        ctx, rng = self.ctx, self.rng
        site = check.site
        ou = ent.OU[site.org_id]
        ledger_currency = ent.LEDGER[ou.ledger_id].currency
        account_id, use_id, account_name, _ = ctx.data["bank"][site.org_id]
        rate = ctx.rate(site.currency, ledger_currency, check.day)
        foreign = site.currency != ledger_currency
        void_day = check.void_day
        cleared = business_day(add_days(check.day, rng.randint(2, 8)))
        cleared_ok = None if void_day is not None or cleared > LAST_DAY else cleared
        status = (
            "VOIDED"
            if void_day
            else (
                "NEGOTIABLE"
                if cleared_ok is None
                else ("CLEARED" if rng.random() < 0.1 else "RECONCILED")
            )
        )
        method = "EFT" if site.kind == "EMPLOYEE" else rng.choice(("CHECK", "CHECK", "EFT", "WIRE"))
        created = at_time(rng, check.day)
        base = convert(check.amount, rate) if foreign else None
        number = ctx.next_id(f"check_number_{account_id}", 100001)
        ctx.emit(
            "ap_checks_all",
            {
                "check_id": check.check_id,
                "check_number": number,
                "check_date": check.day,
                "amount": money(check.amount),
                "base_amount": money(base) if base is not None else None,
                "currency_code": site.currency,
                "exchange_rate": rate if foreign else None,
                "exchange_rate_type": "Corporate" if foreign else None,
                "exchange_date": check.day if foreign else None,
                "vendor_id": site.vendor_id,
                "vendor_site_id": site.site_id,
                "vendor_name": site.vendor_name,
                "org_id": site.org_id,
                "ce_bank_acct_use_id": use_id,
                "bank_account_name": account_name,
                "payment_method_code": method,
                "payment_type_flag": "A"
                if len(check.payments) > 1
                else rng.choice(("Q", "M", "A")),
                "status_lookup_code": status,
                "void_date": void_day,
                "cleared_date": cleared_ok,
                "cleared_amount": money(check.amount) if cleared_ok else None,
                "treasury_pay_date": check.day,
                "checkrun_name": f"PAY-{check.day:%Y%m%d}-{site.org_id}"
                if len(check.payments) > 1
                else None,
                "doc_sequence_value": None,
                **ctx.who(
                    created,
                    clerk(ctx, rng, "AP"),
                    updated=at_time(rng, void_day or cleared_ok or check.day),
                ),
            },
        )
        if cleared_ok is not None:
            ctx.data["cash"].append(
                (
                    account_id,
                    cleared_ok,
                    -(base if base is not None else check.amount),
                    "AP",
                    str(number),
                    status == "RECONCILED",
                )
            )
        for invoice, num, amount in check.payments:
            pay_id = ctx.next_id("invoice_payment", 60001)
            common = {
                "invoice_id": invoice.invoice_id,
                "payment_num": num,
                "check_id": check.check_id,
                "org_id": site.org_id,
                "set_of_books_id": ou.ledger_id,
                "exchange_rate": rate if foreign else None,
                "accts_pay_code_combination_id": ctx.data["chart"].get(ou.company, "2110"),
                "asset_code_combination_id": ctx.data["chart"].get(ou.company, "1110"),
            }
            inv_rate = _invoice_rate(ctx, invoice)
            ctx.emit(
                "ap_invoice_payments_all",
                {
                    **common,
                    "invoice_payment_id": pay_id,
                    "amount": money(amount),
                    "payment_base_amount": money(convert(amount, rate)) if foreign else None,
                    "invoice_base_amount": money(convert(amount, inv_rate)) if foreign else None,
                    "accounting_date": check.day,
                    "period_name": period_name(check.day),
                    "posted_flag": "Y" if check.day < dt.date(2024, 6, 1) else "N",
                    "reversal_flag": "Y" if void_day else "N",
                    "reversal_inv_pmt_id": None,
                    **ctx.who(created, clerk(ctx, rng, "AP")),
                },
            )
            if void_day is not None:
                ctx.emit(
                    "ap_invoice_payments_all",
                    {
                        **common,
                        "invoice_payment_id": ctx.next_id("invoice_payment", 60001),
                        "amount": money(-amount),
                        "payment_base_amount": money(-convert(amount, rate)) if foreign else None,
                        "invoice_base_amount": money(-convert(amount, inv_rate))
                        if foreign
                        else None,
                        "accounting_date": void_day,
                        "period_name": period_name(void_day),
                        "posted_flag": "Y" if void_day < dt.date(2024, 6, 1) else "N",
                        "reversal_flag": "Y",
                        "reversal_inv_pmt_id": pay_id,
                        **ctx.who(at_time(rng, void_day), clerk(ctx, rng, "AP")),
                    },
                )


def _invoice_rate(ctx: Ctx, invoice: Invoice) -> Decimal:
    ledger_currency = ent.LEDGER[invoice.ou.ledger_id].currency
    return ctx.rate(invoice.site.currency, ledger_currency, invoice.gl_date)


def _schedules(invoice: Invoice) -> list[tuple[int, int, dt.date]]:
    """(payment_num, gross amount, due date): one installment, or two/three for big invoices."""
    total = invoice.amount
    parts = 1
    if invoice.kind == "STANDARD" and total > 1_000_000:
        parts = 2 + invoice.invoice_id % 2
    amounts = split_cents(total, parts, random.Random(invoice.invoice_id))
    base = due_date(invoice.terms_id, invoice.invoice_date.date())
    return [(i + 1, amt, add_days(base, 30 * i)) for i, amt in enumerate(amounts)]
