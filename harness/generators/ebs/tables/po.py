"""Purchasing: requisitions, purchase orders (header, line, shipment, distribution), receipts."""

from __future__ import annotations

from harness.generators.ebs.schema import table

STATUS_TRAP = (
    "Status is three fields: AUTHORIZATION_STATUS, NVL(CLOSED_CODE,'OPEN') and "
    "NVL(CANCEL_FLAG,'N'), at header, line and shipment level"
)

TABLES = [
    table(
        "PO_REQUISITION_HEADERS_ALL",
        "Purchase requisitions; SEGMENT1 is the requisition number (unique per OU)",
        """
        requisition_header_id N15!, segment1 V20!, type_lookup_code V25!, preparer_id N10!,
        authorization_status V25, approved_date D, description V240, closed_code V25,
        cancel_flag V1, org_id N15!
        """,
        pk="requisition_header_id",
    ),
    table(
        "PO_REQUISITION_LINES_ALL",
        "Requisition lines; LINE_LOCATION_ID is the PO shipment the line was placed on "
        "(NULL while not yet on a PO)",
        """
        requisition_line_id N15!, requisition_header_id N15!, line_num N!, line_type_id N15!,
        item_id N15, item_description V240!, category_id N15!, unit_meas_lookup_code V25,
        unit_price N!, quantity N!, need_by_date D, to_person_id N10,
        destination_type_code V25!, destination_organization_id N15!,
        suggested_vendor_id N15, line_location_id N15, cancel_flag V1, closed_code V25,
        org_id N15!
        """,
        pk="requisition_line_id",
    ),
    table(
        "PO_HEADERS_ALL",
        "Purchase orders and blanket agreements. SEGMENT1 (PO number) is unique only per "
        "ORG_ID and TYPE_LOOKUP_CODE. AGENT_ID is the buyer's PERSON_ID. " + STATUS_TRAP,
        """
        po_header_id N15!, segment1 V20!, type_lookup_code V25!, org_id N15!, vendor_id N15,
        vendor_site_id N15, agent_id N10!, currency_code V15, rate_type V30, rate_date D,
        rate N, authorization_status V25, approved_flag V1, approved_date D,
        closed_code V25, closed_date D, cancel_flag V1, blanket_total_amount N,
        amount_limit N, start_date D, end_date D, revision_num N, comments V240, terms_id N15,
        ship_to_location_id N15, bill_to_location_id N15
        """,
        pk="po_header_id",
        notes={
            "type_lookup_code": "STANDARD, BLANKET",
            "authorization_status": "INCOMPLETE, IN PROCESS, APPROVED, REQUIRES REAPPROVAL, "
            "REJECTED",
        },
    ),
    table(
        "PO_LINES_ALL",
        "PO lines; QUANTITY is the sum of the shipments' quantities. Service lines have no "
        "ITEM_ID. " + STATUS_TRAP,
        """
        po_line_id N15!, po_header_id N15!, line_num N!, org_id N15!, line_type_id N15!,
        item_id N15, item_description V240, category_id N15, unit_meas_lookup_code V25,
        unit_price N, quantity N, closed_code V25, cancel_flag V1, cancel_date D
        """,
        pk="po_line_id",
        notes={"line_type_id": "1 Goods, 1020 Services"},
    ),
    table(
        "PO_LINE_LOCATIONS_ALL",
        "PO shipments: the grain for open, received and billed amounts. Open quantity = "
        "QUANTITY - QUANTITY_CANCELLED - QUANTITY_RECEIVED; received-not-billed = "
        "QUANTITY_RECEIVED - QUANTITY_BILLED, valued at PRICE_OVERRIDE. " + STATUS_TRAP,
        """
        line_location_id N15!, po_header_id N15!, po_line_id N15!, shipment_num N!,
        shipment_type V25!, quantity N, quantity_received N, quantity_accepted N,
        quantity_billed N, quantity_cancelled N, price_override N, need_by_date D,
        promised_date D, ship_to_organization_id N15, ship_to_location_id N15,
        closed_code V25, closed_date D, cancel_flag V1, match_option V25,
        receipt_required_flag V1, inspection_required_flag V1, accrue_on_receipt_flag V1,
        org_id N15!
        """,
        pk="line_location_id",
    ),
    table(
        "PO_DISTRIBUTIONS_ALL",
        "PO distributions (charge accounts); QUANTITY_ORDERED sums to the shipment quantity. "
        "DESTINATION_TYPE_CODE INVENTORY or EXPENSE",
        """
        po_distribution_id N15!, po_header_id N15!, po_line_id N15!, line_location_id N15!,
        distribution_num N!, set_of_books_id N15!, code_combination_id N15!,
        accrual_account_id N15, variance_account_id N15, quantity_ordered N!,
        quantity_delivered N, quantity_billed N, quantity_cancelled N, amount_billed N,
        destination_type_code V25, destination_organization_id N15,
        destination_subinventory V10, deliver_to_person_id N10, req_distribution_id N15,
        rate N, org_id N15!
        """,
        pk="po_distribution_id",
    ),
    table(
        "RCV_TRANSACTIONS",
        "Receiving history: RECEIVE (to receiving), DELIVER (to INVENTORY/EXPENSE, child of the "
        "RECEIVE via PARENT_TRANSACTION_ID) and RETURN TO VENDOR. Received quantity = RECEIVE "
        "- RETURN TO VENDOR",
        """
        transaction_id N15!, transaction_type V25!, transaction_date D!, quantity N!,
        unit_of_measure V25, uom_code V3, parent_transaction_id N15, shipment_header_id N15!,
        shipment_line_id N15!, source_document_code V25!, destination_type_code V25,
        po_header_id N15, po_line_id N15, po_line_location_id N15, po_distribution_id N15,
        po_unit_price N, currency_code V15, currency_conversion_rate N, vendor_id N15,
        vendor_site_id N15, organization_id N15!, subinventory V10, employee_id N10,
        inspection_status_code V25, interface_source_code V25
        """,
        pk="transaction_id",
    ),
]
