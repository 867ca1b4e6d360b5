"""General Ledger: ledgers, calendar, accounts, rates, journals and balances."""

from __future__ import annotations

from harness.generators.ebs.schema import table

TABLES = [
    table(
        "GL_LEDGERS",
        "Ledgers (SET_OF_BOOKS_ID elsewhere means LEDGER_ID). Primary ledgers in USD, EUR and "
        "GBP, an EUR reporting-currency ledger (ALC) and a ledger set (OBJECT_TYPE_CODE 'S'): "
        "company-wide totals need LEDGER_CATEGORY_CODE = 'PRIMARY'",
        """
        ledger_id N15!, name V30!, short_name V20!, description V240,
        ledger_category_code V30!, object_type_code V1!, chart_of_accounts_id N15!,
        currency_code V15!, period_set_name V15!, accounted_period_type V15!,
        first_ledger_period_name V15, latest_opened_period_name V15,
        ret_earn_code_combination_id N15, suspense_allowed_flag V1, completion_status_code V30
        """,
        pk="ledger_id",
        notes={
            "ledger_category_code": "PRIMARY, SECONDARY, ALC (reporting currency), NONE (set)",
            "object_type_code": "L ledger, S ledger set",
        },
    ),
    table(
        "GL_PERIODS",
        "Accounting calendar 'Vision Cal': months JAN-23..DEC-24 plus adjusting periods "
        "ADJ-23/ADJ-24 (PERIOD_NUM 13, ADJUSTMENT_PERIOD_FLAG 'Y', dated 31-DEC). Order by "
        "PERIOD_YEAR, PERIOD_NUM; never parse PERIOD_NAME as a date",
        """
        period_set_name V15!, period_name V15!, period_type V15!, start_date D!, end_date D!,
        year_start_date D, quarter_start_date D, period_year N15!, period_num N15!,
        quarter_num N15!, entered_period_name V15!, adjustment_period_flag V1!, description V240
        """,
        pk="period_set_name, period_name",
    ),
    table(
        "GL_PERIOD_STATUSES",
        "Period status per application (101 GL, 200 AP, 222 AR) and ledger: CLOSING_STATUS "
        "O open, C closed, F future-entry, N never opened",
        """
        application_id N15!, ledger_id N15!, set_of_books_id N15!, period_name V15!,
        closing_status V1!, start_date D!, end_date D!, period_type V15!, period_year N15!,
        period_num N15!, quarter_num N15!, adjustment_period_flag V1!,
        effective_period_num N15!, year_start_date D, quarter_start_date D
        """,
        pk="application_id, ledger_id, period_name",
    ),
    table(
        "GL_CODE_COMBINATIONS",
        "Accounting flexfield combinations of chart 101: SEGMENT1 company (01 Vision "
        "Operations, 02 Vision Services, 11 Germany, 21 UK), SEGMENT2 department (cost "
        "center), SEGMENT3 natural account, SEGMENT4 product, SEGMENT5 intercompany. "
        "SUMMARY_FLAG 'Y' rows (other segments 'T', TEMPLATE_ID set) are summary accounts",
        """
        code_combination_id N15!, chart_of_accounts_id N15!, account_type V1!,
        enabled_flag V1!, summary_flag V1!, template_id N15, detail_posting_allowed_flag V1,
        detail_budgeting_allowed_flag V1, segment1 V25, segment2 V25, segment3 V25,
        segment4 V25, segment5 V25, start_date_active D, end_date_active D
        """,
        pk="code_combination_id",
        notes={"account_type": "A asset, L liability, O owners equity, R revenue, E expense"},
    ),
    table(
        "GL_DAILY_RATES",
        "Daily conversion rates, both directions, business days only (use the latest rate on "
        "or before a date); CONVERSION_TYPE 'Corporate' daily, 'Spot' at month end",
        """
        from_currency V15!, to_currency V15!, conversion_date D!, conversion_type V30!,
        conversion_rate N!, status_code V1!, rate_source_code V15
        """,
        pk="from_currency, to_currency, conversion_date, conversion_type",
    ),
    table(
        "GL_BUDGET_VERSIONS",
        "Budgets; GL_BALANCES rows with ACTUAL_FLAG 'B' carry BUDGET_VERSION_ID",
        """
        budget_version_id N15!, budget_type V15!, budget_name V15!, version_num V15!,
        status V1!, date_opened D!, description V240
        """,
        pk="budget_version_id",
        notes={"status": "C current, O open, F frozen"},
    ),
    table(
        "GL_JE_BATCHES",
        "Journal batches (one per ledger, source, period and posting run); ledger is on headers",
        """
        je_batch_id N15!, name V100!, status V1!, status_verified V1!, actual_flag V1!,
        default_period_name V15, default_effective_date D!, posted_date D, date_created D,
        description V240, running_total_dr N, running_total_cr N,
        running_total_accounted_dr N, running_total_accounted_cr N, approval_status_code V1!
        """,
        pk="je_batch_id",
    ),
    table(
        "GL_JE_HEADERS",
        "Journal entries. STATUS 'P' posted, 'U' unposted (only in open periods). Foreign-"
        "currency journals carry a conversion rate: ENTERED_* amounts are in CURRENCY_CODE, "
        "ACCOUNTED_* in the ledger currency. Accruals are reversed in the next period",
        """
        je_header_id N15!, ledger_id N15!, je_batch_id N15!, je_source V25!, je_category V25!,
        period_name V15!, name V100!, description V240, currency_code V15!,
        currency_conversion_type V30, currency_conversion_rate N, currency_conversion_date D,
        status V1!, actual_flag V1!, default_effective_date D!, posted_date D, date_created D!,
        accrual_rev_flag V1, accrual_rev_period_name V15, accrual_rev_status V1,
        accrual_rev_je_header_id N15, reversed_je_header_id N15, running_total_dr N,
        running_total_cr N, running_total_accounted_dr N, running_total_accounted_cr N,
        external_reference V80
        """,
        pk="je_header_id",
        notes={
            "je_source": "Manual, Spreadsheet, Payables, Receivables, Cost Management, Assets",
            "actual_flag": "A actual, B budget, E encumbrance",
        },
    ),
    table(
        "GL_JE_LINES",
        "Journal lines; each header balances (sum ENTERED_DR = sum ENTERED_CR and the same for "
        "ACCOUNTED). Use ACCOUNTED_* for ledger-currency totals",
        """
        je_header_id N15!, je_line_num N15!, ledger_id N15!, code_combination_id N15!,
        period_name V15!, effective_date D!, status V1!, entered_dr N, entered_cr N,
        accounted_dr N, accounted_cr N, description V240, reference_1 V240
        """,
        pk="je_header_id, je_line_num",
    ),
    table(
        "GL_BALANCES",
        "Account balances per ledger, account, currency and period (no primary key in EBS). "
        "Closing balance = BEGIN_BALANCE_DR - BEGIN_BALANCE_CR + PERIOD_NET_DR - PERIOD_NET_CR. "
        "Rows with CURRENCY_CODE = ledger currency hold all journals in ledger currency; "
        "TRANSLATED_FLAG 'R' rows hold foreign entered amounts (BEQ = ledger equivalent). "
        "Filter ACTUAL_FLAG ('A' or 'B' budget) and TEMPLATE_ID IS NULL (else summary rows "
        "double-count). Revenue/expense begin balances restart each year",
        """
        ledger_id N15!, code_combination_id N15!, currency_code V15!, period_name V15!,
        actual_flag V1!, budget_version_id N15, encumbrance_type_id N15, translated_flag V1,
        template_id N15, period_type V15!, period_year N15!, period_num N15!,
        period_net_dr N, period_net_cr N, period_net_dr_beq N, period_net_cr_beq N,
        begin_balance_dr N, begin_balance_cr N, begin_balance_dr_beq N, begin_balance_cr_beq N,
        quarter_to_date_dr N, quarter_to_date_cr N, project_to_date_dr N,
        project_to_date_cr N, last_update_date D!, last_updated_by N15!
        """,
        pk="",
        who=False,
    ),
]
