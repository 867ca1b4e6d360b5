"""Payables: suppliers, invoices, schedules, payments and holds."""

from __future__ import annotations

from harness.generators.ebs.schema import table

TABLES = [
    table(
        "AP_SUPPLIERS",
        "Suppliers, global (not striped by ORG_ID); SEGMENT1 is the supplier number. "
        "EMPLOYEE suppliers (EMPLOYEE_ID set) are paid expense reports. End-dated suppliers "
        "(END_DATE_ACTIVE) keep their history",
        """
        vendor_id N15!, vendor_name V240, vendor_name_alt V320, segment1 V30!,
        vendor_type_lookup_code V30, enabled_flag V1!, start_date_active D, end_date_active D,
        party_id N15!, employee_id N15, parent_vendor_id N15, one_time_flag V1,
        small_business_flag V1, women_owned_flag V1, hold_flag V1, num_1099 V30,
        type_1099 V10, vat_registration_num V20, invoice_currency_code V15,
        payment_currency_code V15, terms_id N15, pay_group_lookup_code V25
        """,
        pk="vendor_id",
        notes={"vendor_type_lookup_code": "VENDOR, EMPLOYEE, TAX AUTHORITY, CONTRACTOR"},
    ),
    table(
        "AP_SUPPLIER_SITES_ALL",
        "Supplier sites, each in one operating unit (ORG_ID); a supplier has sites in several "
        "OUs. PAY_SITE_FLAG/PURCHASING_SITE_FLAG say what a site is used for; INACTIVE_DATE "
        "ends it",
        """
        vendor_site_id N15!, vendor_id N15!, vendor_site_code V15!, org_id N15!,
        address_line1 V240, address_line2 V240, city V60, state V150, zip V60, country V60,
        purchasing_site_flag V1, pay_site_flag V1, primary_pay_site_flag V1, inactive_date D,
        invoice_currency_code V15, payment_currency_code V15, terms_id N15,
        payment_method_lookup_code V25, party_site_id N15
        """,
        pk="vendor_site_id",
    ),
    table(
        "AP_INVOICES_ALL",
        "Supplier invoices. Status is derived: unpaid = PAYMENT_STATUS_FLAG IN ('N','P') and "
        "the open amount is SUM(AP_PAYMENT_SCHEDULES_ALL.AMOUNT_REMAINING); validation is "
        "on distributions (MATCH_STATUS_FLAG). Cancelled invoices have CANCELLED_DATE, "
        "INVOICE_AMOUNT 0 and the original in CANCELLED_AMOUNT. CREDIT/DEBIT amounts are "
        "negative. BASE_AMOUNT is the ledger-currency amount, NULL when already in it",
        """
        invoice_id N15!, invoice_num V50!, vendor_id N15, vendor_site_id N15, org_id N15!,
        set_of_books_id N15!, invoice_type_lookup_code V25!, invoice_date D, gl_date D!,
        invoice_received_date D, invoice_currency_code V15!, payment_currency_code V15!,
        exchange_rate N, exchange_rate_type V30, exchange_date D, invoice_amount N,
        base_amount N, amount_paid N, total_tax_amount N, approved_amount N,
        payment_status_flag V1, cancelled_date D, cancelled_by N15, cancelled_amount N,
        terms_id N15, terms_date D, source V25, description V240, wfapproval_status V50!,
        pay_group_lookup_code V25, payment_method_code V30, po_header_id N15, party_id N15,
        accts_pay_code_combination_id N15, doc_sequence_value N
        """,
        pk="invoice_id",
        notes={
            "invoice_type_lookup_code": "STANDARD, CREDIT, DEBIT, PREPAYMENT, EXPENSE REPORT",
            "payment_status_flag": "Y fully paid, N unpaid, P partially paid",
            "wfapproval_status": "Invoice approval workflow, not validation: NOT REQUIRED, "
            "WFAPPROVED, MANUALLY APPROVED, REQUIRED, INITIATED, REJECTED",
        },
    ),
    table(
        "AP_INVOICE_LINES_ALL",
        "Invoice lines (ITEM, TAX, FREIGHT, MISCELLANEOUS); amounts sum to the invoice amount. "
        "PO-matched lines carry PO_HEADER_ID / PO_LINE_LOCATION_ID / PO_DISTRIBUTION_ID",
        """
        invoice_id N15!, line_number N!, line_type_lookup_code V25!, org_id N15!,
        set_of_books_id N15!, amount N, base_amount N, accounting_date D!, period_name V15,
        description V240, quantity_invoiced N, unit_price N, inventory_item_id N15,
        po_header_id N15, po_line_id N15, po_line_location_id N15, po_distribution_id N15,
        rcv_transaction_id N15, match_type V25, default_dist_ccid N15, discarded_flag V1,
        cancelled_flag V1
        """,
        pk="invoice_id, line_number",
    ),
    table(
        "AP_INVOICE_DISTRIBUTIONS_ALL",
        "Accounting distributions of invoice lines; per line they sum to the line amount. "
        "MATCH_STATUS_FLAG 'A' validated, 'T' tested with holds, 'N' never validated. A "
        "cancelled invoice keeps each distribution plus a reversing one (REVERSAL_FLAG 'Y')",
        """
        invoice_distribution_id N15!, invoice_id N15!, invoice_line_number N15!,
        distribution_line_number N15!, line_type_lookup_code V25!, org_id N15!,
        set_of_books_id N15!, amount N, base_amount N, accounting_date D!, period_name V15!,
        dist_code_combination_id N15!, posted_flag V1!, match_status_flag V1,
        reversal_flag V1, parent_reversal_id N15, po_distribution_id N15,
        rcv_transaction_id N15, quantity_invoiced N, unit_price N, description V240
        """,
        pk="invoice_distribution_id",
    ),
    table(
        "AP_PAYMENT_SCHEDULES_ALL",
        "Installments of each invoice: GROSS_AMOUNT sums to the invoice amount and "
        "AMOUNT_REMAINING = GROSS_AMOUNT - payments. HOLD_FLAG 'Y' is a scheduled-payment hold",
        """
        invoice_id N15!, payment_num N15!, org_id N15!, due_date D, discount_date D,
        gross_amount N, amount_remaining N, discount_amount_available N,
        payment_status_flag V25, hold_flag V1, payment_method_code V30, payment_priority N2
        """,
        pk="invoice_id, payment_num",
    ),
    table(
        "AP_CHECKS_ALL",
        "Payments (checks, EFT, wires). Voided payments keep their AMOUNT and get VOID_DATE and "
        "STATUS_LOOKUP_CODE 'VOIDED': exclude them with VOID_DATE IS NULL",
        """
        check_id N15!, check_number N15!, check_date D!, amount N!, base_amount N,
        currency_code V15!, exchange_rate N, exchange_rate_type V30, exchange_date D,
        vendor_id N15, vendor_site_id N15, vendor_name V240, org_id N15!,
        ce_bank_acct_use_id N15, bank_account_name V80, payment_method_code V30,
        payment_type_flag V25!, status_lookup_code V25, void_date D, cleared_date D,
        cleared_amount N, treasury_pay_date D, checkrun_name V255, doc_sequence_value N
        """,
        pk="check_id",
        notes={
            "status_lookup_code": "NEGOTIABLE, CLEARED, RECONCILED, VOIDED",
            "payment_type_flag": "Q quick, M manual, A payment batch",
        },
    ),
    table(
        "AP_INVOICE_PAYMENTS_ALL",
        "Which payment paid which installment. A voided payment leaves the original row and a "
        "negative reversal row (REVERSAL_FLAG 'Y' on both, REVERSAL_INV_PMT_ID links them); "
        "credit memos are paid as negative rows netted into a supplier's payment",
        """
        invoice_payment_id N15!, invoice_id N15!, payment_num N15!, check_id N15!,
        amount N!, payment_base_amount N, invoice_base_amount N, accounting_date D!,
        period_name V15!, posted_flag V1, reversal_flag V1, reversal_inv_pmt_id N15,
        org_id N15!, set_of_books_id N15!, exchange_rate N, accts_pay_code_combination_id N15,
        asset_code_combination_id N15
        """,
        pk="invoice_payment_id",
    ),
    table(
        "AP_HOLDS_ALL",
        "Invoice holds. Released holds stay, with RELEASE_LOOKUP_CODE set: an invoice is on "
        "hold only while a hold has RELEASE_LOOKUP_CODE IS NULL",
        """
        hold_id N15!, invoice_id N15!, line_location_id N15, hold_lookup_code V25!,
        hold_reason V240, hold_date D!, held_by N15!, release_lookup_code V25,
        release_reason V240, status_flag V25, org_id N15!
        """,
        pk="hold_id",
        notes={
            "hold_lookup_code": "QTY REC, QTY ORD, PRICE, AMOUNT, DIST VARIANCE, "
            "VENDOR, INSUFFICIENT INFORMATION"
        },
    ),
]
