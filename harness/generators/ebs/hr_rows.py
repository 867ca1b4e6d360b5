"""Date-tracked HR rows: people, assignments and periods of service."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    END_OF_TIME,
    FIRST_DAY,
    LAST_DAY,
    Ctx,
    add_days,
    at_time,
    random_day,
)
from harness.generators.ebs.fnd import clerk

EMP, EX_EMP, CWK, EX_CWK = 1120, 1123, 1125, 1126
ACTIVE, SUSPENDED, TERMINATED = 1, 2, 3
ORG_SETUP = dt.date(2005, 1, 1)
DEPARTMENTS = (
    ("Finance", "110"),
    ("Sales", "200"),
    ("Purchasing", "600"),
    ("Information Technology", "510"),
    ("Operations", "400"),
    ("Human Resources", "120"),
)
JOBS = {
    "Finance": ("Accountant", "Payables Clerk", "Receivables Clerk", "Controller"),
    "Sales": ("Sales Representative", "Account Manager"),
    "Purchasing": ("Buyer", "Purchasing Clerk"),
    "Information Technology": ("IT Analyst", "Software Engineer"),
    "Operations": ("Warehouse Associate", "Planner"),
    "Human Resources": ("HR Generalist", "Recruiter"),
}
LEAVING = ("RESIGNATION", "RESIGNATION", "RETIREMENT", "DISMISSAL", "REDUNDANCY")


@dataclass
class Person:
    person_id: int
    first: str
    last: str
    org_id: int
    dept: str
    hire: dt.date
    cwk: bool = False
    manager: bool = False
    buyer: bool = False
    terms: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    """Periods of service: (start, actual termination or None)."""

    @property
    def full_name(self) -> str:
        return f"{self.last}, {self.first}"

    def employed_on(self, day: dt.date) -> bool:
        return any(s <= day and (e is None or day <= e) for s, e in self.terms)


def _email(person: Person, last: str) -> str | None:
    if person.cwk:
        return None
    return f"{person.first}.{last}@vision.example".lower().replace("'", "")


def write_person(ctx: Ctx, rng: random.Random, person: Person, emp_no: int) -> None:
    # Change points: each hire, the day after each termination, and a possible name change.
    changes: dict[dt.date, dict[str, Any]] = {}
    for start, end in person.terms:
        kind = CWK if person.cwk else EMP
        changes[start] = {"type": kind}
        if end is not None:
            changes[add_days(end, 1)] = {"type": EX_CWK if person.cwk else EX_EMP}
    first_start = person.terms[0][0]
    if rng.random() < 0.12 and first_start < dt.date(2024, 5, 1):
        day = random_day(rng, max(add_days(first_start, 30), FIRST_DAY), LAST_DAY)
        if day not in changes and day > first_start:
            changes[day] = {"last": rng.choice(("Baker", "Hughes", "Keller", "Novak", "Reyes"))}
    dates = sorted(changes)
    state: dict[str, Any] = {"last": person.last}
    birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
    sex = rng.choice(("M", "F"))
    for index, start in enumerate(dates):
        state.update(changes[start])
        end = add_days(dates[index + 1], -1) if index + 1 < len(dates) else END_OF_TIME.date()
        kind = state["type"]
        employee = kind == EMP
        created = at_time(rng, min(start, LAST_DAY))
        ctx.emit(
            "per_all_people_f",
            {
                "person_id": person.person_id,
                "effective_start_date": start,
                "effective_end_date": end,
                "business_group_id": ent.BUSINESS_GROUP,
                "person_type_id": kind,
                "employee_number": None if person.cwk else str(emp_no),
                "npw_number": f"C{emp_no}" if person.cwk else None,
                "first_name": person.first,
                "middle_names": None,
                "last_name": state["last"],
                "known_as": None,
                "full_name": f"{state['last']}, {person.first}",
                "title": "MR." if sex == "M" else "MS.",
                "email_address": _email(person, state["last"]),
                "sex": sex,
                "date_of_birth": birth,
                "marital_status": rng.choice(("M", "S", None)),
                "nationality": None,
                "national_identifier": None,
                "original_date_of_hire": person.terms[0][0],
                "start_date": person.terms[0][0],
                "current_employee_flag": "Y" if employee else None,
                "current_emp_or_apl_flag": "Y" if employee else None,
                "current_npw_flag": "Y" if kind == CWK else None,
                **ctx.who(created, clerk(ctx, rng, "HR")),
            },
        )


def write_assignments(
    ctx: Ctx,
    rng: random.Random,
    person: Person,
    emp_no: int,
    people: list[Person],
    dept_orgs: dict[tuple[int, str], int],
    job_ids: dict[str, int],
) -> None:
    managers = [p.person_id for p in people if p.manager and p.person_id != person.person_id]
    ou = ent.OU[person.org_id]
    chart = ctx.data["chart"]
    dept_code = dict(DEPARTMENTS)
    if person.manager:
        title = "President" if person.person_id == people[0].person_id else "Manager"
    elif person.buyer:
        title = "Buyer"
    else:
        title = rng.choice(JOBS[person.dept])
    for service_index, (start, end) in enumerate(person.terms):
        assignment_id = ctx.next_id("assignment", 30001)
        pos_id = None if person.cwk else ctx.next_id("period_of_service", 5001)
        state: dict[str, Any] = {
            "dept": person.dept,
            "job": title,
            "status": ACTIVE,
            "sup": rng.choice(managers) if person.person_id != people[0].person_id else None,
        }
        changes: dict[dt.date, dict[str, Any]] = {start: {}}
        last_day = end or dt.date(2024, 10, 31)
        if (last_day - start).days > 120:
            lo = max(add_days(start, 30), FIRST_DAY)
            roll = rng.random()
            if roll < 0.15 and lo < last_day:
                others = [j for j in JOBS[person.dept] if j != state["job"]] or ["Manager"]
                changes[random_day(rng, lo, last_day)] = {"job": rng.choice(others)}
            elif roll < 0.25 and lo < last_day:
                other = rng.choice([d for d, _ in DEPARTMENTS if d != person.dept])
                changes[random_day(rng, lo, last_day)] = {"dept": other}
            elif roll < 0.30 and lo < add_days(last_day, -90):
                leave = random_day(rng, lo, add_days(last_day, -90))
                changes[leave] = {"status": SUSPENDED}
                changes[add_days(leave, rng.randint(30, 80))] = {"status": ACTIVE}
            if managers and rng.random() < 0.1 and lo < last_day:
                day = random_day(rng, lo, last_day)
                changes.setdefault(day, {})["sup"] = rng.choice(managers)
        if end is not None:
            changes = {d: c for d, c in changes.items() if d <= end}
        dates = sorted(changes)
        for index, row_start in enumerate(dates):
            state.update(changes[row_start])
            if index + 1 < len(dates):
                row_end = add_days(dates[index + 1], -1)
            else:
                row_end = end or END_OF_TIME.date()
            _assignment_row(
                ctx,
                rng,
                person,
                assignment_id,
                row_start,
                row_end,
                state,
                pos_id,
                f"{emp_no}" if service_index == 0 else f"{emp_no}-{service_index + 1}",
                dept_orgs[(ou.org_id, state["dept"])],
                job_ids[state["job"]],
                chart.get(ou.company, "6110", dept_code[state["dept"]]),
                primary=True,
            )
        if pos_id is not None:
            term_created = at_time(rng, min(end, LAST_DAY)) if end else None
            ctx.emit(
                "per_periods_of_service",
                {
                    "period_of_service_id": pos_id,
                    "business_group_id": ent.BUSINESS_GROUP,
                    "person_id": person.person_id,
                    "date_start": start,
                    "accepted_termination_date": end,
                    "actual_termination_date": end,
                    "final_process_date": end,
                    "last_standard_process_date": end,
                    "leaving_reason": rng.choice(LEAVING) if end else None,
                    "notified_termination_date": add_days(end, -14) if end else None,
                    "adjusted_svc_date": None,
                    **ctx.who(
                        at_time(rng, min(start, LAST_DAY)),
                        clerk(ctx, rng, "HR"),
                        updated=term_created,
                    ),
                },
            )
    # A few current employees also hold a secondary assignment in another department.
    current = not person.cwk and person.terms[-1][1] is None
    if current and person.hire < dt.date(2024, 1, 1) and rng.random() < 0.05:
        other = rng.choice([d for d, _ in DEPARTMENTS if d != person.dept])
        start = random_day(rng, dt.date(2024, 1, 1), LAST_DAY)
        state = {"dept": other, "job": title, "status": ACTIVE, "sup": state["sup"]}
        _assignment_row(
            ctx,
            rng,
            person,
            ctx.next_id("assignment", 30001),
            start,
            END_OF_TIME.date(),
            state,
            pos_id,
            f"{emp_no}-S",
            dept_orgs[(ou.org_id, other)],
            job_ids[title],
            chart.get(ou.company, "6110", dept_code[other]),
            primary=False,
        )


def _assignment_row(
    ctx: Ctx,
    rng: random.Random,
    person: Person,
    assignment_id: int,
    start: dt.date,
    end: dt.date,
    state: dict[str, Any],
    pos_id: int | None,
    number: str,
    org: int,
    job: int,
    ccid: int,
    *,
    primary: bool,
) -> None:
    created = at_time(rng, min(start, LAST_DAY))
    ctx.emit(
        "per_all_assignments_f",
        {
            "assignment_id": assignment_id,
            "effective_start_date": start,
            "effective_end_date": end,
            "person_id": person.person_id,
            "business_group_id": ent.BUSINESS_GROUP,
            "organization_id": org,
            "job_id": job,
            "position_id": None,
            "grade_id": None,
            "location_id": 100 + person.org_id % 50,
            "supervisor_id": state["sup"],
            "assignment_number": number,
            "assignment_type": "C" if person.cwk else "E",
            "primary_flag": "Y" if primary else "N",
            "assignment_status_type_id": state["status"],
            "period_of_service_id": pos_id,
            "payroll_id": None if person.cwk else 61 + person.org_id % 3,
            "employment_category": "FR" if not person.cwk else None,
            "normal_hours": 40,
            "frequency": "W",
            "set_of_books_id": ent.OU[person.org_id].ledger_id,
            "default_code_comb_id": ccid,
            "change_reason": None,
            **ctx.who(created, clerk(ctx, rng, "HR")),
        },
    )
