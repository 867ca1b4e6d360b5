"""GL setup: ledgers, calendar, period statuses, accounts (code combinations) and daily rates."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    FIRST_DAY,
    LAST_DAY,
    MON,
    Ctx,
    add_days,
    business_day,
    midnight,
    month_end,
)

SIX = Decimal("0.000001")
PAYROLL_DEPARTMENTS = ("110", "120", "200", "400", "510", "600")
"""Departments with staff (hr.DEPARTMENTS): salaries post to these cost centers."""
SETUP_DAY = midnight(dt.date(2022, 11, 14))


@dataclass(frozen=True)
class Period:
    name: str
    year: int
    num: int
    quarter: int
    start: dt.date
    end: dt.date
    adjusting: bool

    @property
    def effective_num(self) -> int:
        return self.year * 10000 + self.num


def _calendar() -> list[Period]:
    periods = []
    for year in (2023, 2024):
        for month in range(1, 13):
            periods.append(
                Period(
                    f"{MON[month - 1]}-{year % 100}",
                    year,
                    month,
                    (month - 1) // 3 + 1,
                    dt.date(year, month, 1),
                    month_end(year, month),
                    False,
                )
            )
        last = dt.date(year, 12, 31)
        periods.append(Period(f"ADJ-{year % 100}", year, 13, 4, last, last, True))
    return periods


CALENDAR = _calendar()
PERIOD = {p.name: p for p in CALENDAR}
ACTUAL_PERIODS = [p for p in CALENDAR if p.start <= LAST_DAY and p.name != "ADJ-24"]
"""Periods with postings: JAN-23 .. JUN-24 including ADJ-23."""


def _status(app: int, period: Period) -> str:
    if period.name == "ADJ-24":
        return "N"
    order = (period.year, period.num)
    last_closed = {101: (2024, 4), 200: (2024, 5), 222: (2024, 5)}[app]
    if order <= last_closed:
        return "C"
    if order <= (2024, 6):
        return "O"
    if order == (2024, 7) and app in (101, 200):
        return "F"
    return "N"


@dataclass
class Ccid:
    ccid: int
    segments: tuple[str, str, str, str, str]
    account_type: str
    enabled: bool = True
    end_date: dt.date | None = None
    template_id: int | None = None


class Chart:
    """Code combinations of chart 101, created on first use (dynamic insertion)."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.by_segments: dict[tuple[str, ...], Ccid] = {}
        self.by_id: dict[int, Ccid] = {}

    def get(self, company: str, account: str, dept: str = "000", product: str = "0000") -> int:
        segments = (company, dept, account, product, "000")
        found = self.by_segments.get(segments)
        if found is None:
            found = Ccid(self.ctx.next_id("ccid", 12000), segments, ent.ACCOUNTS[account][1])
            self.by_segments[segments] = found
            self.by_id[found.ccid] = found
        return found.ccid

    def summary(self, account: str, template_id: int) -> int:
        """The summary account rolling up every company and department of ``account``."""
        segments = ("T", "T", account, "T", "T")
        found = self.by_segments.get(segments)
        if found is None:
            kind = ent.ACCOUNTS[account][1]
            found = Ccid(self.ctx.next_id("ccid", 12000), segments, kind, template_id=template_id)
            self.by_segments[segments] = found
            self.by_id[found.ccid] = found
        return found.ccid

    def write(self) -> None:
        for item in sorted(self.by_id.values(), key=lambda c: c.ccid):
            summary = item.template_id is not None
            self.ctx.emit(
                "gl_code_combinations",
                {
                    "code_combination_id": item.ccid,
                    "chart_of_accounts_id": ent.CHART,
                    "account_type": item.account_type,
                    "enabled_flag": "Y" if item.enabled else "N",
                    "summary_flag": "Y" if summary else "N",
                    "template_id": item.template_id,
                    "detail_posting_allowed_flag": "N" if summary else "Y",
                    "detail_budgeting_allowed_flag": "N" if summary else "Y",
                    "segment1": item.segments[0],
                    "segment2": item.segments[1],
                    "segment3": item.segments[2],
                    "segment4": item.segments[3],
                    "segment5": item.segments[4],
                    "start_date_active": None,
                    "end_date_active": item.end_date,
                    **self.ctx.who(SETUP_DAY, 0),
                },
            )


def departments(count: int) -> list[str]:
    extra = [f"{code}" for code in range(610, 1000, 10)]
    base = [d for d in ent.BASE_DEPARTMENTS if d != "000"]
    return (base + extra)[: max(len(base), count)]


def setup(ctx: Ctx) -> None:
    """Write ledgers, calendar, statuses and rates; plan the accounts every module uses."""
    rng = ctx.rng("gl-setup")
    chart = Chart(ctx)
    ctx.data["chart"] = chart
    _ledgers(ctx, chart)
    _calendar_rows(ctx)
    _rates(ctx, rng)
    # Accounts every module needs, then a scaled pool of department expense accounts.
    wanted = ctx.n(6)
    depts = departments(math.ceil(wanted / 6) + ctx.n(6) + 3)
    extra = [d for d in depts if d not in PAYROLL_DEPARTMENTS]
    staffed = list(PAYROLL_DEPARTMENTS) + extra[: max(0, ctx.n(6) - len(PAYROLL_DEPARTMENTS))]
    ctx.data["payroll_departments"] = staffed
    pools: dict[str, list[int]] = {}
    for ou in ent.OUS:
        co = ou.company
        for account, (_, kind) in ent.ACCOUNTS.items():
            if kind in "ALO":
                chart.get(co, account)
        for product in ("1000", "2000"):
            chart.get(co, "4110", "200", product)
            chart.get(co, "5110", "400", product)
        chart.get(co, "4120", "200", "3000")
        for dept in staffed:
            chart.get(co, "6110", dept)
        chart.get(co, "6120", "100")
        chart.get(co, "6610", "100")
        chart.get(co, "7110", "110")
        pool = []
        for _ in range(wanted):
            pool.append(chart.get(co, rng.choice(ent.EXPENSE_ACCOUNTS), rng.choice(depts)))
        while len(set(pool)) < 3:  # reclassifications need at least two accounts
            pool.append(chart.get(co, rng.choice(ent.EXPENSE_ACCOUNTS), rng.choice(depts)))
        pools[co] = sorted(set(pool))
        # Disabled and end-dated combinations that nothing posts to any more.
        for _ in range(2):
            ccid = chart.get(co, rng.choice(ent.EXPENSE_ACCOUNTS), rng.choice(depts), "2000")
            if ccid not in pools[co]:
                chart.by_id[ccid].enabled = False
                chart.by_id[ccid].end_date = dt.date(2022, 12, 31)
    ctx.data["expense_ccids"] = pools
    ctx.data["departments"] = depts


def _ledgers(ctx: Ctx, chart: Chart) -> None:
    for ledger in ent.LEDGERS:
        companies = [ou.company for ou in ent.OUS if ou.ledger_id == ledger.ledger_id]
        ret_earn = chart.get(companies[0], "3210") if companies else None
        ctx.emit(
            "gl_ledgers",
            {
                "ledger_id": ledger.ledger_id,
                "name": ledger.name,
                "short_name": ledger.short_name,
                "description": f"{ledger.name} ({ledger.currency})",
                "ledger_category_code": ledger.category,
                "object_type_code": ledger.object_type,
                "chart_of_accounts_id": ent.CHART,
                "currency_code": ledger.currency,
                "period_set_name": ent.PERIOD_SET,
                "accounted_period_type": "Month",
                "first_ledger_period_name": "JAN-23",
                "latest_opened_period_name": "JUN-24" if ledger.object_type == "L" else None,
                "ret_earn_code_combination_id": ret_earn,
                "suspense_allowed_flag": "Y" if ledger.category == "PRIMARY" else "N",
                "completion_status_code": "CONFIRMED",
                **ctx.who(SETUP_DAY, 0),
            },
        )


def _calendar_rows(ctx: Ctx) -> None:
    for p in CALENDAR:
        year_start = dt.date(p.year, 1, 1)
        quarter_start = dt.date(p.year, (p.quarter - 1) * 3 + 1, 1)
        ctx.emit(
            "gl_periods",
            {
                "period_set_name": ent.PERIOD_SET,
                "period_name": p.name,
                "period_type": "Month",
                "start_date": p.start,
                "end_date": p.end,
                "year_start_date": year_start,
                "quarter_start_date": quarter_start,
                "period_year": p.year,
                "period_num": p.num,
                "quarter_num": p.quarter,
                "entered_period_name": p.name[:3],
                "adjustment_period_flag": "Y" if p.adjusting else "N",
                "description": "Adjusting period" if p.adjusting else None,
                **ctx.who(SETUP_DAY, 0),
            },
        )
        for ledger_id in ent.POSTING_LEDGERS:
            apps = (101,) if ledger_id == ent.ALC_LEDGER else (101, 200, 222)
            for app in apps:
                ctx.emit(
                    "gl_period_statuses",
                    {
                        "application_id": app,
                        "ledger_id": ledger_id,
                        "set_of_books_id": ledger_id,
                        "period_name": p.name,
                        "closing_status": _status(app, p),
                        "start_date": p.start,
                        "end_date": p.end,
                        "period_type": "Month",
                        "period_year": p.year,
                        "period_num": p.num,
                        "quarter_num": p.quarter,
                        "adjustment_period_flag": "Y" if p.adjusting else "N",
                        "effective_period_num": p.effective_num,
                        "year_start_date": year_start,
                        "quarter_start_date": quarter_start,
                        **ctx.who(SETUP_DAY, 0),
                    },
                )
    for version_id, name, status, opened in (
        (1001, "FY23 BUDGET", "F", dt.date(2022, 11, 1)),
        (1002, "FY24 BUDGET", "C", dt.date(2023, 11, 6)),
        (1003, "FY24 FORECAST", "O", dt.date(2024, 4, 2)),
    ):
        ctx.emit(
            "gl_budget_versions",
            {
                "budget_version_id": version_id,
                "budget_type": "standard",
                "budget_name": name,
                "version_num": "1",
                "status": status,
                "date_opened": opened,
                "description": f"{name.title()} for all primary ledgers",
                **ctx.who(midnight(opened), 0),
            },
        )


def _rates(ctx: Ctx, rng: random.Random) -> None:
    usd_eur, usd_gbp = 0.935, 0.830
    day = FIRST_DAY
    month_last: dict[tuple[int, int], dt.date] = {}
    while day <= LAST_DAY:
        if day.weekday() < 5:
            usd_eur = min(1.0, max(0.85, usd_eur + rng.gauss(0, 0.003)))
            usd_gbp = min(0.9, max(0.75, usd_gbp + rng.gauss(0, 0.0025)))
            ue = Decimal(usd_eur).quantize(SIX, ROUND_HALF_UP)
            ug = Decimal(usd_gbp).quantize(SIX, ROUND_HALF_UP)
            eg = (ug / ue).quantize(SIX, ROUND_HALF_UP)
            for a, b, rate in (("USD", "EUR", ue), ("USD", "GBP", ug), ("EUR", "GBP", eg)):
                ctx.rates[(a, b, day)] = rate
                ctx.rates[(b, a, day)] = (Decimal(1) / rate).quantize(SIX, ROUND_HALF_UP)
            month_last[(day.year, day.month)] = day
        day = add_days(day, 1)
    month_ends = set(month_last.values())
    for (a, b, day), rate in sorted(ctx.rates.items()):
        created = midnight(day) + dt.timedelta(hours=6, minutes=5)
        row = {
            "from_currency": a,
            "to_currency": b,
            "conversion_date": day,
            "conversion_type": "Corporate",
            "conversion_rate": rate,
            "status_code": "C",
            "rate_source_code": "TREASURY",
            **ctx.who(created, 0),
        }
        ctx.emit("gl_daily_rates", row)
        if day in month_ends:
            ctx.emit("gl_daily_rates", {**row, "conversion_type": "Spot", "rate_source_code": None})


def last_business_day(period: Period) -> dt.date:
    return min(business_day(period.end, back=True), LAST_DAY)
