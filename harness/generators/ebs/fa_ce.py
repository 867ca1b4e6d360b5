"""Fixed Assets (assets, versioned book rows, monthly depreciation) and bank statements."""

from __future__ import annotations

import datetime as dt
import random

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    LAST_DAY,
    MONTHS,
    Ctx,
    at_time,
    business_day,
    midnight,
    money,
    month_end,
    random_day,
)
from harness.generators.ebs.fnd import clerk

# category id -> (major, minor, life in months, typical cost in whole currency units)
CATEGORIES = {
    1: ("COMPUTER", "HARDWARE", 36, (1500, 12000)),
    2: ("COMPUTER", "SOFTWARE", 36, (5000, 60000)),
    3: ("FURNITURE", "OFFICE", 84, (800, 9000)),
    4: ("VEHICLE", "CAR", 60, (20000, 55000)),
    5: ("BUILDING", "IMPROVEMENT", 120, (30000, 250000)),
    6: ("MACHINERY", "PRODUCTION", 120, (15000, 180000)),
}
FIRST_COUNTER = 2023 * 12 + 1


def counter(day: dt.date) -> int:
    """FA period counter: year * 12 + month."""
    return day.year * 12 + day.month


def fixed_assets(ctx: Ctx) -> None:
    rng = ctx.rng("fa")
    setup = midnight(dt.date(2015, 1, 12))
    for category_id, (major, minor, _life, _cost) in CATEGORIES.items():
        ctx.emit(
            "fa_categories_b",
            {
                "category_id": category_id,
                "segment1": major,
                "segment2": minor,
                "enabled_flag": "Y",
                "capitalize_flag": "YES",
                "category_type": "NON-LEASE",
                "description": f"{major.title()} - {minor.title()}",
                **ctx.who(setup, 0),
            },
        )
    for _ in range(ctx.n(30, minimum=6)):
        _asset(ctx, rng, rng.choice(ent.OUS))


def _asset(ctx: Ctx, rng: random.Random, ou: ent.OperatingUnit) -> None:
    asset_id = ctx.next_id("asset", 100001)
    category_id = rng.choice(list(CATEGORIES))
    major, minor, life, (low, high) = CATEGORIES[category_id]
    if rng.random() < 0.6:
        in_service = random_day(rng, dt.date(2018, 1, 2), dt.date(2022, 12, 30))
    else:
        in_service = random_day(rng, dt.date(2023, 1, 2), LAST_DAY)
    kind = rng.choices(("CAPITALIZED", "CIP", "EXPENSED"), (92, 5, 3))[0]
    cost = rng.randint(low, high) * 100
    salvage = cost // 10 if rng.random() < 0.3 else 0
    created = at_time(rng, in_service)
    who = ctx.who(created, clerk(ctx, rng, "FA"))
    description = f"{minor.title()} {major.title()} {asset_id % 1000:03d}"
    ctx.emit(
        "fa_additions_b",
        {
            "asset_id": asset_id,
            "asset_number": str(asset_id),
            "tag_number": f"TAG{asset_id % 100000:05d}" if rng.random() < 0.5 else None,
            "asset_category_id": category_id,
            "asset_type": kind,
            "current_units": 1,
            "serial_number": f"SN{rng.randint(10**6, 10**7 - 1)}" if major != "BUILDING" else None,
            "model_number": None,
            "manufacturer_name": None,
            "in_use_flag": "YES",
            "owned_leased": "OWNED",
            "new_used": "NEW",
            "parent_asset_id": None,
            **who,
        },
    )
    for language in ("US", "D"):
        ctx.emit(
            "fa_additions_tl",
            {
                "asset_id": asset_id,
                "language": language,
                "source_lang": "US",
                "description": description,
                **who,
            },
        )
    depreciate = kind == "CAPITALIZED"
    # Versions of the book row: (effective date, cost, fully retired counter).
    versions: list[tuple[dt.date, int, int | None]] = [(in_service, cost, None)]
    if depreciate and rng.random() < 0.15:
        day = random_day(rng, max(in_service, dt.date(2023, 2, 1)), LAST_DAY)
        if day > in_service:
            versions.append((day, cost + rng.randint(5, 30) * cost // 100, None))
    if depreciate and rng.random() < 0.05:
        day = random_day(rng, max(versions[-1][0], dt.date(2023, 3, 1)), LAST_DAY)
        if day > versions[-1][0]:
            versions.append((day, 0, counter(day)))
    header_ids = [ctx.next_id("fa_transaction_header", 600001) for _ in versions]
    for index, (effective, version_cost, retired) in enumerate(versions):
        ends = versions[index + 1][0] if index + 1 < len(versions) else None
        ctx.emit(
            "fa_books",
            {
                "book_type_code": ou.book,
                "asset_id": asset_id,
                "transaction_header_id_in": header_ids[index],
                "transaction_header_id_out": header_ids[index + 1] if ends else None,
                "date_effective": at_time(rng, effective),
                "date_ineffective": at_time(rng, ends) if ends else None,
                "date_placed_in_service": in_service,
                "deprn_start_date": in_service,
                "cost": money(version_cost),
                "original_cost": money(cost),
                "salvage_value": money(salvage if not retired else 0),
                "life_in_months": life,
                "deprn_method_code": "STL",
                "prorate_convention_code": "MONTH",
                "depreciate_flag": "YES" if depreciate else "NO",
                "period_counter_fully_retired": retired,
                **ctx.who(at_time(rng, effective), clerk(ctx, rng, "FA")),
            },
        )
    if depreciate:
        _depreciation(ctx, ou.book, asset_id, in_service, versions, salvage, life)


def _depreciation(
    ctx: Ctx,
    book: str,
    asset_id: int,
    in_service: dt.date,
    versions: list[tuple[dt.date, int, int | None]],
    salvage: int,
    life: int,
) -> None:
    start = counter(in_service)
    reserve = 0
    first = max(start, FIRST_COUNTER)
    if start < FIRST_COUNTER:  # history before the window arrives as one BOOKS row
        months = min(FIRST_COUNTER - start, life)
        reserve = (versions[0][1] - salvage) * months // life
    ctx.out.row(
        "fa_deprn_summary",
        {
            "book_type_code": book,
            "asset_id": asset_id,
            "period_counter": first - 1,
            "deprn_run_date": midnight(dt.date((first - 2) // 12, (first - 2) % 12 + 1, 1)),
            "deprn_amount": money(0),
            "ytd_deprn": money(0),
            "deprn_reserve": money(reserve),
            "adjusted_cost": money(versions[0][1] - salvage),
            "deprn_source_code": "BOOKS",
        },
    )
    ytd = 0
    for year, month in MONTHS:
        period = year * 12 + month
        if period < first:
            continue
        if month == 1:
            ytd = 0
        effective = [v for v in versions if counter(v[0]) <= period][-1]
        cost, retired = effective[1], effective[2]
        if retired is not None:
            break
        basis = cost - salvage
        amount = min(basis // life, basis - reserve)
        if amount <= 0:
            break
        reserve += amount
        ytd += amount
        run = month_end(year, month)
        ctx.emit(
            "fa_deprn_summary",
            {
                "book_type_code": book,
                "asset_id": asset_id,
                "period_counter": period,
                "deprn_run_date": at_time(random.Random(period * asset_id), min(run, LAST_DAY)),
                "deprn_amount": money(amount),
                "ytd_deprn": money(ytd),
                "deprn_reserve": money(reserve),
                "adjusted_cost": money(basis),
                "deprn_source_code": "DEPRN",
            },
        )


def bank_statements(ctx: Ctx) -> None:
    """Monthly statements of each operating account from the AP and AR cash movements."""
    rng = ctx.rng("ce")
    cash: list[tuple[int, dt.date, int, str, str, bool]] = ctx.data["cash"]
    by_account: dict[int, list[tuple[int, dt.date, int, str, str, bool]]] = {}
    for move in cash:
        by_account.setdefault(move[0], []).append(move)
    for org_id, (account_id, _use, name, currency) in sorted(ctx.data["bank"].items()):
        moves = sorted(by_account.get(account_id, []), key=lambda m: (m[1], m[3], m[4], m[2]))
        balance = rng.randint(2_000, 9_000) * 100_000
        for year, month in MONTHS:
            statement_day = business_day(min(month_end(year, month), LAST_DAY), back=True)
            lines = [m for m in moves if (m[1].year, m[1].month) == (year, month)]
            charge = rng.randint(20, 400) * 100
            lines.append((account_id, statement_day, -charge, "CHARGE", "BANK FEES", False))
            if rng.random() < 0.5:
                lines.append(
                    (
                        account_id,
                        statement_day,
                        rng.randint(100, 3000) * 100,
                        "INTEREST",
                        "INTEREST",
                        False,
                    )
                )
            header_id = ctx.next_id("statement_header", 20001)
            debit = sum(-m[2] for m in lines if m[2] < 0)
            credit = sum(m[2] for m in lines if m[2] > 0)
            end = balance + credit - debit
            loaded = at_time(rng, statement_day, 19, 22)
            complete = (year, month) != (2024, 6)
            ctx.emit(
                "ce_statement_headers",
                {
                    "statement_header_id": header_id,
                    "bank_account_id": account_id,
                    "statement_number": f"{org_id}-{year}{month:02d}",
                    "statement_date": statement_day,
                    "control_begin_balance": money(balance),
                    "control_end_balance": money(end),
                    "control_total_dr": money(debit),
                    "control_total_cr": money(credit),
                    "control_dr_line_count": sum(1 for m in lines if m[2] < 0),
                    "control_cr_line_count": sum(1 for m in lines if m[2] > 0),
                    "currency_code": currency,
                    "auto_loaded_flag": "Y",
                    "statement_complete_flag": "Y" if complete else "N",
                    "gl_date": statement_day,
                    **ctx.who(loaded, clerk(ctx, rng, "CE")),
                },
            )
            for number, (_, day, amount, kind, reference, reconciled) in enumerate(lines, 1):
                trx_type = {
                    "AP": "DEBIT",
                    "AR": "CREDIT",
                    "NSF": "NSF",
                    "CHARGE": "MISC_DEBIT",
                    "INTEREST": "MISC_CREDIT",
                }[kind]
                status = (
                    "RECONCILED"
                    if reconciled
                    else ("EXTERNAL" if kind == "INTEREST" else "UNRECONCILED")
                )
                ctx.emit(
                    "ce_statement_lines",
                    {
                        "statement_line_id": ctx.next_id("statement_line", 300001),
                        "statement_header_id": header_id,
                        "line_number": number,
                        "trx_date": day,
                        "trx_type": trx_type,
                        "amount": money(abs(amount)),
                        "status": status,
                        "trx_code": {
                            "DEBIT": "475",
                            "CREDIT": "115",
                            "NSF": "555",
                            "MISC_DEBIT": "698",
                            "MISC_CREDIT": "354",
                        }[trx_type],
                        "effective_date": day,
                        "bank_trx_number": reference,
                        "currency_code": currency,
                        "invoice_text": None,
                        "customer_text": name if kind == "INTEREST" else None,
                        **ctx.who(loaded, clerk(ctx, rng, "CE")),
                    },
                )
            balance = end
