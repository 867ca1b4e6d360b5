"""Material transactions (signed quantities) and the on-hand they add up to."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    FIRST_DAY,
    MONTHS,
    Ctx,
    add_days,
    at_time,
    money,
    month_days,
    random_day,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.inv import TYPES, Item, price_in


def transact(
    ctx: Ctx,
    rng: random.Random,
    item: Item,
    org_id: int,
    subinventory: str,
    quantity: int,
    type_id: int,
    when: dt.datetime,
    *,
    source_id: int | None = None,
    source_line_id: int | None = None,
    rcv_transaction_id: int | None = None,
    reference: str | None = None,
    transfer_to: str | None = None,
) -> int:
    """Write one material transaction (two for a subinventory transfer); update on-hand."""
    action, source_type = TYPES[type_id]
    currency = ent.OU[next(o.ou for o in ent.INV_ORGS if o.org_id == org_id)].currency
    cost = money(price_in(item.cost, currency))
    transaction_id = ctx.next_id("mmt", 7000001)
    rows = [(transaction_id, subinventory, quantity, transfer_to)]
    if transfer_to is not None:
        rows.append((ctx.next_id("mmt", 7000001), transfer_to, -quantity, subinventory))
    for trx_id, subinv, qty, other in rows:
        ctx.emit(
            "mtl_material_transactions",
            {
                "transaction_id": trx_id,
                "inventory_item_id": item.item_id,
                "organization_id": org_id,
                "subinventory_code": subinv,
                "locator_id": None,
                "transfer_subinventory": other,
                "transfer_transaction_id": (
                    rows[1][0] if trx_id == transaction_id else transaction_id
                )
                if other
                else None,
                "transaction_type_id": type_id,
                "transaction_action_id": action,
                "transaction_source_type_id": source_type,
                "transaction_source_id": source_id,
                "trx_source_line_id": source_line_id,
                "transaction_quantity": qty,
                "transaction_uom": "Ea",
                "primary_quantity": qty,
                "transaction_date": when,
                "actual_cost": cost,
                "transaction_cost": cost if type_id in (18, 36) else None,
                "rcv_transaction_id": rcv_transaction_id,
                "transaction_reference": reference,
                "source_code": None,
                "costed_flag": "N" if when.date() >= dt.date(2024, 6, 27) else None,
                **ctx.who(when, clerk(ctx, rng, "INV")),
            },
        )
        key = (item.item_id, org_id, subinv)
        onhand: dict[tuple[int, int, str], int] = ctx.data["onhand"]
        onhand[key] = onhand.get(key, 0) + qty
        if qty > 0:
            dates = ctx.data["onhand_dates"].setdefault(key, [when, when, trx_id])
            dates[1], dates[2] = when, trx_id
    return transaction_id


def available(ctx: Ctx, item: Item, org_id: int) -> int:
    onhand: dict[tuple[int, int, str], int] = ctx.data["onhand"]
    return onhand.get((item.item_id, org_id, item.subinventory()), 0)


def ensure_stock(
    ctx: Ctx, rng: random.Random, item: Item, org_id: int, quantity: int, when: dt.datetime
) -> None:
    """Count in a shortfall (cycle-count receipt) so an issue never drives on-hand negative."""
    short = quantity - available(ctx, item, org_id)
    if short > 0:
        earlier = max(when - dt.timedelta(days=1), at_time(rng, FIRST_DAY))
        transact(
            ctx,
            rng,
            item,
            org_id,
            item.subinventory(),
            short + rng.randint(0, 10),
            42,
            earlier,
            reference="Cycle count adjustment",
        )


def misc(ctx: Ctx) -> Iterator[None]:
    """Miscellaneous issues, receipts and subinventory transfers, month by month."""
    rng = ctx.rng("inv-finish")
    items = [i for i in ctx.data["items"] if i.stocked and i.status == "Active"]
    for year, month in MONTHS:
        first, last = month_days(year, month)
        for _ in range(ctx.n_random(rng, 3)):
            item = rng.choice(items)
            org_id = rng.choice(item.orgs[1:])
            when = at_time(rng, random_day(rng, first, last))
            roll = rng.random()
            if roll < 0.4:
                qty = rng.randint(1, 5)
                ensure_stock(ctx, rng, item, org_id, qty, when)
                transact(
                    ctx,
                    rng,
                    item,
                    org_id,
                    item.subinventory(),
                    -qty,
                    32,
                    when,
                    reference=rng.choice(("Damaged", "Scrap", "Sample")),
                )
            elif roll < 0.6:
                transact(
                    ctx,
                    rng,
                    item,
                    org_id,
                    item.subinventory(),
                    rng.randint(1, 8),
                    42,
                    when,
                    reference="Found stock",
                )
            else:
                qty = rng.randint(1, 4)
                ensure_stock(ctx, rng, item, org_id, qty, when)
                transact(
                    ctx,
                    rng,
                    item,
                    org_id,
                    item.subinventory(),
                    -qty,
                    2,
                    when,
                    reference="Move to staging",
                    transfer_to="Staging",
                )
        yield  # one month at a time, interleaved with the other modules


def onhand_layers(ctx: Ctx) -> None:
    """On-hand rows (one or two receipt layers) for every positive item/org/subinventory."""
    rng = ctx.rng("inv-onhand")
    onhand: dict[tuple[int, int, str], int] = ctx.data["onhand"]
    for key in sorted(onhand):
        quantity = onhand[key]
        if quantity <= 0:
            continue
        first_date, last_date, last_trx = ctx.data["onhand_dates"][key]
        layers = [quantity]
        if quantity > 3 and last_date.date() > add_days(first_date.date(), 30):
            older = rng.randint(1, quantity - 1)
            layers = [older, quantity - older]
        for index, qty in enumerate(layers):
            received = first_date if index == 0 else last_date
            ctx.emit(
                "mtl_onhand_quantities_detail",
                {
                    "onhand_quantities_id": ctx.next_id("moqd", 900001),
                    "inventory_item_id": key[0],
                    "organization_id": key[1],
                    "subinventory_code": key[2],
                    "locator_id": None,
                    "lot_number": None,
                    "revision": None,
                    "primary_transaction_quantity": qty,
                    "transaction_quantity": qty,
                    "transaction_uom_code": "Ea",
                    "date_received": received,
                    "orig_date_received": received,
                    "create_transaction_id": last_trx,
                    "update_transaction_id": last_trx,
                    "is_consigned": 2,
                    "owning_organization_id": key[1],
                    **ctx.who(received, clerk(ctx, rng, "INV"), updated=last_date),
                },
            )
    assert all(q >= 0 for q in onhand.values()), "negative on-hand"


def opening_stock(ctx: Ctx) -> None:
    """Stock counted in on the first business day, for every active stocked item and org."""
    rng = ctx.rng("inv-opening")
    ctx.data["onhand"] = {}
    ctx.data["onhand_dates"] = {}
    opening = at_time(rng, dt.date(2023, 1, 2), 6, 8)
    for item in ctx.data["items"]:
        if not item.stocked or item.status != "Active":
            continue
        for org_id in item.orgs[1:]:
            qty = rng.randint(20, 120) if item.kind == "P" else rng.randint(5, 40)
            transact(
                ctx,
                rng,
                item,
                org_id,
                item.subinventory(),
                qty,
                42,
                opening,
                reference="Opening balance",
            )
