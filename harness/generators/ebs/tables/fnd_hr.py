"""FND (users, responsibilities, lookups) and HR (organizations, people, assignments)."""

from __future__ import annotations

from harness.generators.ebs.schema import table

TABLES = [
    table(
        "FND_USER",
        "Application users. WHO columns of every table (CREATED_BY, LAST_UPDATED_BY) hold "
        "USER_ID values; a user is active when NVL(END_DATE, SYSDATE+1) > SYSDATE",
        """
        user_id N15!, user_name V100!, start_date D!, end_date D, description V240,
        employee_id N15, customer_id N15, supplier_id N15, email_address V240,
        last_logon_date D, password_date D, password_lifespan_days N15
        """,
        pk="user_id",
        notes={"employee_id": "PER_ALL_PEOPLE_F.PERSON_ID of the user, if any"},
    ),
    table(
        "FND_RESPONSIBILITY",
        "Responsibilities, keyed by (APPLICATION_ID, RESPONSIBILITY_ID); the name is in "
        "FND_RESPONSIBILITY_TL, one row per installed language",
        """
        application_id N15!, responsibility_id N15!, responsibility_key V30!, menu_id N15!,
        data_group_application_id N15, data_group_id N15, start_date D!, end_date D,
        version V1, web_host_name V80
        """,
        pk="application_id, responsibility_id",
        notes={
            "application_id": "101 GL, 200 AP, 222 AR, 201 PO, 660 OM, 401 INV, 800 HR, "
            "140 FA, 260 CE, 1 System Administration"
        },
    ),
    table(
        "FND_RESPONSIBILITY_TL",
        "Translated responsibility names: one row per LANGUAGE ('US' and 'D'); filter "
        "LANGUAGE = USERENV('LANG') or rows repeat per language",
        """
        application_id N15!, responsibility_id N15!, language V4!, source_lang V4!,
        responsibility_name V100!, description V240
        """,
        pk="application_id, responsibility_id, language",
    ),
    table(
        "FND_USER_RESP_GROUPS_DIRECT",
        "Responsibilities granted directly to users; a grant is active when END_DATE is NULL "
        "or in the future. Join on both RESPONSIBILITY_ID and RESPONSIBILITY_APPLICATION_ID",
        """
        user_id N15!, responsibility_id N15!, responsibility_application_id N15!,
        security_group_id N15!, start_date D!, end_date D, description V240
        """,
        pk="user_id, responsibility_id, responsibility_application_id, security_group_id",
    ),
    table(
        "FND_LOOKUP_VALUES",
        "Codes and their meanings per LOOKUP_TYPE, one row per LANGUAGE ('US', 'D'); filter "
        "LANGUAGE and VIEW_APPLICATION_ID or each code repeats. Disabled/end-dated codes remain",
        """
        lookup_type V30!, language V30!, lookup_code V30!, meaning V80!, description V240,
        enabled_flag V1!, start_date_active D, end_date_active D, source_lang V30!,
        security_group_id N15!, view_application_id N15!, territory_code V2, tag V150
        """,
        pk="lookup_type, language, lookup_code, security_group_id, view_application_id",
    ),
    table(
        "HR_ALL_ORGANIZATION_UNITS",
        "All organizations: business group 202, operating units, inventory organizations and "
        "departments (assignment ORGANIZATION_ID). Not date-tracked: DATE_TO ends an org",
        """
        organization_id N15!, business_group_id N15!, name V240!, date_from D!, date_to D,
        type V30, internal_external_flag V30, location_id N15
        """,
        pk="organization_id",
        notes={"type": "BG business group, OU operating unit, INV inventory org, DEPT department"},
    ),
    table(
        "HR_OPERATING_UNITS",
        "Operating units (the ORG_ID of _ALL tables). SET_OF_BOOKS_ID is the OU's primary "
        "ledger (GL_LEDGERS.LEDGER_ID); two OUs share the USD ledger. A view in EBS",
        """
        business_group_id N15!, organization_id N15!, name V240!, date_from D!, date_to D,
        short_code V150, set_of_books_id N15, default_legal_context_id N15, usable_flag V150
        """,
        pk="organization_id",
        who=False,
    ),
    table(
        "PER_PERSON_TYPES",
        "Person types: SYSTEM_PERSON_TYPE EMP, EX_EMP, CWK, EX_CWK",
        """
        person_type_id N15!, business_group_id N15!, active_flag V30!, default_flag V30!,
        system_person_type V30!, user_person_type V80!, seeded_person_type_key V80
        """,
        pk="person_type_id",
    ),
    table(
        "PER_ASSIGNMENT_STATUS_TYPES",
        "Assignment statuses: PER_SYSTEM_STATUS ACTIVE_ASSIGN, SUSP_ASSIGN, TERM_ASSIGN",
        """
        assignment_status_type_id N9!, business_group_id N15, active_flag V30!,
        default_flag V30!, primary_flag V30!, per_system_status V30!, user_status V80!,
        pay_system_status V1!
        """,
        pk="assignment_status_type_id",
    ),
    table(
        "PER_JOBS",
        "Jobs; NAME is the job flexfield concatenated ('Buyer.Purchasing')",
        "job_id N15!, business_group_id N15!, job_definition_id N15!, name V700!, "
        "date_from D!, date_to D, approval_authority N38",
        pk="job_id",
    ),
    table(
        "PER_ALL_PEOPLE_F",
        "People, date-tracked: one row per person per effective period, never overlapping; "
        "the current row ends 4712-12-31 and some rows start after today (future-dated). "
        "Filter :d BETWEEN EFFECTIVE_START_DATE AND EFFECTIVE_END_DATE. Terminated employees "
        "get an EX_EMP row from the day after termination; rehires have two periods of service",
        """
        person_id N10!, effective_start_date D!, effective_end_date D!, business_group_id N15!,
        person_type_id N15!, employee_number V30, npw_number V30, first_name V150,
        middle_names V60, last_name V150!, known_as V80, full_name V240, title V30,
        email_address V240, sex V30, date_of_birth D, marital_status V30, nationality V30,
        national_identifier V30, original_date_of_hire D, start_date D,
        current_employee_flag V30, current_emp_or_apl_flag V30, current_npw_flag V30
        """,
        pk="person_id, effective_start_date, effective_end_date",
        notes={
            "person_type_id": "PER_PERSON_TYPES: 1120 Employee, 1123 Ex-employee, "
            "1125 Contingent Worker, 1126 Ex-contingent Worker",
            "current_employee_flag": "Y on employee rows, NULL otherwise",
        },
    ),
    table(
        "PER_PERIODS_OF_SERVICE",
        "Employment periods (hire to termination); ACTUAL_TERMINATION_DATE NULL = still "
        "employed. A rehired person has one row per hire",
        """
        period_of_service_id N15!, business_group_id N15!, person_id N10!, date_start D!,
        accepted_termination_date D, actual_termination_date D, final_process_date D,
        last_standard_process_date D, leaving_reason V30, notified_termination_date D,
        adjusted_svc_date D
        """,
        pk="period_of_service_id",
        notes={
            "leaving_reason": "Lookup LEAV_REAS: RESIGNATION, RETIREMENT, DISMISSAL, REDUNDANCY"
        },
    ),
    table(
        "PER_ALL_ASSIGNMENTS_F",
        "Assignments, date-tracked like people (rows never overlap per ASSIGNMENT_ID). For "
        "headcount use PRIMARY_FLAG='Y', ASSIGNMENT_TYPE='E' and an ACTIVE_ASSIGN status; "
        "SUPERVISOR_ID is a PERSON_ID; ORGANIZATION_ID is a department",
        """
        assignment_id N10!, effective_start_date D!, effective_end_date D!, person_id N10!,
        business_group_id N15!, organization_id N15!, job_id N15, position_id N15,
        grade_id N15, location_id N15, supervisor_id N10, assignment_number V30,
        assignment_type V1!, primary_flag V30!, assignment_status_type_id N9!,
        period_of_service_id N15, payroll_id N9, employment_category V30, normal_hours N22_3,
        frequency V30, set_of_books_id N15, default_code_comb_id N15, change_reason V30
        """,
        pk="assignment_id, effective_start_date, effective_end_date",
        notes={"assignment_type": "E employee, C contingent worker, A applicant"},
    ),
]
