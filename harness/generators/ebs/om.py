"""Order Management: order and line types, holds, orders month by month -> shipments -> AR."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs import inv, inv_txn
from harness.generators.ebs.core import (
    LAST_DAY,
    MONTHS,
    Ctx,
    add_days,
    at_time,
    business_day,
    midnight,
    money,
    month_days,
    random_day,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.om_billing import (
    HOLDS,
    TYPES,
    apply_hold,
    bill_order,
    emit_line,
    type_id,
)
from harness.generators.ebs.parties import Customer

SETUP = midnight(dt.date(2014, 12, 20))


def setup(ctx: Ctx) -> None:
    for ou in ent.OUS:
        for offset, (code, category, name_us, name_de) in TYPES.items():
            ttype = type_id(ou.org_id, offset)
            ctx.emit(
                "oe_transaction_types_all",
                {
                    "transaction_type_id": ttype,
                    "transaction_type_code": code,
                    "order_category_code": category,
                    "start_date_active": SETUP,
                    "end_date_active": None,
                    "default_outbound_line_type_id": type_id(ou.org_id, 4)
                    if offset in (1, 3)
                    else None,
                    "default_inbound_line_type_id": type_id(ou.org_id, 5)
                    if offset in (2, 3)
                    else None,
                    "cust_trx_type_id": 2 if category == "RETURN" else 1,
                    "org_id": ou.org_id,
                    **ctx.who(SETUP, 0),
                },
            )
            for language, name in (("US", name_us), ("D", name_de)):
                ctx.emit(
                    "oe_transaction_types_tl",
                    {
                        "transaction_type_id": ttype,
                        "language": language,
                        "source_lang": language,
                        "name": name,
                        "description": name,
                        **ctx.who(SETUP, 0),
                    },
                )
    for hold_id, name, kind in HOLDS:
        ctx.emit(
            "oe_hold_definitions",
            {
                "hold_id": hold_id,
                "name": name,
                "type_code": kind,
                "description": name,
                "item_type": "OEOH",
                "activity_name": None,
                "start_date_active": SETUP,
                "end_date_active": None,
                **ctx.who(SETUP, 0),
            },
        )


def generate(ctx: Ctx) -> Iterator[None]:
    rng = ctx.rng("om")
    sellable = [
        i for i in ctx.data["items"] if i.kind in ("FG", "P", "SVC") and i.status == "Active"
    ]
    items = {ou.org_id: inv.items_for(sellable, ent.WAREHOUSES[ou.org_id]) for ou in ent.OUS}
    active = {
        org_id: [c for c in found if c.active] for org_id, found in ctx.data["customers"].items()
    }
    for year, month in MONTHS:
        first, last = month_days(year, month)
        for _ in range(ctx.n_random(rng, 8)):
            org_id = rng.choices([ou.org_id for ou in ent.OUS], (4, 1, 2, 2))[0]
            customers = active[org_id]
            if not customers:
                continue
            day = random_day(rng, first, last)
            _order(ctx, rng, org_id, rng.choice(customers), day, items[org_id])
        yield  # one month at a time, interleaved with the other modules


def _order(
    ctx: Ctx,
    rng: random.Random,
    org_id: int,
    customer: Customer,
    day: dt.date,
    items: list[inv.Item],
) -> None:
    ordered = at_time(rng, day)
    header_id = ctx.next_id("oe_header", 100001)
    number = ctx.next_id(f"order_number_{org_id}", 60001)
    warehouses = ent.WAREHOUSES[org_id]
    usable = items
    recent = (LAST_DAY - day).days < 15
    cancelled = rng.random() < 0.03
    entered = not cancelled and recent and rng.random() < 0.3
    booked = None if (cancelled or entered) else ordered + dt.timedelta(minutes=rng.randint(5, 600))
    hold_until: dt.datetime | None = None
    on_hold = booked is not None and rng.random() < 0.06
    if on_hold and booked is not None:
        release = business_day(add_days(booked.date(), rng.randint(1, 6)))
        hold_until = at_time(rng, release) if release <= LAST_DAY and rng.random() < 0.75 else None
    ship_to = rng.choice(customer.ship_to)
    lines: list[dict[str, Any]] = []
    billed: list[tuple[dict[str, Any], inv.Item]] = []
    for number_in_order in range(1, rng.randint(1, 4) + 1):
        item = rng.choice(usable)
        ship_from = next(o for o in warehouses if o in item.orgs)
        quantity = rng.randint(1, 5) if item.kind == "FG" else rng.randint(1, 20)
        list_price = inv.price_in(item.price, customer.currency)
        price = list_price * (100 - rng.choice((0, 0, 0, 5, 10, 15))) // 100
        line: dict[str, Any] = {
            "line_id": ctx.next_id("oe_line", 200001),
            "header_id": header_id,
            "line_number": number_in_order,
            "shipment_number": 1,
            "org_id": org_id,
            "line_type_id": type_id(org_id, 4),
            "line_category_code": "ORDER",
            "inventory_item_id": item.item_id,
            "ordered_item": item.number,
            "ship_from_org_id": ship_from,
            "ordered_quantity": quantity,
            "cancelled_quantity": 0,
            "order_quantity_uom": "Ea",
            "unit_selling_price": money(price),
            "unit_list_price": money(list_price),
            "open_flag": "Y",
            "booked_flag": "Y" if booked else "N",
            "cancelled_flag": "N",
            "request_date": ordered,
            "sold_to_org_id": customer.account_id,
            "ship_to_org_id": ship_to,
            "invoice_to_org_id": customer.bill_to,
            "flow_status_code": "ENTERED",
            "_price": price,
        }
        lines.append(line)
        if cancelled:
            line.update(
                ordered_quantity=0,
                cancelled_quantity=quantity,
                open_flag="N",
                cancelled_flag="Y",
                flow_status_code="CANCELLED",
            )
            continue
        if booked is None:
            continue
        if rng.random() < 0.03 and quantity > 1:
            cut = rng.randint(1, quantity - 1)
            quantity -= cut
            line.update(ordered_quantity=quantity, cancelled_quantity=cut)
        schedule = business_day(add_days(day, rng.randint(3, 20)))
        line.update(
            schedule_ship_date=at_time(rng, schedule, 16, 18),
            promise_date=at_time(rng, schedule, 16, 18),
            flow_status_code="AWAITING_SHIPPING" if item.stocked else "BOOKED",
        )
        ship_day = business_day(add_days(schedule, rng.choice((0, 0, 1, 2, 3))))
        if on_hold and (hold_until is None or hold_until.date() > ship_day):
            if hold_until is None:
                continue
            ship_day = business_day(add_days(hold_until.date(), 1))
        if ship_day > LAST_DAY:
            continue
        shipped_at = at_time(rng, ship_day, 8, 18)
        if item.stocked:
            inv_txn.ensure_stock(ctx, rng, item, ship_from, quantity, shipped_at)
            inv_txn.transact(
                ctx,
                rng,
                item,
                ship_from,
                item.subinventory(),
                -quantity,
                33,
                shipped_at,
                source_id=header_id,
                source_line_id=line["line_id"],
                reference=f"SO {number}",
            )
            line.update(shipped_quantity=quantity, actual_shipment_date=shipped_at)
        line.update(fulfilled_quantity=quantity, fulfillment_date=shipped_at)
        if (LAST_DAY - ship_day).days < 2:
            line["flow_status_code"] = "SHIPPED" if item.stocked else "FULFILLED"
            continue
        line.update(
            invoiced_quantity=quantity,
            invoice_interface_status_code="YES",
            flow_status_code="CLOSED",
            open_flag="N",
            _ship_day=ship_day,
        )
        billed.append((line, item))
    type_name = TYPES[1][2]
    if billed:
        bill_order(ctx, rng, customer, header_id, number, ordered, type_name, billed, org_id)
    header_flow = "CANCELLED" if cancelled else ("ENTERED" if booked is None else "BOOKED")
    if lines and all(line["open_flag"] == "N" for line in lines) and not cancelled:
        header_flow = "CLOSED"
    ctx.emit(
        "oe_order_headers_all",
        {
            "header_id": header_id,
            "order_number": number,
            "order_type_id": type_id(org_id, 1),
            "org_id": org_id,
            "ordered_date": ordered,
            "request_date": ordered,
            "booked_flag": "Y" if booked else "N",
            "booked_date": booked,
            "open_flag": "N" if header_flow in ("CLOSED", "CANCELLED") else "Y",
            "cancelled_flag": "Y" if cancelled else "N",
            "flow_status_code": header_flow,
            "sold_to_org_id": customer.account_id,
            "ship_to_org_id": ship_to,
            "invoice_to_org_id": customer.bill_to,
            "ship_from_org_id": warehouses[0],
            "transactional_curr_code": customer.currency,
            "conversion_type_code": "Corporate"
            if customer.currency != ent.OU[org_id].currency
            else None,
            "price_list_id": 1000 + org_id,
            "payment_term_id": customer.terms_id,
            "salesrep_id": -3,
            "cust_po_number": f"CPO{rng.randint(10000, 99999)}" if rng.random() < 0.6 else None,
            "order_source_id": 0,
            "shipping_method_code": rng.choice(("UPS", "DHL", "FEDEX", None)),
            **ctx.who(ordered, clerk(ctx, rng, "OM")),
        },
    )
    for line in lines:
        emit_line(ctx, rng, line, ordered)
    if on_hold and booked is not None:
        apply_hold(ctx, rng, header_id, org_id, booked, hold_until)
