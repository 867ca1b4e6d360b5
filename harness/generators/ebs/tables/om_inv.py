"""Order Management and Inventory (items, organizations, on-hand, transactions, costs)."""

from __future__ import annotations

from harness.generators.ebs.schema import table

TABLES = [
    table(
        "OE_TRANSACTION_TYPES_ALL",
        "Order and line types per OU; names are in OE_TRANSACTION_TYPES_TL. ORDER_CATEGORY_CODE "
        "ORDER, RETURN or MIXED; CUST_TRX_TYPE_ID is the AR type invoicing creates",
        """
        transaction_type_id N15!, transaction_type_code V30!, order_category_code V30,
        start_date_active D!, end_date_active D, default_outbound_line_type_id N15,
        default_inbound_line_type_id N15, cust_trx_type_id N15, org_id N15!
        """,
        pk="transaction_type_id",
    ),
    table(
        "OE_TRANSACTION_TYPES_TL",
        "Order/line type names, one row per LANGUAGE ('US', 'D'): filter LANGUAGE",
        "transaction_type_id N15!, language V4!, source_lang V4!, name V30!, description V2000",
        pk="transaction_type_id, language",
    ),
    table(
        "OE_ORDER_HEADERS_ALL",
        "Sales orders. SOLD_TO_ORG_ID is a CUST_ACCOUNT_ID; SHIP_TO_ORG_ID and "
        "INVOICE_TO_ORG_ID are SITE_USE_IDs; SHIP_FROM_ORG_ID an inventory org. Open booked "
        "orders: BOOKED_FLAG 'Y', OPEN_FLAG 'Y'. ORDER_NUMBER repeats across OUs",
        """
        header_id N15!, order_number N!, order_type_id N15!, org_id N15!, ordered_date D,
        request_date D, booked_flag V1!, booked_date D, open_flag V1!, cancelled_flag V1,
        flow_status_code V30, sold_to_org_id N15, ship_to_org_id N15, invoice_to_org_id N15,
        ship_from_org_id N15, transactional_curr_code V15, conversion_type_code V30,
        conversion_rate N, price_list_id N15, payment_term_id N15, salesrep_id N15,
        cust_po_number V50, order_source_id N15, shipping_method_code V30
        """,
        pk="header_id",
        notes={"flow_status_code": "ENTERED, BOOKED, CLOSED, CANCELLED"},
    ),
    table(
        "OE_ORDER_LINES_ALL",
        "Order lines. Value = ORDERED_QUANTITY * UNIT_SELLING_PRICE, negated for "
        "LINE_CATEGORY_CODE 'RETURN'; cancelled lines have ORDERED_QUANTITY 0 and the rest in "
        "CANCELLED_QUANTITY. Invoiced lines reach AR via INTERFACE_LINE_ATTRIBUTE6 = LINE_ID",
        """
        line_id N15!, header_id N15!, line_number N!, shipment_number N!, org_id N15!,
        line_type_id N15!, line_category_code V30!, inventory_item_id N15!, ordered_item V2000,
        ship_from_org_id N15, ordered_quantity N, shipped_quantity N, fulfilled_quantity N,
        invoiced_quantity N, cancelled_quantity N, order_quantity_uom V3,
        unit_selling_price N, unit_list_price N, tax_value N, flow_status_code V30,
        open_flag V1!, booked_flag V1!, cancelled_flag V1, request_date D,
        schedule_ship_date D, promise_date D, actual_shipment_date D, fulfillment_date D,
        invoice_interface_status_code V30, sold_to_org_id N15, ship_to_org_id N15,
        invoice_to_org_id N15, reference_line_id N15, return_reason_code V30
        """,
        pk="line_id",
        notes={
            "flow_status_code": "ENTERED, BOOKED, AWAITING_SHIPPING, SHIPPED, CLOSED, "
            "CANCELLED, AWAITING_RETURN, RETURNED"
        },
    ),
    table(
        "OE_HOLD_DEFINITIONS",
        "Hold names (e.g. Credit Check Failure); applied through OE_HOLD_SOURCES_ALL",
        """
        hold_id N15!, name V240!, type_code V30!, description V2000, item_type V8,
        activity_name V30, start_date_active D, end_date_active D
        """,
        pk="hold_id",
    ),
    table(
        "OE_HOLD_SOURCES_ALL",
        "What a hold was applied to: HOLD_ENTITY_CODE 'O' order (ENTITY_ID = HEADER_ID), "
        "'C' customer",
        """
        hold_source_id N15!, hold_id N15!, hold_entity_code V30!, hold_entity_id N!,
        hold_until_date D, released_flag V1, hold_comment V2000, hold_release_id N15,
        org_id N15!
        """,
        pk="hold_source_id",
    ),
    table(
        "OE_HOLD_RELEASES",
        "Hold releases (reason and comment)",
        """
        hold_release_id N15!, hold_source_id N15!, release_reason_code V30!,
        release_comment V2000
        """,
        pk="hold_release_id",
    ),
    table(
        "OE_ORDER_HOLDS_ALL",
        "Holds on orders (LINE_ID NULL = whole order); an order is on hold while "
        "RELEASED_FLAG = 'N'",
        """
        order_hold_id N15!, header_id N15!, line_id N15, hold_source_id N15!,
        hold_release_id N15, released_flag V1!, org_id N15!
        """,
        pk="order_hold_id",
    ),
    table(
        "MTL_PARAMETERS",
        "Inventory organizations: ORGANIZATION_CODE, master org (206 VM) and costing method",
        """
        organization_id N15!, organization_code V3!, master_organization_id N15!,
        cost_organization_id N15!, primary_cost_method N15!, calendar_code V10,
        wms_enabled_flag V1!, process_enabled_flag V1, default_cost_group_id N15
        """,
        pk="organization_id",
        notes={"primary_cost_method": "1 standard, 2 average"},
    ),
    table(
        "MTL_SYSTEM_ITEMS_B",
        "Items, one row per item and organization (master org 206 plus each org it is "
        "assigned to): count or join items within ONE organization. Status codes are "
        "mixed-case ('Active', 'Inactive', 'Obsolete')",
        """
        inventory_item_id N15!, organization_id N15!, segment1 V40, description V240,
        primary_uom_code V3, primary_unit_of_measure V25, inventory_item_status_code V10!,
        item_type V30, list_price_per_unit N, purchasing_item_flag V1!,
        purchasing_enabled_flag V1!, customer_order_flag V1!, customer_order_enabled_flag V1!,
        inventory_item_flag V1!, stock_enabled_flag V1!, mtl_transactions_enabled_flag V1!,
        invoiceable_item_flag V1!, bom_item_type N!, planning_make_buy_code N,
        enabled_flag V1!, start_date_active D, end_date_active D
        """,
        pk="inventory_item_id, organization_id",
    ),
    table(
        "MTL_CATEGORIES_B",
        "Item categories (STRUCTURE_ID 101 inventory, 201 purchasing)",
        """
        category_id N15!, structure_id N15!, segment1 V40, segment2 V40, description V240,
        enabled_flag V1!, disable_date D, summary_flag V1!
        """,
        pk="category_id",
    ),
    table(
        "MTL_ITEM_CATEGORIES",
        "Item category assignments per organization and category set (1 Inventory, 2 Purchasing)",
        """
        inventory_item_id N15!, organization_id N15!, category_set_id N15!, category_id N15!
        """,
        pk="inventory_item_id, organization_id, category_set_id, category_id",
    ),
    table(
        "CST_ITEM_COSTS",
        "Item unit costs per organization and cost type (1 Frozen for standard-cost orgs, "
        "2 Average, 3 Pending): filter COST_TYPE_ID",
        """
        inventory_item_id N15!, organization_id N15!, cost_type_id N15!, item_cost N,
        material_cost N, material_overhead_cost N, resource_cost N, overhead_cost N,
        outside_processing_cost N, based_on_rollup_flag N!, defaulted_flag N!,
        inventory_asset_flag N!
        """,
        pk="inventory_item_id, organization_id, cost_type_id",
    ),
    table(
        "MTL_ONHAND_QUANTITIES_DETAIL",
        "On-hand stock by item, organization, subinventory and receipt layer: on-hand = "
        "SUM(PRIMARY_TRANSACTION_QUANTITY), which equals the sum of material transactions",
        """
        onhand_quantities_id N15!, inventory_item_id N15!, organization_id N15!,
        subinventory_code V10!, locator_id N15, lot_number V80, revision V3,
        primary_transaction_quantity N!, transaction_quantity N!, transaction_uom_code V3,
        date_received D, orig_date_received D, create_transaction_id N15,
        update_transaction_id N15, is_consigned N!, owning_organization_id N15
        """,
        pk="onhand_quantities_id",
    ),
    table(
        "MTL_MATERIAL_TRANSACTIONS",
        "Material transactions; quantities are signed (issues negative). TRANSACTION_TYPE_ID "
        "18 PO receipt, 36 return to vendor, 33 sales order issue, 15 RMA receipt, "
        "32 miscellaneous issue, 42 miscellaneous receipt, 2 subinventory transfer (two rows)",
        """
        transaction_id N15!, inventory_item_id N15!, organization_id N15!,
        subinventory_code V10, locator_id N15, transfer_subinventory V10,
        transfer_transaction_id N15, transaction_type_id N15!, transaction_action_id N15!,
        transaction_source_type_id N15!, transaction_source_id N15, trx_source_line_id N15,
        transaction_quantity N!, transaction_uom V3!, primary_quantity N!,
        transaction_date D!, actual_cost N, transaction_cost N, rcv_transaction_id N15,
        transaction_reference V240, source_code V30, costed_flag V1
        """,
        pk="transaction_id",
        notes={"costed_flag": "NULL costed, 'N' not yet costed"},
    ),
]
