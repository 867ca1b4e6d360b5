"""GL posting: journals per period (with reversals and the ALC copy), then balances and budgets.

Balances are derived from posted journal lines only, so for each ledger, account and period:
ledger-currency rows hold the ACCOUNTED sums of all posted journals, and TRANSLATED_FLAG 'R'
rows hold the ENTERED sums of journals in that foreign currency (BEQ = accounted). Begin
balances roll forward; revenue and expense accounts close into retained earnings at year end.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import LAST_DAY, Ctx, at_time, business_day, convert, money
from harness.generators.ebs.gl import ACTUAL_PERIODS, CALENDAR, Period
from harness.generators.ebs.gl_journals import JLine, Journal, account, period_journals, write

SUMMARY_TEMPLATE = 1001
BUDGET = 1002
Key = tuple[int, int, str]  # ledger, ccid, currency


def _status(rng: random.Random, period: Period) -> str:
    if (period.year, period.num) == (2024, 6):
        return "P" if rng.random() < 0.75 else "U"
    if (period.year, period.num) == (2024, 5):
        return "P" if rng.random() < 0.9 else "U"
    return "P"


def generate(ctx: Ctx) -> None:
    rng = ctx.rng("gl")
    # (ledger, ccid, currency) -> period index -> [dr, cr, dr_beq, cr_beq]
    nets: dict[Key, dict[int, list[int]]] = defaultdict(dict)
    pending: dict[tuple[int, int], list[Journal]] = defaultdict(list)  # reversals
    for index, period in enumerate(ACTUAL_PERIODS):
        for ledger_id in (ent.US_LEDGER, ent.DE_LEDGER, ent.UK_LEDGER):
            journals: list[Journal] = []
            for ou in ent.OUS:
                if ou.ledger_id == ledger_id:
                    journals += period_journals(ctx, rng, ledger_id, ou.company, period)
            journals += pending.pop((ledger_id, index), [])
            for journal in journals:
                journal.status = _status(rng, period)
                if not journal.header_id:
                    _assign_ids(ctx, journal)
                target = _next_month(index)
                if journal.accrual and target is not None:
                    reversal = _reversal(journal, ACTUAL_PERIODS[target])
                    _assign_ids(ctx, reversal)
                    pending[(ledger_id, target)].append(reversal)
            _post(ctx, rng, ledger_id, period, index, journals, nets, alc=False)
            if ledger_id == ent.US_LEDGER:
                copies = [_alc_copy(ctx, journal) for journal in journals]
                _post(ctx, rng, ent.ALC_LEDGER, period, index, copies, nets, alc=True)
    _balances(ctx, nets)
    _budgets(ctx, rng, nets)


def _assign_ids(ctx: Ctx, journal: Journal) -> None:
    journal.header_id = ctx.next_id("je_header", 700001)
    if journal.ledger_id == ent.US_LEDGER:
        journal.alc_header_id = ctx.next_id("je_header", 700001)


def _next_month(index: int) -> int | None:
    """The period an accrual made in period ``index`` is reversed in (adjusting ones skipped)."""
    for later in range(index + 1, len(ACTUAL_PERIODS)):
        if not ACTUAL_PERIODS[later].adjusting:
            return later
    return None


def _reversal(journal: Journal, period: Period) -> Journal:
    lines = [
        JLine(line.ccid, line.cr, line.dr, f"Reversal: {line.description}")
        for line in journal.lines
    ]
    reversal = Journal(
        journal.ledger_id,
        journal.source,
        journal.category,
        period,
        f"Reverses {journal.name}"[:100],
        journal.currency,
        business_day(period.start),
        lines,
    )
    reversal.reverses = journal
    journal.reversal = reversal
    return reversal


def _alc_copy(ctx: Ctx, journal: Journal) -> Journal:
    """The journal as replicated into the EUR reporting ledger (accounted in EUR later)."""
    lines = [JLine(line.ccid, line.dr, line.cr, line.description) for line in journal.lines]
    currency = journal.currency
    if currency == ent.LEDGER[journal.ledger_id].currency:
        # Entered in the primary currency: the reporting ledger gets it entered in EUR.
        currency = ent.LEDGER[ent.ALC_LEDGER].currency
        # A reversal is converted at the rate of the journal it reverses.
        on = journal.reverses.effective if journal.reverses else journal.effective
        rate = ctx.rate(journal.currency, currency, on)
        lines = [
            JLine(line.ccid, convert(line.dr, rate), convert(line.cr, rate), line.description)
            for line in journal.lines
        ]
        diff = sum(line.dr for line in lines) - sum(line.cr for line in lines)
        if diff > 0:
            max(lines, key=lambda line: line.cr).cr += diff
        elif diff < 0:
            max(lines, key=lambda line: line.dr).dr -= diff
    copy = Journal(
        ent.ALC_LEDGER,
        journal.source,
        journal.category,
        journal.period,
        journal.name,
        currency,
        journal.effective,
        lines,
        journal.status,
    )
    copy.header_id = journal.alc_header_id
    copy.accrual, copy.reversal, copy.reverses = journal.accrual, journal.reversal, journal.reverses
    return copy


def _post(
    ctx: Ctx,
    rng: random.Random,
    ledger_id: int,
    period: Period,
    index: int,
    journals: list[Journal],
    nets: dict[Key, dict[int, list[int]]],
    *,
    alc: bool,
) -> None:
    ledger_currency = ent.LEDGER[ledger_id].currency
    groups: dict[tuple[str, str], list[Journal]] = {}
    for journal in journals:
        account(ctx, journal, ledger_currency)
        groups.setdefault((journal.source, journal.status), []).append(journal)
    batches = [  # a batch per source and status, at most three journals (one transfer run)
        (key, members[start : start + 3])
        for key, members in sorted(groups.items())
        for start in range(0, len(members), 3)
    ]
    for (source, status), members in batches:
        batch_id = ctx.next_id("je_batch", 600001)
        for journal in members:
            write(ctx, rng, batch_id, journal, alc=alc)
            if journal.status != "P":
                continue
            for line in journal.lines:
                slot = nets[(ledger_id, line.ccid, ledger_currency)].setdefault(index, [0] * 4)
                slot[0] += line.acc_dr
                slot[1] += line.acc_cr
                if journal.currency != ledger_currency:
                    slot = nets[(ledger_id, line.ccid, journal.currency)].setdefault(index, [0] * 4)
                    slot[0] += line.dr
                    slot[1] += line.cr
                    slot[2] += line.acc_dr
                    slot[3] += line.acc_cr
        acc_dr = sum(line.acc_dr for j in members for line in j.lines)
        acc_cr = sum(line.acc_cr for j in members for line in j.lines)
        first = min(j.effective for j in members)
        created = at_time(rng, first)
        ctx.emit(
            "gl_je_batches",
            {
                "je_batch_id": batch_id,
                "name": f"{source} {period.name} {ledger_id} {batch_id}",
                "status": status,
                "status_verified": "Y" if status == "P" else "N",
                "actual_flag": "A",
                "default_period_name": period.name,
                "default_effective_date": first,
                "posted_date": created if status == "P" else None,
                "date_created": created,
                "description": f"{source} journals for {period.name}",
                "running_total_dr": money(sum(line.dr for j in members for line in j.lines)),
                "running_total_cr": money(sum(line.cr for j in members for line in j.lines)),
                "running_total_accounted_dr": money(acc_dr),
                "running_total_accounted_cr": money(acc_cr),
                "approval_status_code": "Z",
                **ctx.who(created, 0),
            },
        )


def _balances(ctx: Ctx, nets: dict[Key, dict[int, list[int]]]) -> None:
    chart = ctx.data["chart"]
    year_start = next(i for i, p in enumerate(ACTUAL_PERIODS) if p.name == "JAN-24")
    state: dict[Key, list[int]] = {}  # begin dr, cr, dr_beq, cr_beq, qtd dr, qtd cr, ptd dr, cr
    summary: dict[tuple[int, int, str, int], list[int]] = defaultdict(lambda: [0] * 8)
    for index, period in enumerate(ACTUAL_PERIODS):
        if index == year_start:
            for key in sorted(state):
                ledger_id, ccid, currency = key
                item = chart.by_id[ccid]
                if item.account_type not in "RE":
                    continue
                retained = (ledger_id, chart.get(item.segments[0], "3210"), currency)
                target = state.setdefault(retained, [0] * 8)
                for slot in range(4):
                    target[slot] += state[key][slot]
                    state[key][slot] = 0
        new_quarter = index == 0 or (period.quarter != ACTUAL_PERIODS[index - 1].quarter)
        for key, by_period in nets.items():
            if index in by_period and key not in state:
                state[key] = [0] * 8
        for key in sorted(state):
            ledger_id, ccid, currency = key
            begin = state[key]
            net = nets.get(key, {}).get(index, [0, 0, 0, 0])
            if new_quarter:
                begin[4] = begin[5] = 0
            begin[4] += net[0]
            begin[5] += net[1]
            begin[6] += net[0]
            begin[7] += net[1]
            foreign = currency != ent.LEDGER[ledger_id].currency
            _balance_row(
                ctx, key, period, "A", None, None, "R" if foreign else None, begin, net, foreign
            )
            if ledger_id == ent.US_LEDGER and not foreign:
                item = chart.by_id[ccid]
                target = chart.summary(item.segments[2], SUMMARY_TEMPLATE)
                total = summary[(ledger_id, target, currency, index)]
                for slot, value in enumerate(
                    (begin[0], begin[1], net[0], net[1], begin[4], begin[5], begin[6], begin[7])
                ):
                    total[slot] += value
            for slot in range(4):
                begin[slot] += net[slot]
    for (ledger_id, ccid, currency, index), total in sorted(summary.items()):
        period = ACTUAL_PERIODS[index]
        begin = [total[0], total[1], 0, 0, total[4], total[5], total[6], total[7]]
        _balance_row(
            ctx,
            (ledger_id, ccid, currency),
            period,
            "A",
            None,
            SUMMARY_TEMPLATE,
            None,
            begin,
            [total[2], total[3], 0, 0],
            False,
        )


def _balance_row(
    ctx: Ctx,
    key: Key,
    period: Period,
    actual: str,
    budget: int | None,
    template: int | None,
    translated: str | None,
    begin: list[int],
    net: list[int],
    foreign: bool,
) -> None:
    ledger_id, ccid, currency = key
    updated = min(period.end, LAST_DAY)
    ctx.emit(
        "gl_balances",
        {
            "ledger_id": ledger_id,
            "code_combination_id": ccid,
            "currency_code": currency,
            "period_name": period.name,
            "actual_flag": actual,
            "budget_version_id": budget,
            "encumbrance_type_id": None,
            "translated_flag": translated,
            "template_id": template,
            "period_type": "Month",
            "period_year": period.year,
            "period_num": period.num,
            "period_net_dr": money(net[0]),
            "period_net_cr": money(net[1]),
            "period_net_dr_beq": money(net[2]) if foreign else None,
            "period_net_cr_beq": money(net[3]) if foreign else None,
            "begin_balance_dr": money(begin[0]),
            "begin_balance_cr": money(begin[1]),
            "begin_balance_dr_beq": money(begin[2]) if foreign else None,
            "begin_balance_cr_beq": money(begin[3]) if foreign else None,
            "quarter_to_date_dr": money(begin[4]),
            "quarter_to_date_cr": money(begin[5]),
            "project_to_date_dr": money(begin[6]),
            "project_to_date_cr": money(begin[7]),
            "last_update_date": dt.datetime(updated.year, updated.month, updated.day, 22, 15),
            "last_updated_by": 0,
        },
    )


def _budgets(ctx: Ctx, rng: random.Random, nets: dict[Key, dict[int, list[int]]]) -> None:
    """FY24 budget for the expense accounts of the primary ledgers, all twelve months."""
    chart = ctx.data["chart"]
    months = [p for p in CALENDAR if p.year == 2024 and not p.adjusting]
    for key in sorted(nets):
        ledger_id, ccid, currency = key
        if ledger_id == ent.ALC_LEDGER or currency != ent.LEDGER[ledger_id].currency:
            continue
        kind = chart.by_id[ccid].account_type
        if kind != "E":
            continue
        history = [v for i, v in nets[key].items() if ACTUAL_PERIODS[i].year == 2023]
        if not history:
            continue
        average = abs(sum(v[0] - v[1] for v in history)) // 12
        begin = [0] * 8
        for period in months:
            amount = average * rng.choice((95, 100, 105, 110)) // 100
            net = [amount, 0, 0, 0]
            _balance_row(ctx, key, period, "B", BUDGET, None, None, begin, net, False)
            begin = [begin[0] + net[0], begin[1] + net[1], 0, 0, 0, 0, 0, 0]
