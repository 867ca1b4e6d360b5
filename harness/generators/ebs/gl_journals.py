"""GL journals per ledger, company and period; posted lines feed the balances (gl_post.py).

Journals summarize subledger activity by source (Payables, Receivables, ...) and add manual
accruals (reversed next period), reclassifications, foreign-currency entries and year-end
adjustments; each journal balances in entered and in accounted amounts. Journals of the US
ledger are replicated into its EUR reporting ledger (ALC), accounted in EUR.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import LAST_DAY, Ctx, at_time, business_day, convert, money
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.gl import Period, last_business_day

OTHER_CURRENCY = {"USD": ("EUR", "GBP"), "EUR": ("USD", "GBP"), "GBP": ("EUR", "USD")}


@dataclass
class JLine:
    ccid: int
    dr: int
    cr: int
    description: str
    acc_dr: int = 0
    acc_cr: int = 0


@dataclass
class Journal:
    ledger_id: int
    source: str
    category: str
    period: Period
    name: str
    currency: str
    effective: dt.date
    lines: list[JLine]
    status: str = "P"
    rate: Decimal | None = None
    header_id: int = 0
    alc_header_id: int = 0
    """The id of this journal's copy in the reporting (ALC) ledger."""
    reverses: Journal | None = None
    reversal: Journal | None = None
    accrual: bool = False


def _account(ctx: Ctx, company: str, account: str, dept: str = "000", product: str = "0000") -> int:
    chart = ctx.data["chart"]
    ccid: int = chart.get(company, account, dept, product)
    return ccid


def _amount(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high) * 100 + rng.randint(0, 99)


def _pair(
    ctx: Ctx,
    rng: random.Random,
    company: str,
    debits: list[tuple[int, str]],
    credit: int,
    text: str,
    low: int,
    high: int,
) -> list[JLine]:
    lines = [JLine(ccid, _amount(rng, low, high), 0, f"{text} - {what}") for ccid, what in debits]
    lines.append(JLine(credit, 0, sum(line.dr for line in lines), text))
    return lines


def period_journals(
    ctx: Ctx, rng: random.Random, ledger_id: int, company: str, period: Period
) -> list[Journal]:
    """The journals of one company (balancing segment) in one period."""
    out: list[Journal] = []
    currency = ent.LEDGER[ledger_id].currency
    pool = ctx.data["expense_ccids"][company]

    def a(acct: str, dept: str = "000", prod: str = "0000") -> int:
        return _account(ctx, company, acct, dept, prod)

    month_end = last_business_day(period)
    first_day = max(period.start, dt.date(2023, 1, 2))

    def add(
        source: str,
        category: str,
        name: str,
        lines: list[JLine],
        effective: dt.date | None = None,
        journal_currency: str | None = None,
    ) -> Journal:
        day = effective or business_day(first_day + dt.timedelta(days=rng.randint(0, 25)))
        journal = Journal(
            ledger_id,
            source,
            category,
            period,
            name,
            journal_currency or currency,
            min(day, month_end),
            lines,
        )
        out.append(journal)
        return journal

    tag = f"{period.name} {company}"
    if period.adjusting:
        for index in range(ctx.n_random(rng, 2)):
            x, y = rng.sample(pool, 2)
            amount = _amount(rng, 500, 20000)
            add(
                "Manual",
                "Adjustment",
                f"Year-end audit adjustment {index + 1} {tag}",
                [JLine(x, amount, 0, "Audit adjustment"), JLine(y, 0, amount, "Audit adjustment")],
                period.end,
            )
        return out
    if period.name == "JAN-23":
        assets = {
            "1110": (800_000, 2_000_000),
            "1210": (300_000, 900_000),
            "1410": (200_000, 600_000),
            "1610": (500_000, 1_500_000),
        }
        lines = [
            JLine(a(acct), _amount(rng, *rng_), 0, "Opening balance")
            for acct, rng_ in assets.items()
        ]
        total = sum(line.dr for line in lines)
        credits = [
            ("1620", total // 10),
            ("2110", total // 6),
            ("2210", total // 12),
            ("3110", total // 4),
        ]
        lines += [JLine(a(acct), 0, amt, "Opening balance") for acct, amt in credits]
        lines.append(JLine(a("3210"), 0, total - sum(amt for _, amt in credits), "Opening balance"))
        add("Spreadsheet", "Adjustment", f"Opening Balances {company}", lines, dt.date(2023, 1, 2))
    for _ in range(ctx.n_random(rng, 1)):
        debits = [(rng.choice(pool), "expenses") for _ in range(rng.randint(2, 4))]
        debits.append((a("1450"), "recoverable tax"))
        add(
            "Payables",
            "Purchase Invoices",
            f"Payables A {tag} {len(out)}",
            _pair(ctx, rng, company, debits, a("2110"), "Supplier invoices", 1000, 30000),
        )
        paid = _amount(rng, 15000, 60000)
        add(
            "Payables",
            "Payments",
            f"Payables P {tag} {len(out)}",
            [JLine(a("2110"), paid, 0, "Payments"), JLine(a("1110"), 0, paid, "Payments")],
        )
        revenue = [
            JLine(
                a("4110", "200", rng.choice(("1000", "2000"))),
                0,
                _amount(rng, 20000, 90000),
                "Product revenue",
            ),
            JLine(a("4120", "200", "3000"), 0, _amount(rng, 5000, 30000), "Service revenue"),
        ]
        tax = sum(line.cr for line in revenue) // 10
        revenue.append(JLine(a("2310"), 0, tax, "Output tax"))
        revenue.append(JLine(a("1210"), sum(line.cr for line in revenue), 0, "Receivables"))
        add("Receivables", "Sales Invoices", f"Receivables S {tag} {len(out)}", revenue)
        received = _amount(rng, 30000, 100000)
        add(
            "Receivables",
            "Receipts",
            f"Receivables R {tag} {len(out)}",
            [JLine(a("1110"), received, 0, "Receipts"), JLine(a("1210"), 0, received, "Receipts")],
        )
        if company != "02":
            moved, cogs = _amount(rng, 10000, 40000), _amount(rng, 8000, 40000)
            add(
                "Cost Management",
                "Inventory",
                f"Inventory {tag} {len(out)}",
                [
                    JLine(a("1410"), moved, 0, "Receipts to stock"),
                    JLine(a("2150"), 0, moved, "Receipt accrual"),
                    JLine(a("5110", "400", rng.choice(("1000", "2000"))), cogs, 0, "Cost of sales"),
                    JLine(a("1410"), 0, cogs, "Issues from stock"),
                ],
            )
    for _ in range(ctx.n_random(rng, 1)):
        depreciation = _amount(rng, 2000, 9000)
        add(
            "Assets",
            "Depreciation",
            f"Depreciation {tag} {len(out)}",
            [
                JLine(a("6610", "100"), depreciation, 0, "Monthly depreciation"),
                JLine(a("1620"), 0, depreciation, "Accumulated depreciation"),
            ],
            month_end,
        )
    staffed = ctx.data["payroll_departments"]
    for start in range(0, len(staffed), 6):  # one payroll journal per six departments
        payroll = [
            JLine(a("6110", dept), _amount(rng, 8000, 40000), 0, f"Salaries {dept}")
            for dept in staffed[start : start + 6]
        ]
        payroll.append(JLine(a("6120", "100"), _amount(rng, 6000, 30000), 0, "Payroll taxes"))
        payroll.append(JLine(a("1110"), 0, sum(line.dr for line in payroll), "Net pay"))
        add("Payroll", "Payroll", f"Payroll {tag} {len(out)}", payroll, month_end)
    for _ in range(ctx.n_random(rng, 0.6)):
        accrual = add(
            "Manual",
            "Accrual",
            f"Accrued expenses {tag} {len(out)}",
            _pair(
                ctx,
                rng,
                company,
                [(rng.choice(pool), "accrual")],
                a("2210"),
                "Accrued expense",
                500,
                15000,
            ),
            month_end,
        )
        accrual.accrual = True
    for _ in range(ctx.n_random(rng, 0.5)):
        x, y = rng.sample(pool, 2)
        amount = (
            rng.choice((100000, 250000, 500000)) if rng.random() < 0.3 else _amount(rng, 100, 9000)
        )
        foreign = rng.choice(OTHER_CURRENCY[currency]) if rng.random() < 0.35 else None
        add(
            "Manual",
            "Adjustment",
            f"Reclass {tag} {len(out)}",
            [JLine(x, amount, 0, "Reclass"), JLine(y, 0, amount, "Reclass")],
            journal_currency=foreign,
        )
    if rng.random() < 0.5:
        bank = _amount(rng, 20, 400)
        add(
            "Manual",
            "Adjustment",
            f"Bank charges {tag}",
            [JLine(a("7110", "110"), bank, 0, "Bank charges"), JLine(a("1110"), 0, bank, "Bank")],
            month_end,
        )
    return out


def account(ctx: Ctx, journal: Journal, ledger_currency: str) -> None:
    """Accounted amounts (ledger currency), rounding differences on the largest line."""
    if journal.currency == ledger_currency:
        journal.rate = None
        for line in journal.lines:
            line.acc_dr, line.acc_cr = line.dr, line.cr
        return
    rate = ctx.rate(journal.currency, ledger_currency, journal.effective)
    journal.rate = rate
    for line in journal.lines:
        line.acc_dr, line.acc_cr = convert(line.dr, rate), convert(line.cr, rate)
    diff = sum(line.acc_dr for line in journal.lines) - sum(line.acc_cr for line in journal.lines)
    if diff > 0:
        max(journal.lines, key=lambda line: line.acc_cr).acc_cr += diff
    elif diff < 0:
        max(journal.lines, key=lambda line: line.acc_dr).acc_dr -= diff


def write(ctx: Ctx, rng: random.Random, batch_id: int, journal: Journal, *, alc: bool) -> None:
    """Header and lines; ``alc`` for a reporting-ledger copy (links use the copies' ids)."""
    posted = journal.status == "P"
    created = at_time(rng, journal.effective)
    posted_at = None
    if posted:
        posted_day = min(
            max(journal.effective, journal.period.end) + dt.timedelta(days=rng.randint(0, 4)),
            LAST_DAY,
        )
        posted_at = at_time(rng, business_day(posted_day, back=True), 18, 22)
    user = clerk(ctx, rng, "GL") if journal.source in ("Manual", "Spreadsheet") else 0
    who = ctx.who(created, user, updated=posted_at or created)
    total = (
        sum(x.dr for x in journal.lines),
        sum(x.cr for x in journal.lines),
        sum(x.acc_dr for x in journal.lines),
        sum(x.acc_cr for x in journal.lines),
    )
    reversal = journal.reversal
    reversal_id = (reversal.alc_header_id if alc else reversal.header_id) if reversal else None
    reverses = journal.reverses
    reverses_id = (reverses.alc_header_id if alc else reverses.header_id) if reverses else None
    ctx.emit(
        "gl_je_headers",
        {
            "je_header_id": journal.header_id,
            "ledger_id": journal.ledger_id,
            "je_batch_id": batch_id,
            "je_source": journal.source,
            "je_category": journal.category,
            "period_name": journal.period.name,
            "name": journal.name[:100],
            "description": journal.name,
            "currency_code": journal.currency,
            "currency_conversion_type": "Corporate" if journal.rate is not None else "User",
            "currency_conversion_rate": journal.rate if journal.rate is not None else Decimal(1),
            "currency_conversion_date": journal.effective,
            "status": journal.status,
            "actual_flag": "A",
            "default_effective_date": journal.effective,
            "posted_date": posted_at,
            "date_created": created,
            "accrual_rev_flag": "Y" if journal.accrual else "N",
            "accrual_rev_period_name": reversal.period.name if reversal else None,
            "accrual_rev_status": "R" if reversal else None,
            "accrual_rev_je_header_id": reversal_id,
            "reversed_je_header_id": reverses_id,
            "running_total_dr": money(total[0]),
            "running_total_cr": money(total[1]),
            "running_total_accounted_dr": money(total[2]),
            "running_total_accounted_cr": money(total[3]),
            "external_reference": None,
            **who,
        },
    )
    for number, line in enumerate(journal.lines, start=1):
        ctx.emit(
            "gl_je_lines",
            {
                "je_header_id": journal.header_id,
                "je_line_num": number * 10,
                "ledger_id": journal.ledger_id,
                "code_combination_id": line.ccid,
                "period_name": journal.period.name,
                "effective_date": journal.effective,
                "status": journal.status,
                "entered_dr": money(line.dr) if line.dr else None,
                "entered_cr": money(line.cr) if line.cr else None,
                "accounted_dr": money(line.acc_dr) if line.dr else None,
                "accounted_cr": money(line.acc_cr) if line.cr else None,
                "description": line.description,
                "reference_1": None,
                **who,
            },
        )
