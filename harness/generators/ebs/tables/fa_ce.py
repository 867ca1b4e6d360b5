"""Fixed Assets and Cash Management (bank accounts and statements)."""

from __future__ import annotations

from harness.generators.ebs.schema import table

TABLES = [
    table(
        "FA_CATEGORIES_B",
        "Asset categories (SEGMENT1 major, SEGMENT2 minor)",
        """
        category_id N15!, segment1 V30, segment2 V30, enabled_flag V1!, capitalize_flag V3!,
        category_type V30!, description V240
        """,
        pk="category_id",
    ),
    table(
        "FA_ADDITIONS_B",
        "Assets (descriptions are in FA_ADDITIONS_TL). ASSET_TYPE CAPITALIZED, CIP or EXPENSED",
        """
        asset_id N15!, asset_number V15!, tag_number V15, asset_category_id N15!,
        asset_type V11!, current_units N!, serial_number V35, model_number V40,
        manufacturer_name V360, in_use_flag V3!, owned_leased V15!, new_used V4!,
        parent_asset_id N15
        """,
        pk="asset_id",
    ),
    table(
        "FA_ADDITIONS_TL",
        "Asset descriptions, one row per LANGUAGE ('US', 'D')",
        "asset_id N15!, language V4!, source_lang V4!, description V80!",
        pk="asset_id, language",
    ),
    table(
        "FA_BOOKS",
        "Asset financial rows per depreciation book, versioned: every adjustment ends the old "
        "row (DATE_INEFFECTIVE, TRANSACTION_HEADER_ID_OUT) and adds one; the current row has "
        "DATE_INEFFECTIVE IS NULL. Retired assets have PERIOD_COUNTER_FULLY_RETIRED",
        """
        book_type_code V15!, asset_id N15!, transaction_header_id_in N15!,
        transaction_header_id_out N15, date_effective D!, date_ineffective D,
        date_placed_in_service D!, deprn_start_date D!, cost N!, original_cost N!,
        salvage_value N!, life_in_months N4, deprn_method_code V12!,
        prorate_convention_code V10!, depreciate_flag V3!, period_counter_fully_retired N15
        """,
        pk="transaction_header_id_in",
        notes={"book_type_code": "US CORP (USD), DE CORP (EUR), UK CORP (GBP)"},
    ),
    table(
        "FA_DEPRN_SUMMARY",
        "Depreciation per asset, book and period (PERIOD_COUNTER = year*12 + month). "
        "DEPRN_RESERVE is cumulative; net book value = current FA_BOOKS.COST - DEPRN_RESERVE "
        "at the latest PERIOD_COUNTER. The BOOKS row is the addition, then DEPRN rows",
        """
        book_type_code V15!, asset_id N15!, period_counter N15!, deprn_run_date D!,
        deprn_amount N!, ytd_deprn N!, deprn_reserve N!, adjusted_cost N, deprn_source_code V15!
        """,
        pk="book_type_code, asset_id, period_counter",
        who=False,
    ),
    table(
        "CE_BANK_ACCOUNTS",
        "Internal bank accounts (one currency each); BANK_ID is an HZ_PARTIES bank party",
        """
        bank_account_id N15!, bank_id N15!, bank_branch_id N15!, account_owner_org_id N15!,
        bank_account_name V100!, bank_account_num V30!, currency_code V15!,
        account_classification V30!, multi_currency_allowed_flag V1, ap_use_allowed_flag V1,
        ar_use_allowed_flag V1, start_date D, end_date D, asset_code_combination_id N15
        """,
        pk="bank_account_id",
    ),
    table(
        "CE_BANK_ACCT_USES_ALL",
        "Use of a bank account by an operating unit; AP_CHECKS_ALL.CE_BANK_ACCT_USE_ID and "
        "AR_CASH_RECEIPTS_ALL.REMIT_BANK_ACCT_USE_ID point here",
        """
        bank_acct_use_id N15!, bank_account_id N15!, org_id N15!, ap_use_enable_flag V1,
        ar_use_enable_flag V1, start_date D, end_date D
        """,
        pk="bank_acct_use_id",
    ),
    table(
        "CE_STATEMENT_HEADERS",
        "Monthly bank statements: CONTROL_END_BALANCE = CONTROL_BEGIN_BALANCE + "
        "CONTROL_TOTAL_CR - CONTROL_TOTAL_DR, and the next statement begins where this ends",
        """
        statement_header_id N15!, bank_account_id N15!, statement_number V50!,
        statement_date D!, control_begin_balance N, control_end_balance N,
        control_total_dr N, control_total_cr N, control_dr_line_count N, control_cr_line_count N,
        currency_code V15, auto_loaded_flag V1!, statement_complete_flag V1!, gl_date D
        """,
        pk="statement_header_id",
    ),
    table(
        "CE_STATEMENT_LINES",
        "Statement lines: AMOUNT is positive, TRX_TYPE gives the direction (DEBIT, MISC_DEBIT "
        "out; CREDIT, MISC_CREDIT in). STATUS RECONCILED, UNRECONCILED or EXTERNAL",
        """
        statement_line_id N15!, statement_header_id N15!, line_number N15!, trx_date D!,
        trx_type V30!, amount N!, status V30!, trx_code V30, effective_date D,
        bank_trx_number V240, currency_code V15, invoice_text V70, customer_text V80
        """,
        pk="statement_line_id",
    ),
]
