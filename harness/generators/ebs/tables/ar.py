"""Receivables and the Trading Community Architecture (parties, accounts, sites)."""

from __future__ import annotations

from harness.generators.ebs.schema import table

TABLES = [
    table(
        "HZ_PARTIES",
        "Parties: customers, suppliers and banks (PARTY_TYPE ORGANIZATION or PERSON). The "
        "customer name lives here, not on HZ_CUST_ACCOUNTS",
        """
        party_id N15!, party_number V30!, party_name V360!, party_type V30!, status V1!,
        address1 V240, city V60, state V60, postal_code V60, country V60, duns_number_c V30,
        category_code V30, tax_reference V50, created_by_module V150
        """,
        pk="party_id",
    ),
    table(
        "HZ_LOCATIONS",
        "Addresses; reached from a party site (HZ_PARTY_SITES.LOCATION_ID)",
        """
        location_id N15!, address1 V240!, address2 V240, city V60, state V60,
        postal_code V60, country V60!, county V60
        """,
        pk="location_id",
    ),
    table(
        "HZ_PARTY_SITES",
        "A party at a location; customer account sites point here (PARTY_SITE_ID)",
        """
        party_site_id N15!, party_id N15!, location_id N15!, party_site_number V30!,
        status V1!, identifying_address_flag V1
        """,
        pk="party_site_id",
    ),
    table(
        "HZ_CUST_ACCOUNTS",
        "Customer accounts of a party (a party may have several). OM SOLD_TO_ORG_ID and AR "
        "BILL_TO_CUSTOMER_ID hold CUST_ACCOUNT_ID; STATUS 'I' is inactive",
        """
        cust_account_id N15!, party_id N15!, account_number V30!, account_name V240,
        status V1!, customer_type V30, customer_class_code V30, sales_channel_code V30,
        account_established_date D
        """,
        pk="cust_account_id",
        notes={"customer_type": "R external, I internal"},
    ),
    table(
        "HZ_CUST_ACCT_SITES_ALL",
        "Account sites per operating unit (ORG_ID)",
        """
        cust_acct_site_id N15!, cust_account_id N15!, party_site_id N15!, org_id N15!,
        status V1!, bill_to_flag V1, ship_to_flag V1
        """,
        pk="cust_acct_site_id",
    ),
    table(
        "HZ_CUST_SITE_USES_ALL",
        "Business purposes of a site (BILL_TO, SHIP_TO); SITE_USE_ID is what OM "
        "SHIP_TO_ORG_ID/INVOICE_TO_ORG_ID and AR BILL_TO_SITE_USE_ID hold",
        """
        site_use_id N15!, cust_acct_site_id N15!, site_use_code V30!, primary_flag V1!,
        status V1!, location V40!, bill_to_site_use_id N15, payment_term_id N15, org_id N15!
        """,
        pk="site_use_id",
    ),
    table(
        "RA_CUST_TRX_TYPES_ALL",
        "Transaction types per operating unit: the same CUST_TRX_TYPE_ID exists in several "
        "OUs, so join on (CUST_TRX_TYPE_ID, ORG_ID). TYPE INV, CM, DM",
        """
        cust_trx_type_id N15!, org_id N15!, name V20!, description V80, type V20!,
        status V30!, post_to_gl V1, accounting_affect_flag V1, start_date D!, end_date D
        """,
        pk="cust_trx_type_id, org_id",
    ),
    table(
        "RA_CUSTOMER_TRX_ALL",
        "AR transactions (invoices, credit and debit memos). Orders reach AR through "
        "AutoInvoice: INTERFACE_HEADER_CONTEXT 'ORDER ENTRY', INTERFACE_HEADER_ATTRIBUTE1 = "
        "order number. Credit memos point to the invoice (PREVIOUS_CUSTOMER_TRX_ID). "
        "TRX_NUMBER is unique only per OU and source; COMPLETE_FLAG 'N' transactions are drafts",
        """
        customer_trx_id N15!, trx_number V20!, cust_trx_type_id N15!, trx_date D!,
        bill_to_customer_id N15, bill_to_site_use_id N15, ship_to_customer_id N15,
        ship_to_site_use_id N15, sold_to_customer_id N15, invoice_currency_code V15,
        exchange_rate_type V30, exchange_date D, exchange_rate N, complete_flag V1!,
        previous_customer_trx_id N15, batch_source_id N15, term_id N15, term_due_date D,
        purchase_order V50, ct_reference V150, reason_code V30, interface_header_context V30,
        interface_header_attribute1 V150, interface_header_attribute2 V150,
        primary_salesrep_id N15, status_trx V30, org_id N15!, set_of_books_id N15!
        """,
        pk="customer_trx_id",
    ),
    table(
        "RA_CUSTOMER_TRX_LINES_ALL",
        "Transaction lines: LINE_TYPE LINE, TAX (linked to its line by "
        "LINK_TO_CUST_TRX_LINE_ID) or FREIGHT. Order lines: INTERFACE_LINE_CONTEXT 'ORDER "
        "ENTRY', INTERFACE_LINE_ATTRIBUTE1 order number, ATTRIBUTE6 = TO_CHAR(OE line_id)",
        """
        customer_trx_line_id N15!, customer_trx_id N15!, line_number N15!, line_type V20!,
        link_to_cust_trx_line_id N15, inventory_item_id N15, description V240,
        quantity_ordered N, quantity_invoiced N, quantity_credited N, unit_selling_price N,
        extended_amount N!, revenue_amount N, tax_rate N, uom_code V3, sales_order V50,
        sales_order_line V30, sales_order_date D, interface_line_context V30,
        interface_line_attribute1 V150, interface_line_attribute2 V150,
        interface_line_attribute3 V150, interface_line_attribute6 V150, warehouse_id N15,
        previous_customer_trx_id N15, previous_customer_trx_line_id N15, org_id N15!,
        set_of_books_id N15!
        """,
        pk="customer_trx_line_id",
    ),
    table(
        "RA_CUST_TRX_LINE_GL_DIST_ALL",
        "Transaction accounting: one REC row per transaction (CUSTOMER_TRX_LINE_ID NULL, "
        "LATEST_REC_FLAG 'Y') and REV/TAX rows per line. Revenue = ACCOUNT_CLASS 'REV' with "
        "ACCOUNT_SET_FLAG 'N'; ACCTD_AMOUNT is in the ledger currency",
        """
        cust_trx_line_gl_dist_id N15!, customer_trx_id N15!, customer_trx_line_id N15,
        account_class V20!, code_combination_id N15!, amount N, acctd_amount N, percent N,
        gl_date D, gl_posted_date D, posting_control_id N15!, account_set_flag V1!,
        latest_rec_flag V1, org_id N15!, set_of_books_id N15!
        """,
        pk="cust_trx_line_gl_dist_id",
    ),
    table(
        "AR_PAYMENT_SCHEDULES_ALL",
        "Open items: one row per transaction installment (CLASS INV, CM, DM) and per receipt "
        "(CLASS PMT, negative amounts). The open balance is AMOUNT_DUE_REMAINING with STATUS "
        "'OP'; closed items have GL_DATE_CLOSED set, open ones 4712-12-31",
        """
        payment_schedule_id N15!, customer_trx_id N15, cash_receipt_id N15, customer_id N15,
        customer_site_use_id N15, cust_trx_type_id N15, class V20!, status V30!,
        trx_number V30, trx_date D, due_date D!, gl_date D!, gl_date_closed D!,
        actual_date_closed D!, amount_due_original N!, amount_due_remaining N!,
        acctd_amount_due_remaining N!, amount_applied N, amount_credited N,
        amount_line_items_original N, tax_original N, invoice_currency_code V15!,
        exchange_rate N, terms_sequence_number N15, number_of_due_dates N15!, org_id N15!
        """,
        pk="payment_schedule_id",
    ),
    table(
        "AR_CASH_RECEIPTS_ALL",
        "Customer receipts. STATUS APP applied, UNAPP (partly) unapplied, UNID unidentified "
        "(no customer), REV reversed (REVERSAL_DATE set)",
        """
        cash_receipt_id N15!, receipt_number V30!, receipt_date D!, amount N!,
        currency_code V15!, exchange_rate N, exchange_rate_type V30, exchange_date D,
        pay_from_customer N15, customer_site_use_id N15, status V30!, type V20!,
        receipt_method_id N15!, remit_bank_acct_use_id N15, deposit_date D, reversal_date D,
        reversal_category V20, reversal_reason_code V30, comments V2000, org_id N15!,
        set_of_books_id N15!
        """,
        pk="cash_receipt_id",
    ),
    table(
        "AR_RECEIVABLE_APPLICATIONS_ALL",
        "Receipt and credit-memo applications. A receipt starts with an UNAPP row for its "
        "amount; each application adds an APP row and a negative UNAPP row, so SUM over "
        "STATUS 'UNAPP' is the unapplied amount. Reversals add negated rows",
        """
        receivable_application_id N15!, cash_receipt_id N15, customer_trx_id N15,
        payment_schedule_id N15!, applied_customer_trx_id N15, applied_payment_schedule_id N15,
        amount_applied N!, acctd_amount_applied_from N, acctd_amount_applied_to N,
        status V30!, application_type V20!, apply_date D!, gl_date D!, display V1!,
        reversal_gl_date D, code_combination_id N15, org_id N15!, set_of_books_id N15!
        """,
        pk="receivable_application_id",
    ),
]
