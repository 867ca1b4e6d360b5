"""The fixed shape of the Vision enterprise: ledgers, operating units, orgs and the chart."""

from __future__ import annotations

from dataclasses import dataclass

BUSINESS_GROUP = 202
CHART = 101
PERIOD_SET = "Vision Cal"


@dataclass(frozen=True)
class Ledger:
    ledger_id: int
    name: str
    short_name: str
    currency: str
    category: str  # PRIMARY, ALC, NONE
    object_type: str  # L ledger, S ledger set


@dataclass(frozen=True)
class OperatingUnit:
    org_id: int
    name: str
    short_code: str
    ledger_id: int
    currency: str
    company: str
    country: str
    book: str  # FA corporate book


@dataclass(frozen=True)
class InvOrg:
    org_id: int
    code: str
    name: str
    ou: int
    cost_method: int  # 1 standard, 2 average


US_LEDGER, DE_LEDGER, UK_LEDGER, ALC_LEDGER, LEDGER_SET = 1, 2021, 2023, 2025, 2030
LEDGERS = (
    Ledger(US_LEDGER, "Vision Operations (USA)", "VISION_US", "USD", "PRIMARY", "L"),
    Ledger(DE_LEDGER, "Vision Germany", "VISION_DE", "EUR", "PRIMARY", "L"),
    Ledger(UK_LEDGER, "Vision UK", "VISION_UK", "GBP", "PRIMARY", "L"),
    Ledger(ALC_LEDGER, "Vision Operations EUR ALC", "VISION_US_EUR", "EUR", "ALC", "L"),
    Ledger(LEDGER_SET, "Vision Global Ledger Set", "VISION_SET", "USD", "NONE", "S"),
)
LEDGER = {ledger.ledger_id: ledger for ledger in LEDGERS}
POSTING_LEDGERS = (US_LEDGER, DE_LEDGER, UK_LEDGER, ALC_LEDGER)

OUS = (
    OperatingUnit(204, "Vision Operations", "VO", US_LEDGER, "USD", "01", "US", "US CORP"),
    OperatingUnit(205, "Vision Services", "VS", US_LEDGER, "USD", "02", "US", "US CORP"),
    OperatingUnit(458, "Vision Germany", "VDE", DE_LEDGER, "EUR", "11", "DE", "DE CORP"),
    OperatingUnit(887, "Vision UK", "VUK", UK_LEDGER, "GBP", "21", "GB", "UK CORP"),
)
OU = {ou.org_id: ou for ou in OUS}
COMPANY_LEDGER = {ou.company: ou.ledger_id for ou in OUS}

MASTER_ORG = 206
INV_ORGS = (
    InvOrg(MASTER_ORG, "VM", "Vision Master Org", 204, 1),
    InvOrg(207, "M1", "Seattle Manufacturing", 204, 1),
    InvOrg(208, "M2", "Boston Distribution", 204, 2),
    InvOrg(600, "F1", "Frankfurt Distribution", 458, 2),
    InvOrg(700, "L1", "London Distribution", 887, 1),
)
WAREHOUSES = {204: (207, 208), 205: (207,), 458: (600,), 887: (700,)}
"""Shipping / receiving inventory orgs per operating unit (205 ships from Seattle)."""

# Natural accounts (SEGMENT3): code -> (description, account type).
ACCOUNTS = {
    "1110": ("Cash", "A"),
    "1210": ("Accounts Receivable", "A"),
    "1410": ("Inventory", "A"),
    "1450": ("Recoverable Tax", "A"),
    "1510": ("Prepaid Expenses", "A"),
    "1610": ("Equipment", "A"),
    "1620": ("Accumulated Depreciation", "A"),
    "2110": ("Accounts Payable", "L"),
    "2150": ("Receipt Accrual (GRNI)", "L"),
    "2210": ("Accrued Liabilities", "L"),
    "2310": ("Tax Payable", "L"),
    "3110": ("Common Stock", "O"),
    "3210": ("Retained Earnings", "O"),
    "4110": ("Product Revenue", "R"),
    "4120": ("Service Revenue", "R"),
    "4910": ("Other Income", "R"),
    "5110": ("Cost of Goods Sold", "E"),
    "6110": ("Salaries and Wages", "E"),
    "6120": ("Payroll Taxes and Benefits", "E"),
    "6210": ("Travel and Entertainment", "E"),
    "6310": ("Rent and Facilities", "E"),
    "6410": ("Office Supplies", "E"),
    "6510": ("IT and Software", "E"),
    "6610": ("Depreciation Expense", "E"),
    "6710": ("Professional Fees", "E"),
    "6810": ("Marketing", "E"),
    "7110": ("Bank Charges", "E"),
}
EXPENSE_ACCOUNTS = ("6210", "6310", "6410", "6510", "6710", "6810")
BASE_DEPARTMENTS = {
    "000": "Balance Sheet",
    "100": "Administration",
    "110": "Finance",
    "120": "Human Resources",
    "200": "Sales",
    "300": "Marketing",
    "400": "Operations",
    "510": "Information Technology",
    "520": "Engineering",
    "600": "Purchasing",
}
PRODUCTS = {"0000": "No Product", "1000": "Hardware", "2000": "Software", "3000": "Services"}
