"""Inventory setup: organizations, items per organization, categories and item costs."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    Ctx,
    midnight,
    money,
)
from harness.generators.ebs.fnd import clerk

SETUP = midnight(dt.date(2014, 12, 15))
# transaction type -> (action, source type)
TYPES = {18: (27, 1), 36: (1, 1), 33: (1, 2), 15: (27, 12), 32: (1, 13), 42: (27, 13), 2: (2, 13)}
INV_CATEGORIES = (
    ("HARDWARE", "SERVER"),
    ("HARDWARE", "STORAGE"),
    ("HARDWARE", "NETWORK"),
    ("SOFTWARE", "LICENSE"),
    ("SERVICES", "INSTALL"),
    ("COMPONENT", "ELECTRONIC"),
    ("COMPONENT", "MECHANICAL"),
    ("MISC", "MISC"),
)
PO_CATEGORIES = (
    ("IT", "HARDWARE"),
    ("IT", "SOFTWARE"),
    ("OFFICE", "SUPPLIES"),
    ("OFFICE", "FURNITURE"),
    ("SERVICES", "CONSULTING"),
    ("FACILITIES", "MAINTENANCE"),
)
KINDS = {  # kind -> (item number prefix, item type, stocked, orderable, purchasable)
    "FG": ("AS", "FG", True, True, False),
    "P": ("CM", "P", True, False, True),
    "SVC": ("SV", "SVC", False, True, False),
    "EXP": ("EX", "EXP", False, False, True),
}
NOUNS = {
    "FG": ("Server", "Storage Array", "Router", "Switch", "Workstation", "Laptop", "Monitor"),
    "P": ("Memory Module", "Power Supply", "Hard Drive", "Fan Assembly", "Cable Kit", "Chassis"),
    "SVC": ("Installation Service", "Support Contract", "Training Day"),
    "EXP": ("Office Chair", "Printer Paper", "Desk Lamp", "Toner Cartridge"),
}
PRICE_FACTOR = {"USD": Decimal(1), "EUR": Decimal("0.92"), "GBP": Decimal("0.80")}


@dataclass
class Item:
    item_id: int
    number: str
    description: str
    kind: str
    price: int  # list price, USD cents
    cost: int  # unit cost, USD cents
    orgs: tuple[int, ...]
    status: str
    inv_category: int
    po_category: int

    @property
    def stocked(self) -> bool:
        return KINDS[self.kind][2]

    def subinventory(self) -> str:
        return "FGI" if self.kind == "FG" else "Stores"


def price_in(cents: int, currency: str) -> int:
    return int(Decimal(cents) * PRICE_FACTOR[currency])


def setup(ctx: Ctx) -> None:
    rng = ctx.rng("inv")
    for org in ent.INV_ORGS:
        ctx.emit(
            "mtl_parameters",
            {
                "organization_id": org.org_id,
                "organization_code": org.code,
                "master_organization_id": ent.MASTER_ORG,
                "cost_organization_id": org.org_id,
                "primary_cost_method": org.cost_method,
                "calendar_code": "VIS_CAL",
                "wms_enabled_flag": "N",
                "process_enabled_flag": "N",
                "default_cost_group_id": 1000 + org.org_id,
                **ctx.who(SETUP, 0),
            },
        )
    categories = {}
    for structure, pairs in ((101, INV_CATEGORIES), (201, PO_CATEGORIES)):
        for seg1, seg2 in pairs:
            category_id = ctx.next_id("category", 1001)
            categories[(structure, seg1, seg2)] = category_id
            ctx.emit(
                "mtl_categories_b",
                {
                    "category_id": category_id,
                    "structure_id": structure,
                    "segment1": seg1,
                    "segment2": seg2,
                    "description": f"{seg1.title()} {seg2.title()}",
                    "enabled_flag": "Y",
                    "disable_date": None,
                    "summary_flag": "N",
                    **ctx.who(SETUP, 0),
                },
            )
    ctx.data["po_categories"] = [c for k, c in categories.items() if k[0] == 201]
    items: list[Item] = []
    numbers: set[str] = set()
    for index in range(ctx.n(30, minimum=8)):
        kind = ("FG", "P", "FG", "P", "SVC", "FG", "P", "EXP", "P", "FG")[index % 10]
        prefix = KINDS[kind][0]
        number = f"{prefix}{rng.randint(10000, 99999)}"
        while number in numbers:
            number = f"{prefix}{rng.randint(10000, 99999)}"
        numbers.add(number)
        price = {
            "FG": rng.randint(400, 9000),
            "P": rng.randint(8, 450),
            "SVC": rng.randint(150, 2500),
            "EXP": rng.randint(5, 300),
        }[kind] * 100
        if rng.random() < 0.3:
            price = (price // 10000) * 10000 + 9900  # ...99.00 price points: ties
        children = [207, 208] if kind in ("FG", "P") else [207]
        children += [o for o in (600, 700) if kind != "EXP" and rng.random() < 0.7]
        status = "Active"
        if index > 6 and rng.random() < 0.08:
            status = rng.choice(("Inactive", "Obsolete"))
        inv_cat = {
            "FG": ("HARDWARE", rng.choice(("SERVER", "STORAGE", "NETWORK"))),
            "P": ("COMPONENT", rng.choice(("ELECTRONIC", "MECHANICAL"))),
            "SVC": ("SERVICES", "INSTALL"),
            "EXP": ("MISC", "MISC"),
        }[kind]
        po_cat = {
            "FG": ("IT", "HARDWARE"),
            "P": ("IT", "HARDWARE"),
            "SVC": ("SERVICES", "CONSULTING"),
            "EXP": rng.choice((("OFFICE", "SUPPLIES"), ("OFFICE", "FURNITURE"))),
        }[kind]
        item = Item(
            ctx.next_id("item", 2001),
            number,
            f"{rng.choice(NOUNS[kind])} {number[-3:]}",
            kind,
            price,
            price * rng.randint(45, 75) // 100,
            (ent.MASTER_ORG, *children),
            status,
            categories[(101, *inv_cat)],
            categories[(201, *po_cat)],
        )
        items.append(item)
        _write_item(ctx, rng, item)
    ctx.data["items"] = items
    ctx.data["onhand"] = {}
    ctx.data["onhand_dates"] = {}


def _write_item(ctx: Ctx, rng: random.Random, item: Item) -> None:
    _prefix, item_type, stocked, orderable, purchasable = KINDS[item.kind]
    for org_id in item.orgs:
        currency = ent.OU[next(o.ou for o in ent.INV_ORGS if o.org_id == org_id)].currency
        status = item.status
        if org_id == 700 and item.item_id % 11 == 0 and status == "Active":
            status = "Inactive"  # inactive in one org only
        flag = "Y" if status == "Active" else "N"
        ctx.emit(
            "mtl_system_items_b",
            {
                "inventory_item_id": item.item_id,
                "organization_id": org_id,
                "segment1": item.number,
                "description": item.description,
                "primary_uom_code": "Ea",
                "primary_unit_of_measure": "Each",
                "inventory_item_status_code": status,
                "item_type": item_type,
                "list_price_per_unit": money(price_in(item.price, currency)),
                "purchasing_item_flag": "Y" if purchasable else "N",
                "purchasing_enabled_flag": flag if purchasable else "N",
                "customer_order_flag": "Y" if orderable or item.kind == "P" else "N",
                "customer_order_enabled_flag": flag if orderable or item.kind == "P" else "N",
                "inventory_item_flag": "Y" if stocked else "N",
                "stock_enabled_flag": "Y" if stocked else "N",
                "mtl_transactions_enabled_flag": flag if stocked else "N",
                "invoiceable_item_flag": "Y",
                "bom_item_type": 4,
                "planning_make_buy_code": 1 if item.kind == "FG" else 2,
                "enabled_flag": "Y",
                "start_date_active": None,
                "end_date_active": None,
                **ctx.who(SETUP + dt.timedelta(days=item.item_id % 300), clerk(ctx, rng, "INV")),
            },
        )
        for category_set, category in ((1, item.inv_category), (2, item.po_category)):
            if category_set == 2 and not purchasable:
                continue
            ctx.emit(
                "mtl_item_categories",
                {
                    "inventory_item_id": item.item_id,
                    "organization_id": org_id,
                    "category_set_id": category_set,
                    "category_id": category,
                    **ctx.who(SETUP, clerk(ctx, rng, "INV")),
                },
            )
        if org_id == ent.MASTER_ORG or not stocked:
            continue
        method = next(o.cost_method for o in ent.INV_ORGS if o.org_id == org_id)
        cost = price_in(item.cost, currency)
        cost_types = [1 if method == 1 else 2]
        if method == 1 and item.item_id % 7 == 3:
            cost_types.append(3)  # a pending cost not yet rolled up
        for cost_type in cost_types:
            unit = cost if cost_type != 3 else cost * 105 // 100
            overhead = unit // 10
            ctx.emit(
                "cst_item_costs",
                {
                    "inventory_item_id": item.item_id,
                    "organization_id": org_id,
                    "cost_type_id": cost_type,
                    "item_cost": money(unit),
                    "material_cost": money(unit - overhead),
                    "material_overhead_cost": money(overhead),
                    "resource_cost": money(0),
                    "overhead_cost": money(0),
                    "outside_processing_cost": money(0),
                    "based_on_rollup_flag": 2,
                    "defaulted_flag": 2,
                    "inventory_asset_flag": 1,
                    **ctx.who(SETUP, clerk(ctx, rng, "INV")),
                },
            )


def items_for(items: list[Item], warehouses: tuple[int, ...]) -> list[Item]:
    """The items assigned to any of ``warehouses``."""
    return [i for i in items if any(o in i.orgs for o in warehouses)]
