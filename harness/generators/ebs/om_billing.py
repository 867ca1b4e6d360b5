"""Invoicing shipped orders through AR, return orders (RMA) with their credits, order holds."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from harness.generators.ebs import ar, inv, inv_txn
from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.ar_docs import TrxLine
from harness.generators.ebs.core import (
    LAST_DAY,
    Ctx,
    add_days,
    at_time,
    business_day,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.parties import Customer

# per OU: offset -> (code, category, US name, German name)
TYPES = {
    1: ("ORDER", "ORDER", "Standard", "Standard"),
    2: ("ORDER", "RETURN", "Return Only", "Nur Retoure"),
    3: ("ORDER", "MIXED", "Mixed", "Gemischt"),
    4: ("LINE", "ORDER", "Standard (Line Invoicing)", "Standard (Positionsfaktura)"),
    5: ("LINE", "RETURN", "Return (Receipt)", "Retoure (Wareneingang)"),
}
HOLDS = (
    (1, "Credit Check Failure", "CREDIT"),
    (2, "Configurator Validation Hold", "HOLD"),
    (3, "GSA Violation", "GSA"),
    (4, "Manual Review Hold", "HOLD"),
)


def type_id(org_id: int, offset: int) -> int:
    return 1000 + 10 * [ou.org_id for ou in ent.OUS].index(org_id) + offset


def emit_line(ctx: Ctx, rng: random.Random, line: dict[str, Any], created: dt.datetime) -> None:
    row = {k: v for k, v in line.items() if not k.startswith("_")}
    ctx.emit("oe_order_lines_all", {**row, **ctx.who(created, clerk(ctx, rng, "OM"))})


def bill_order(
    ctx: Ctx,
    rng: random.Random,
    customer: Customer,
    header_id: int,
    number: int,
    ordered: dt.datetime,
    type_name: str,
    billed: list[tuple[dict[str, Any], inv.Item]],
    org_id: int,
) -> None:
    day = max(line["_ship_day"] for line, _ in billed)
    trx_lines = []
    for line, item in billed:
        product = {"FG": "1000", "P": "2000", "SVC": "3000"}[item.kind]
        account = ("4120", "200", "3000") if item.kind == "SVC" else ("4110", "200", product)
        trx_lines.append(
            TrxLine(
                item.description,
                line["invoiced_quantity"],
                line["_price"],
                item.item_id,
                account,
                {
                    "attribute1": str(number),
                    "attribute2": type_name,
                    "attribute3": str(header_id % 100000 + 700000),
                    "attribute6": str(line["line_id"]),
                },
                (str(number), str(line["line_number"]), ordered),
                line["ship_from_org_id"],
            )
        )
    credit = None
    returnable = [(line, item) for line, item in billed if item.stocked]
    if returnable and rng.random() < 0.05:
        line, item = rng.choice(returnable)
        credit = _return(ctx, rng, customer, org_id, day, line, item)
    ar.bill(
        ctx,
        rng,
        customer,
        day,
        trx_lines,
        source="ORDER ENTRY",
        interface={"attribute1": str(number), "attribute2": type_name},
        credit=credit,
    )


def _return(
    ctx: Ctx,
    rng: random.Random,
    customer: Customer,
    org_id: int,
    invoiced: dt.date,
    original: dict[str, Any],
    item: inv.Item,
) -> tuple[dt.date, list[TrxLine], str] | None:
    """A return order (RMA) for part of a shipped line; returns the credit to issue, if any."""
    day = business_day(add_days(invoiced, rng.randint(5, 15)))
    if day > LAST_DAY:
        return None
    header_id = ctx.next_id("oe_header", 100001)
    number = ctx.next_id(f"order_number_{org_id}", 60001)
    ordered = at_time(rng, day)
    quantity = rng.randint(1, original["invoiced_quantity"])
    received_day = business_day(add_days(day, rng.randint(3, 25)))
    credit_day = business_day(add_days(received_day, 1))
    received = received_day <= LAST_DAY
    credited = credit_day <= LAST_DAY
    status = "CLOSED" if credited else ("RETURNED" if received else "AWAITING_RETURN")
    reason = rng.choice(("DAMAGED PRODUCT", "WRONG ITEM", "NOT NEEDED"))
    line_id = ctx.next_id("oe_line", 200001)
    when = at_time(rng, received_day)
    line = {
        "line_id": line_id,
        "header_id": header_id,
        "line_number": 1,
        "shipment_number": 1,
        "org_id": org_id,
        "line_type_id": type_id(org_id, 5),
        "line_category_code": "RETURN",
        "inventory_item_id": item.item_id,
        "ordered_item": item.number,
        "ship_from_org_id": original["ship_from_org_id"],
        "ordered_quantity": quantity,
        "cancelled_quantity": 0,
        "order_quantity_uom": "Ea",
        "unit_selling_price": original["unit_selling_price"],
        "unit_list_price": original["unit_list_price"],
        "flow_status_code": status,
        "open_flag": "N" if credited else "Y",
        "booked_flag": "Y",
        "cancelled_flag": "N",
        "request_date": ordered,
        "sold_to_org_id": customer.account_id,
        "ship_to_org_id": original["ship_to_org_id"],
        "invoice_to_org_id": customer.bill_to,
        "reference_line_id": original["line_id"],
        "return_reason_code": reason,
        "fulfilled_quantity": quantity if received else None,
        "fulfillment_date": when if received else None,
        "invoiced_quantity": quantity if credited else None,
        "invoice_interface_status_code": "YES" if credited else None,
    }
    ctx.emit(
        "oe_order_headers_all",
        {
            "header_id": header_id,
            "order_number": number,
            "order_type_id": type_id(org_id, 2),
            "org_id": org_id,
            "ordered_date": ordered,
            "request_date": ordered,
            "booked_flag": "Y",
            "booked_date": ordered + dt.timedelta(minutes=20),
            "open_flag": "N" if credited else "Y",
            "cancelled_flag": "N",
            "flow_status_code": "CLOSED" if credited else "BOOKED",
            "sold_to_org_id": customer.account_id,
            "ship_to_org_id": original["ship_to_org_id"],
            "invoice_to_org_id": customer.bill_to,
            "ship_from_org_id": original["ship_from_org_id"],
            "transactional_curr_code": customer.currency,
            "price_list_id": 1000 + org_id,
            "payment_term_id": customer.terms_id,
            "salesrep_id": -3,
            "order_source_id": 0,
            **ctx.who(ordered, clerk(ctx, rng, "OM")),
        },
    )
    emit_line(ctx, rng, line, ordered)
    if not received:
        return None
    inv_txn.transact(
        ctx,
        rng,
        item,
        original["ship_from_org_id"],
        item.subinventory(),
        quantity,
        15,
        when,
        source_id=header_id,
        source_line_id=line_id,
        reference=f"RMA {number}",
    )
    if not credited:
        return None
    return (
        credit_day,
        [
            TrxLine(
                item.description,
                -quantity,
                original["_price"],
                item.item_id,
                ("4110", "200", "1000" if item.kind == "FG" else "2000"),
                {
                    "attribute1": str(number),
                    "attribute2": TYPES[2][2],
                    "attribute3": "0",
                    "attribute6": str(line_id),
                },
                (str(number), "1", ordered),
                original["ship_from_org_id"],
            )
        ],
        reason,
    )


def apply_hold(
    ctx: Ctx,
    rng: random.Random,
    header_id: int,
    org_id: int,
    booked: dt.datetime,
    released: dt.datetime | None,
) -> None:
    source_id = ctx.next_id("hold_source", 30001)
    release_id = ctx.next_id("hold_release", 40001) if released else None
    hold_id = 1 if rng.random() < 0.8 else rng.choice((2, 4))
    who = ctx.who(booked, clerk(ctx, rng, "OM"), updated=released or booked)
    ctx.emit(
        "oe_hold_sources_all",
        {
            "hold_source_id": source_id,
            "hold_id": hold_id,
            "hold_entity_code": "O",
            "hold_entity_id": header_id,
            "hold_until_date": None,
            "released_flag": "Y" if released else "N",
            "hold_comment": "Credit limit exceeded" if hold_id == 1 else None,
            "hold_release_id": release_id,
            "org_id": org_id,
            **who,
        },
    )
    if released and release_id:
        ctx.emit(
            "oe_hold_releases",
            {
                "hold_release_id": release_id,
                "hold_source_id": source_id,
                "release_reason_code": rng.choice(("CREDIT_CHECK_PASSED", "MANUAL_RELEASE")),
                "release_comment": "Released after review",
                **who,
            },
        )
    ctx.emit(
        "oe_order_holds_all",
        {
            "order_hold_id": ctx.next_id("order_hold", 50001),
            "header_id": header_id,
            "line_id": None,
            "hold_source_id": source_id,
            "hold_release_id": release_id,
            "released_flag": "Y" if released else "N",
            "org_id": org_id,
            **who,
        },
    )
