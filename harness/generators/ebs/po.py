"""Purchasing month by month: requisitions -> purchase orders -> receipts -> matched invoices."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs import inv
from harness.generators.ebs.ap_batch import InvoiceBatch
from harness.generators.ebs.core import (
    FIRST_DAY,
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
from harness.generators.ebs.parties import SupplierSite, pick_site
from harness.generators.ebs.po_docs import Dist, Po, PoLine, Shipment, write_po
from harness.generators.ebs.po_receive import invoice, receive

REQ_STATUS = (
    ("APPROVED", 80),
    ("INCOMPLETE", 6),
    ("IN PROCESS", 6),
    ("REJECTED", 4),
    ("CANCELLED", 4),
)
PO_STATUS = (
    ("APPROVED", 90),
    ("IN PROCESS", 3),
    ("INCOMPLETE", 3),
    ("REQUIRES REAPPROVAL", 3),
    ("REJECTED", 1),
)
SERVICES = (
    "Consulting services",
    "Facilities maintenance",
    "Software subscription",
    "Temporary staff",
    "Equipment calibration",
)


def _po_number(ctx: Ctx, org_id: int) -> str:
    return str(ctx.next_id(f"po_number_{org_id}", 5001))


def generate(ctx: Ctx) -> Iterator[None]:
    rng = ctx.rng("po")
    items = [i for i in ctx.data["items"] if i.kind in ("P", "EXP") and i.status == "Active"]
    _blankets(ctx, rng, items)
    by_org = {ou.org_id: inv.items_for(items, ent.WAREHOUSES[ou.org_id]) for ou in ent.OUS}
    for year, month in MONTHS:
        first, last = month_days(year, month)
        batch = InvoiceBatch(ctx, rng)
        for _ in range(ctx.n_random(rng, 6)):
            org_id = rng.choices([ou.org_id for ou in ent.OUS], (4, 2, 2, 2))[0]
            day = random_day(rng, first, last)
            site = pick_site(rng, ctx.data["supplier_sites"][org_id], day)
            preparers = ctx.data["employees"][org_id]
            if site is None or not preparers:
                continue
            with_req = rng.random() < 0.7
            po = _purchase_order(ctx, rng, site, day, by_org[org_id])
            req_status = rng.choices([s for s, _ in REQ_STATUS], [w for _, w in REQ_STATUS])[0]
            if with_req and req_status != "APPROVED":
                _write_requisition(ctx, rng, po, rng.choice(preparers), req_status, placed=False)
                continue
            if with_req:
                _write_requisition(ctx, rng, po, rng.choice(preparers), "APPROVED", placed=True)
            if po.status == "APPROVED" and not po.cancelled:
                receive(ctx, rng, po)
                invoice(ctx, rng, po, batch)
            write_po(ctx, rng, po)
        batch.flush()
        yield  # one month at a time, interleaved with the other modules


def _purchase_order(
    ctx: Ctx, rng: random.Random, site: SupplierSite, day: dt.date, items: list[inv.Item]
) -> Po:
    ou = ent.OU[site.org_id]
    ledger_currency = ent.LEDGER[ou.ledger_id].currency
    created = at_time(rng, day)
    status = rng.choices([s for s, _ in PO_STATUS], [w for _, w in PO_STATUS])[0]
    approved = None
    if status in ("APPROVED", "REQUIRES REAPPROVAL"):
        approved = created + dt.timedelta(hours=rng.randint(1, 60))
        if approved.date() > LAST_DAY:
            status, approved = "IN PROCESS", None
    rate = None
    if site.currency != ledger_currency:
        rate = ctx.rate(site.currency, ledger_currency, (approved or created).date())
    buyers = ctx.data["buyers"][site.org_id] or ctx.data["employees"][site.org_id]
    po = Po(
        ctx.next_id("po_header", 300001),
        _po_number(ctx, site.org_id),
        "STANDARD",
        site,
        rng.choice(buyers),
        created,
        status,
        approved,
        rate,
    )
    po.cancelled = status == "APPROVED" and rng.random() < 0.03
    po.finally_closed = rng.random() < 0.05
    chart = ctx.data["chart"]
    warehouses = ent.WAREHOUSES[site.org_id]
    for num in range(1, rng.randint(1, 3) + 1):
        usable = items
        item = rng.choice(usable) if usable and rng.random() < 0.75 else None
        if item is not None:
            dest_org = next(o for o in warehouses if o in item.orgs)
            price = inv.price_in(item.cost, site.currency)
            description = item.description
            category = item.po_category
            destination = "INVENTORY" if item.stocked else "EXPENSE"
        else:
            dest_org = warehouses[0]
            price = rng.randint(200, 8000) * 100
            description = rng.choice(SERVICES)
            category = rng.choice(ctx.data["po_categories"])
            destination = "EXPENSE"
        quantity = rng.randint(1, 5) if item is None else rng.choice((5, 10, 10, 20, 25, 50))
        line = PoLine(
            ctx.next_id("po_line", 400001),
            num,
            item,
            description,
            category,
            price,
            destination,
            dest_org,
            [],
        )
        pieces = (
            [quantity]
            if quantity < 10 or rng.random() < 0.7
            else [quantity // 2, quantity - quantity // 2]
        )
        for ship_num, qty in enumerate(pieces, start=1):
            need_by = business_day(add_days(day, rng.randint(10, 45) + 20 * (ship_num - 1)))
            dists = []
            split = [qty] if qty < 4 or rng.random() < 0.8 else [qty // 2, qty - qty // 2]
            for dist_num, dist_qty in enumerate(split, start=1):
                if destination == "INVENTORY":
                    ccid = chart.get(ou.company, "1410")
                else:
                    ccid = rng.choice(ctx.data["expense_ccids"][ou.company])
                dists.append(
                    Dist(
                        ctx.next_id("po_dist", 500001),
                        dist_num,
                        dist_qty,
                        ccid,
                        chart.get(ou.company, "2150"),
                    )
                )
            ship = Shipment(
                ctx.next_id("po_line_location", 600001),
                ship_num,
                qty,
                price,
                need_by,
                dists,
                receipt_required=item is not None,
            )
            if po.cancelled:
                ship.cancelled = qty
            line.shipments.append(ship)
        po.lines.append(line)
    return po


def _write_requisition(
    ctx: Ctx, rng: random.Random, po: Po, preparer: int, status: str, *, placed: bool
) -> None:
    header_id = ctx.next_id("req_header", 700001)
    created = po.created - dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 5))
    created = max(created, midnight(FIRST_DAY) + dt.timedelta(hours=8, minutes=rng.randint(0, 59)))
    who = ctx.who(created, clerk(ctx, rng, "PO"))
    ctx.emit(
        "po_requisition_headers_all",
        {
            "requisition_header_id": header_id,
            "segment1": str(ctx.next_id(f"req_number_{po.org_id}", 14001)),
            "type_lookup_code": "PURCHASE",
            "preparer_id": preparer,
            "authorization_status": status,
            "approved_date": created + dt.timedelta(hours=6) if status == "APPROVED" else None,
            "description": po.lines[0].description,
            "closed_code": None,
            "cancel_flag": "Y" if status == "CANCELLED" else "N",
            "org_id": po.org_id,
            **who,
        },
    )
    for line in po.lines:
        ctx.emit(
            "po_requisition_lines_all",
            {
                "requisition_line_id": ctx.next_id("req_line", 800001),
                "requisition_header_id": header_id,
                "line_num": line.num,
                "line_type_id": 1 if line.item else 1020,
                "item_id": line.item.item_id if line.item else None,
                "item_description": line.description,
                "category_id": line.category_id,
                "unit_meas_lookup_code": "Each",
                "unit_price": money(line.price),
                "quantity": line.quantity,
                "need_by_date": line.shipments[0].need_by,
                "to_person_id": preparer,
                "destination_type_code": line.destination,
                "destination_organization_id": line.dest_org,
                "suggested_vendor_id": po.site.vendor_id,
                "line_location_id": line.shipments[0].location_id if placed else None,
                "cancel_flag": "Y" if status == "CANCELLED" else "N",
                "closed_code": None,
                "org_id": po.org_id,
                **who,
            },
        )


def _blankets(ctx: Ctx, rng: random.Random, items: list[inv.Item]) -> None:
    """A few blanket agreements per operating unit: lines with prices, no shipments."""
    for ou in ent.OUS:
        for _ in range(ctx.n(1.5)):
            day = random_day(rng, dt.date(2023, 1, 2), dt.date(2023, 3, 31))
            site = pick_site(rng, ctx.data["supplier_sites"][ou.org_id], day)
            if site is None:
                continue
            buyers = ctx.data["buyers"][ou.org_id] or ctx.data["employees"][ou.org_id]
            created = at_time(rng, day)
            po = Po(
                ctx.next_id("po_header", 300001),
                _po_number(ctx, ou.org_id),
                "BLANKET",
                site,
                rng.choice(buyers),
                created,
                "APPROVED",
                created + dt.timedelta(hours=3),
                None,
                blanket_amount=rng.choice((5_000_000, 10_000_000, 25_000_000)),
            )
            for num in range(1, 3):
                item = rng.choice(items)
                po.lines.append(
                    PoLine(
                        ctx.next_id("po_line", 400001),
                        num,
                        item,
                        item.description,
                        item.po_category,
                        inv.price_in(item.cost, site.currency) * 95 // 100,
                        "INVENTORY",
                        ent.WAREHOUSES[ou.org_id][0],
                        [],
                    )
                )
            write_po(ctx, rng, po)
