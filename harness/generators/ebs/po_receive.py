"""Receiving (RECEIVE, DELIVER, RETURN TO VENDOR) and the supplier invoice matched to a PO."""

from __future__ import annotations

import datetime as dt
import random

from harness.generators.ebs import inv_txn
from harness.generators.ebs.ap import new_invoice, tax_line
from harness.generators.ebs.ap_batch import InvoiceBatch
from harness.generators.ebs.ap_rows import Hold, Line, PoMatch
from harness.generators.ebs.core import (
    LAST_DAY,
    Ctx,
    add_days,
    at_time,
    business_day,
    money,
)
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.po_docs import Dist, Po, PoLine, Shipment


def receive(ctx: Ctx, rng: random.Random, po: Po) -> None:
    """RECEIVE, then DELIVER per distribution; a few partial receipts and returns."""
    for line in po.lines:
        if line.item is None:
            continue  # services are two-way matched: no receipt
        for ship in line.shipments:
            day = business_day(add_days(ship.need_by, rng.randint(-6, 8)))
            if day > LAST_DAY or rng.random() < 0.05:
                continue
            day = max(day, add_days(po.created.date(), 2))
            received = ship.quantity if rng.random() < 0.82 else max(1, ship.quantity // 2)
            returned = rng.randint(1, received - 1) if received > 2 and rng.random() < 0.05 else 0
            when = at_time(rng, day)
            header = ctx.next_id("rcv_shipment_header", 900001)
            ship_line = ctx.next_id("rcv_shipment_line", 950001)
            ship.receive_id = _rcv(
                ctx, rng, po, line, ship, "RECEIVE", received, when, header, ship_line, None, None
            )
            if returned:
                _rcv(
                    ctx,
                    rng,
                    po,
                    line,
                    ship,
                    "RETURN TO VENDOR",
                    returned,
                    when + dt.timedelta(hours=rng.randint(2, 30)),
                    header,
                    ship_line,
                    ship.receive_id,
                    None,
                )
            ship.received = received - returned
            ship.receipt_day = day
            left = ship.received
            deliver_at = when + dt.timedelta(hours=rng.randint(1, 6))
            for index, dist in enumerate(ship.dists):
                qty = left if index == len(ship.dists) - 1 else min(left, dist.quantity)
                left -= qty
                if qty <= 0:
                    continue
                dist.delivered = qty
                deliver = _rcv(
                    ctx,
                    rng,
                    po,
                    line,
                    ship,
                    "DELIVER",
                    qty,
                    deliver_at,
                    header,
                    ship_line,
                    ship.receive_id,
                    dist,
                )
                if line.destination == "INVENTORY" and line.item is not None:
                    inv_txn.transact(
                        ctx,
                        rng,
                        line.item,
                        line.dest_org,
                        "Stores",
                        qty,
                        18,
                        deliver_at,
                        source_id=po.header_id,
                        rcv_transaction_id=deliver,
                        reference=f"PO {po.number}",
                    )


def _rcv(
    ctx: Ctx,
    rng: random.Random,
    po: Po,
    line: PoLine,
    ship: Shipment,
    kind: str,
    quantity: int,
    when: dt.datetime,
    header: int,
    ship_line: int,
    parent: int | None,
    dist: Dist | None,
) -> int:
    transaction_id = ctx.next_id("rcv_transaction", 1000001)
    destination = {"RECEIVE": "RECEIVING", "RETURN TO VENDOR": "RECEIVING"}.get(
        kind, line.destination
    )
    ctx.emit(
        "rcv_transactions",
        {
            "transaction_id": transaction_id,
            "transaction_type": kind,
            "transaction_date": when,
            "quantity": quantity,
            "unit_of_measure": "Each",
            "uom_code": "Ea",
            "parent_transaction_id": parent,
            "shipment_header_id": header,
            "shipment_line_id": ship_line,
            "source_document_code": "PO",
            "destination_type_code": destination,
            "po_header_id": po.header_id,
            "po_line_id": line.line_id,
            "po_line_location_id": ship.location_id,
            "po_distribution_id": dist.dist_id if dist else None,
            "po_unit_price": money(ship.price),
            "currency_code": po.site.currency,
            "currency_conversion_rate": po.rate,
            "vendor_id": po.site.vendor_id,
            "vendor_site_id": po.site.site_id,
            "organization_id": line.dest_org,
            "subinventory": "Stores"
            if kind == "DELIVER" and line.destination == "INVENTORY"
            else None,
            "employee_id": po.agent_id,
            "inspection_status_code": "NOT INSPECTED",
            "interface_source_code": "RCV",
            **ctx.who(when, clerk(ctx, rng, "PO")),
        },
    )
    return transaction_id


def invoice(ctx: Ctx, rng: random.Random, po: Po, batch: InvoiceBatch) -> None:
    """One supplier invoice for what was received (or, for services, ordered)."""
    if rng.random() > 0.8:
        return
    lines: list[Line] = []
    holds: list[Hold] = []
    last_event = po.created.date()
    for line in po.lines:
        for ship in line.shipments:
            if line.item is None:
                billable, last = ship.quantity, ship.need_by
            elif ship.received:
                billable, last = ship.received, ship.receipt_day or ship.need_by
                if ship.received < ship.quantity and rng.random() < 0.2:
                    billable = ship.quantity  # billed more than received: QTY REC hold
            else:
                continue
            last_event = max(last_event, last)
            price = ship.price
            if line.item is not None and rng.random() < 0.03:
                price = price * 105 // 100
            left = billable
            for index, dist in enumerate(ship.dists):
                qty = left if index == len(ship.dists) - 1 else min(left, dist.quantity)
                left -= qty
                if qty <= 0:
                    continue
                dist.billed += qty
                dist.amount_billed += qty * price
                accrue = line.destination == "INVENTORY"
                ccid = dist.accrual_ccid if accrue else dist.ccid
                match = PoMatch(
                    po.header_id,
                    line.line_id,
                    ship.location_id,
                    dist.dist_id,
                    ship.receive_id,
                    line.item.item_id if line.item else None,
                    accrue,
                )
                lines.append(Line("ITEM", qty * price, ccid, line.description, qty, price, match))
            ship.billed += billable
            if billable > ship.received and line.item is not None:
                holds.append(
                    Hold(
                        "QTY REC",
                        "Quantity billed exceeds quantity received",
                        at_time(rng, LAST_DAY),
                        line_location_id=ship.location_id,
                    )
                )
            if price != ship.price:
                holds.append(
                    Hold(
                        "PRICE",
                        "Invoice price exceeds purchase order price",
                        at_time(rng, LAST_DAY),
                        line_location_id=ship.location_id,
                    )
                )
    if not lines:
        return
    day = business_day(add_days(last_event, rng.randint(2, 15)))
    if day > LAST_DAY:
        for line in po.lines:  # not invoiced yet after all: undo the billing
            for ship in line.shipments:
                ship.billed = 0
                for dist in ship.dists:
                    dist.billed = dist.amount_billed = 0
        return
    if rng.random() < 0.5:
        lines.append(tax_line(ctx, po.site, sum(line.amount for line in lines)))
    invoice = new_invoice(
        ctx,
        rng,
        po.site,
        "STANDARD",
        day,
        lines,
        source=rng.choice(("Manual Invoice Entry", "ISP", "XML GATEWAY")),
        description=f"PO {po.number}",
        po_header_id=po.header_id,
    )
    for hold in holds:
        hold.day = invoice.created + dt.timedelta(minutes=rng.randint(5, 90))
        release = business_day(add_days(invoice.gl_date, rng.randint(3, 20)))
        if hold.code == "PRICE" and release <= LAST_DAY and rng.random() < 0.6:
            hold.released, hold.release_code = at_time(rng, release), "PRICE RELEASE"
        invoice.holds.append(hold)
    batch.add(invoice)
