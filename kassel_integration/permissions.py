"""The one object rule of the staff roles (README: Staff roles).

Model permissions decide what a role may do with a kind of record; this rule
decides which records: a user without ``concept.all_units`` (the Fachamt)
sees and reports only the goals, indicators and statuses of the units
(Organisation.members) they belong to. The admin base applies it to every
path of every admin that names a ``unit_lookup``; the reporting-round
services apply it to writes. This module imports no app.
"""

ALL_UNITS = "concept.all_units"
MANAGE_MEMBERS = "concept.manage_members"
MANAGE_USERS = "auth.change_user"
REVIEW_STATUSES = "monitoring.approve_goalstatus"


def sees_all_units(user) -> bool:
    """Redaktion, Lesend and Administration: every unit; Fachamt: its own."""
    return user.is_active and (user.is_superuser or user.has_perm(ALL_UNITS))


def may_review_statuses(user) -> bool:
    """The Redaktion approves or returns an Umsetzungsstand; the Fachamt
    reports it (the one place that says who reviews)."""
    return user.is_active and user.has_perm(REVIEW_STATUSES)


def role_title(user) -> str:
    """The heading of a staff member's admin start page, named for the role."""
    if user.is_superuser or user.has_perm(MANAGE_USERS):
        return "Administration"
    if not sees_all_units(user):
        return "Fachamt"
    if may_review_statuses(user):
        return "Redaktion"
    return "Lesezugang"


def restrict_to_units(queryset, *, user, lookup: str):
    """``queryset`` narrowed to the records of ``user``'s units, where the
    unit is reached from each record by ``lookup`` (e.g.
    ``"goal__responsible_organisations"``; ``""`` for the units themselves)."""
    if sees_all_units(user):
        return queryset
    if not user.is_active:
        return queryset.none()
    members = f"{lookup}__members" if lookup else "members"
    own = queryset.model._default_manager.filter(**{members: user})
    return queryset.filter(pk__in=own.values("pk"))


def may_see_users(user) -> bool:
    """Only those who manage access (user accounts, or who belongs to which
    unit) see the list of staff accounts."""
    return user.is_active and (
        user.has_perm(MANAGE_USERS) or user.has_perm(MANAGE_MEMBERS)
    )
