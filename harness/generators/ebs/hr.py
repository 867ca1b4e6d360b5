"""HR setup: organizations, operating units, person types, jobs, and who is hired when."""

from __future__ import annotations

import datetime as dt
import random

from harness.generators.ebs import enterprise as ent
from harness.generators.ebs.core import (
    FIRST_DAY,
    LAST_DAY,
    Ctx,
    add_days,
    midnight,
    random_day,
)
from harness.generators.ebs.hr_rows import (
    ACTIVE,
    CWK,
    DEPARTMENTS,
    EMP,
    EX_CWK,
    EX_EMP,
    JOBS,
    ORG_SETUP,
    SUSPENDED,
    TERMINATED,
    Person,
    write_assignments,
    write_person,
)
from harness.generators.ebs.names import person_name


def generate(ctx: Ctx) -> None:
    rng = ctx.rng("hr")
    dept_orgs, job_ids = _organizations(ctx)
    people = _plan_people(ctx, rng)
    emp_no = 1000
    for person in people:
        emp_no += 1
        write_person(ctx, rng, person, emp_no)
        write_assignments(ctx, rng, person, emp_no, people, dept_orgs, job_ids)
    ctx.data["people"] = people
    ctx.data["buyers"] = {
        ou.org_id: [p.person_id for p in people if p.buyer and p.org_id == ou.org_id]
        for ou in ent.OUS
    }
    ctx.data["employees"] = {
        ou.org_id: [
            p.person_id
            for p in people
            if p.org_id == ou.org_id and not p.cwk and p.employed_on(LAST_DAY)
        ]
        for ou in ent.OUS
    }


def _organizations(ctx: Ctx) -> tuple[dict[tuple[int, str], int], dict[str, int]]:
    orgs: list[tuple[int, str, str, int | None]] = [
        (ent.BUSINESS_GROUP, "Vision Corporation", "BG", None)
    ]
    orgs += [(ou.org_id, ou.name, "OU", None) for ou in ent.OUS]
    orgs += [(inv.org_id, inv.name, "INV", None) for inv in ent.INV_ORGS]
    dept_orgs: dict[tuple[int, str], int] = {}
    next_id = 1000
    for ou in ent.OUS:
        for dept, _code in DEPARTMENTS:
            dept_orgs[(ou.org_id, dept)] = next_id
            orgs.append((next_id, f"{ou.name} {dept}", "DEPT", ou.org_id))
            next_id += 1
    closed = next_id  # a department closed before the data window
    orgs.append((closed, "Vision Operations Legacy Support", "DEPT", 204))
    for org_id, name, kind, _ou in orgs:
        ctx.emit(
            "hr_all_organization_units",
            {
                "organization_id": org_id,
                "business_group_id": ent.BUSINESS_GROUP,
                "name": name,
                "date_from": ORG_SETUP,
                "date_to": dt.date(2022, 6, 30) if org_id == closed else None,
                "type": kind,
                "internal_external_flag": "INT",
                "location_id": 100 + org_id % 50,
                **ctx.who(midnight(ORG_SETUP), 0),
            },
        )
    for ou in ent.OUS:
        ctx.emit(
            "hr_operating_units",
            {
                "business_group_id": ent.BUSINESS_GROUP,
                "organization_id": ou.org_id,
                "name": ou.name,
                "date_from": ORG_SETUP,
                "date_to": None,
                "short_code": ou.short_code,
                "set_of_books_id": ou.ledger_id,
                "default_legal_context_id": 23000 + ou.org_id,
                "usable_flag": None,
            },
        )
    for type_id, system, user in (
        (EMP, "EMP", "Employee"),
        (EX_EMP, "EX_EMP", "Ex-employee"),
        (CWK, "CWK", "Contingent Worker"),
        (EX_CWK, "EX_CWK", "Ex-contingent Worker"),
    ):
        ctx.emit(
            "per_person_types",
            {
                "person_type_id": type_id,
                "business_group_id": ent.BUSINESS_GROUP,
                "active_flag": "Y",
                "default_flag": "Y",
                "system_person_type": system,
                "user_person_type": user,
                "seeded_person_type_key": system,
                **ctx.who(midnight(ORG_SETUP), 1),
            },
        )
    for status_id, system, user, pay in (
        (ACTIVE, "ACTIVE_ASSIGN", "Active Assignment", "P"),
        (SUSPENDED, "SUSP_ASSIGN", "Suspend Assignment", "P"),
        (TERMINATED, "TERM_ASSIGN", "Terminate Assignment", "D"),
    ):
        ctx.emit(
            "per_assignment_status_types",
            {
                "assignment_status_type_id": status_id,
                "business_group_id": None,
                "active_flag": "Y",
                "default_flag": "Y",
                "primary_flag": "P",
                "per_system_status": system,
                "user_status": user,
                "pay_system_status": pay,
                **ctx.who(midnight(ORG_SETUP), 1),
            },
        )
    job_ids: dict[str, int] = {}
    titles = ["President", "Manager"] + [j for jobs in JOBS.values() for j in jobs]
    for index, title in enumerate(titles):
        job_ids[title] = 101 + index
        ctx.emit(
            "per_jobs",
            {
                "job_id": 101 + index,
                "business_group_id": ent.BUSINESS_GROUP,
                "job_definition_id": 2001 + index,
                "name": f"{title}.{'Executive' if index < 2 else 'Staff'}",
                "date_from": ORG_SETUP,
                "date_to": None,
                "approval_authority": 5 if index < 2 else None,
                **ctx.who(midnight(ORG_SETUP), 0),
            },
        )
    return dept_orgs, job_ids


def _plan_people(ctx: Ctx, rng: random.Random) -> list[Person]:
    count = ctx.n(50, minimum=16)
    rotation = (204, 204, 205, 458, 887)
    managers = max(4, count // 8)
    people: list[Person] = []
    has_buyer: set[int] = set()
    for index in range(count):
        first, last = person_name(rng)
        org_id = rotation[index % len(rotation)]
        person = Person(ctx.next_id("person", 101), first, last, org_id, "Finance", FIRST_DAY)
        if index <= managers:
            person.manager = True
            person.hire = random_day(rng, dt.date(2008, 1, 1), dt.date(2016, 12, 31))
            person.dept = DEPARTMENTS[index % len(DEPARTMENTS)][0]
        elif org_id not in has_buyer:
            has_buyer.add(org_id)
            person.buyer, person.dept = True, "Purchasing"
            person.hire = random_day(rng, dt.date(2012, 1, 1), dt.date(2021, 12, 31))
        else:
            person.dept = rng.choice(DEPARTMENTS)[0]
            roll = rng.random() if index != count - 1 else 1.0  # the last starts later
            if roll < 0.55:
                person.hire = random_day(rng, dt.date(2010, 1, 1), dt.date(2022, 12, 31))
            elif roll < 0.95:
                person.hire = random_day(rng, FIRST_DAY, LAST_DAY)
            else:  # hired with a start date after today: no current row yet
                person.hire = random_day(rng, dt.date(2024, 7, 8), dt.date(2024, 9, 2))
            person.cwk = rng.random() < 0.08
            person.buyer = person.dept == "Purchasing" and rng.random() < 0.5
        end = None
        if not (person.manager or person.buyer) and person.hire < LAST_DAY and rng.random() < 0.16:
            earliest = max(add_days(person.hire, 60), FIRST_DAY)
            if earliest < LAST_DAY:
                end = random_day(rng, earliest, dt.date(2024, 8, 30))
        person.terms.append((person.hire, end))
        if end is not None and end < dt.date(2024, 3, 1) and rng.random() < 0.25:
            person.terms.append((random_day(rng, add_days(end, 45), LAST_DAY), None))
        people.append(person)
    return people
