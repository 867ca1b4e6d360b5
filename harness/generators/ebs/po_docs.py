"""Purchasing documents in memory (one month at a time) and the rows they write."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import Ctx, at_time, money
from harness.generators.ebs.fnd import clerk
from harness.generators.ebs.inv import Item
from harness.generators.ebs.parties import SupplierSite


@dataclass
class Dist:
    dist_id: int
    num: int
    quantity: int
    ccid: int
    accrual_ccid: int
    delivered: int = 0
    billed: int = 0
    amount_billed: int = 0


@dataclass
class Shipment:
    location_id: int
    num: int
    quantity: int
    price: int
    need_by: dt.date
    dists: list[Dist]
    received: int = 0
    billed: int = 0
    cancelled: int = 0
    receipt_day: dt.date | None = None
    receive_id: int | None = None
    receipt_required: bool = True

    @property
    def closed_code(self) -> str:
        if self.cancelled:
            return "CLOSED"
        open_qty = self.quantity - self.cancelled
        received = self.received >= open_qty or not self.receipt_required
        billed = self.billed >= open_qty
        if received and billed:
            return "CLOSED"
        if received:
            return "CLOSED FOR RECEIVING"
        if billed:
            return "CLOSED FOR INVOICE"
        return "OPEN"


@dataclass
class PoLine:
    line_id: int
    num: int
    item: Item | None
    description: str
    category_id: int
    price: int
    destination: str  # INVENTORY or EXPENSE
    dest_org: int
    shipments: list[Shipment]
    req_line_id: int | None = None

    @property
    def quantity(self) -> int:
        return sum(s.quantity for s in self.shipments)


@dataclass
class Po:
    header_id: int
    number: str
    kind: str
    site: SupplierSite
    agent_id: int
    created: dt.datetime
    status: str
    approved: dt.datetime | None
    rate: Decimal | None
    lines: list[PoLine] = field(default_factory=list)
    cancelled: bool = False
    finally_closed: bool = False
    blanket_amount: int | None = None

    @property
    def org_id(self) -> int:
        return self.site.org_id


def write_po(ctx: Ctx, rng: random.Random, po: Po) -> None:
    ou = ent.OU[po.org_id]
    who = ctx.who(po.created, clerk(ctx, rng, "PO"))
    line_codes = []
    for line in po.lines:
        codes = {s.closed_code for s in line.shipments}
        line_codes.append("CLOSED" if codes == {"CLOSED"} else "OPEN")
    closed = "OPEN"
    if po.kind == "STANDARD" and line_codes and all(c == "CLOSED" for c in line_codes):
        closed = "FINALLY CLOSED" if po.finally_closed else "CLOSED"
    if po.cancelled:
        closed = "FINALLY CLOSED"
    foreign = po.rate is not None
    ctx.emit(
        "po_headers_all",
        {
            "po_header_id": po.header_id,
            "segment1": po.number,
            "type_lookup_code": po.kind,
            "org_id": po.org_id,
            "vendor_id": po.site.vendor_id,
            "vendor_site_id": po.site.site_id,
            "agent_id": po.agent_id,
            "currency_code": po.site.currency,
            "rate_type": "Corporate" if foreign else None,
            "rate_date": po.approved.date() if foreign and po.approved else None,
            "rate": po.rate,
            "authorization_status": po.status,
            "approved_flag": "Y"
            if po.status == "APPROVED"
            else ("R" if po.status == "REQUIRES REAPPROVAL" else "N"),
            "approved_date": po.approved,
            "closed_code": closed,
            "closed_date": po.created if closed != "OPEN" else None,
            "cancel_flag": "Y" if po.cancelled else "N",
            "blanket_total_amount": money(po.blanket_amount) if po.blanket_amount else None,
            "amount_limit": money(po.blanket_amount) if po.blanket_amount else None,
            "start_date": po.created.date() if po.kind == "BLANKET" else None,
            "end_date": dt.date(2024, 12, 31) if po.kind == "BLANKET" else None,
            "revision_num": 1 if po.status == "REQUIRES REAPPROVAL" else 0,
            "comments": f"{po.kind.title()} order for {po.site.vendor_name}"[:240],
            "terms_id": po.site.terms_id,
            "ship_to_location_id": 100 + po.org_id % 50,
            "bill_to_location_id": 100 + po.org_id % 50,
            **who,
        },
    )
    chart = ctx.data["chart"]
    for line, line_code in zip(po.lines, line_codes, strict=True):
        ctx.emit(
            "po_lines_all",
            {
                "po_line_id": line.line_id,
                "po_header_id": po.header_id,
                "line_num": line.num,
                "org_id": po.org_id,
                "line_type_id": 1 if line.item else 1020,
                "item_id": line.item.item_id if line.item else None,
                "item_description": line.description,
                "category_id": line.category_id,
                "unit_meas_lookup_code": "Each",
                "unit_price": money(line.price),
                "quantity": line.quantity if po.kind == "STANDARD" else None,
                "closed_code": "FINALLY CLOSED" if po.cancelled else line_code,
                "cancel_flag": "Y" if po.cancelled else "N",
                "cancel_date": po.created.date() if po.cancelled else None,
                **who,
            },
        )
        for ship in line.shipments:
            code = ship.closed_code
            ctx.emit(
                "po_line_locations_all",
                {
                    "line_location_id": ship.location_id,
                    "po_header_id": po.header_id,
                    "po_line_id": line.line_id,
                    "shipment_num": ship.num,
                    "shipment_type": "STANDARD",
                    "quantity": ship.quantity,
                    "quantity_received": ship.received,
                    "quantity_accepted": 0,
                    "quantity_billed": ship.billed,
                    "quantity_cancelled": ship.cancelled,
                    "price_override": money(ship.price),
                    "need_by_date": ship.need_by,
                    "promised_date": ship.need_by if rng.random() < 0.5 else None,
                    "ship_to_organization_id": line.dest_org,
                    "ship_to_location_id": 100 + line.dest_org % 50,
                    "closed_code": code,
                    "closed_date": None
                    if code == "OPEN"
                    else at_time(rng, ship.receipt_day or po.created.date()),
                    "cancel_flag": "Y" if ship.cancelled else "N",
                    "match_option": "R" if line.item else "P",
                    "receipt_required_flag": "Y" if line.item else "N",
                    "inspection_required_flag": "N",
                    "accrue_on_receipt_flag": "Y" if line.destination == "INVENTORY" else "N",
                    "org_id": po.org_id,
                    **who,
                },
            )
            for dist in ship.dists:
                ctx.emit(
                    "po_distributions_all",
                    {
                        "po_distribution_id": dist.dist_id,
                        "po_header_id": po.header_id,
                        "po_line_id": line.line_id,
                        "line_location_id": ship.location_id,
                        "distribution_num": dist.num,
                        "set_of_books_id": ou.ledger_id,
                        "code_combination_id": dist.ccid,
                        "accrual_account_id": dist.accrual_ccid,
                        "variance_account_id": chart.get(ou.company, "5110", "400", "1000"),
                        "quantity_ordered": dist.quantity,
                        "quantity_delivered": dist.delivered,
                        "quantity_billed": dist.billed,
                        "quantity_cancelled": dist.quantity if ship.cancelled else 0,
                        "amount_billed": money(dist.amount_billed),
                        "destination_type_code": line.destination,
                        "destination_organization_id": line.dest_org,
                        "destination_subinventory": "Stores"
                        if line.destination == "INVENTORY"
                        else None,
                        "deliver_to_person_id": po.agent_id,
                        "req_distribution_id": None,
                        "rate": po.rate,
                        "org_id": po.org_id,
                        **who,
                    },
                )
