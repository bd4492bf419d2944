"""The reporting round of the Umsetzungsstand: submit, approve, return."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from concept.models import Goal
from kassel_integration.permissions import restrict_to_units

from .models import GoalStatus

Review = GoalStatus.Review
GOAL_UNITS = "responsible_organisations"


def goal_status_reportable_goals(*, user):
    """The goals ``user`` may report on: every goal for the Redaktion, the
    goals of their own units for a Fachamt user (the roles' object rule)."""
    return restrict_to_units(Goal.objects.all(), user=user, lookup=GOAL_UNITS)


@transaction.atomic
def goal_status_save(*, status: GoalStatus, user) -> GoalStatus:
    """Save a draft or submitted status reported by ``user``.

    A Fachamt user may only report on its own goals and cannot approve; an
    approved status changed by a Fachamt user goes back to review.
    """
    if not goal_status_reportable_goals(user=user).filter(pk=status.goal_id).exists():
        raise PermissionDenied(
            "Für dieses Ziel ist Ihre Organisationseinheit nicht zuständig."
        )
    if not user.has_perm("monitoring.approve_goalstatus") and status.review in (
        Review.APPROVED,
        Review.RETURNED,
    ):
        status.review = Review.SUBMITTED
    if status.review != Review.APPROVED:
        # A status that is not (or no longer) approved carries no approval stamp.
        status.approved_by = None
        status.approved_at = None
    if status.reported_by_id is None:
        status.reported_by = user
    if status.reporting_organisation_id is None:
        status.reporting_organisation = status.goal.responsible_organisations.filter(
            members=user
        ).first()
    status.full_clean()
    status.save()
    return status


@transaction.atomic
def goal_status_approve(*, status: GoalStatus, user) -> GoalStatus:
    """Approve a submitted status, stamped with who and when."""
    if not user.has_perm("monitoring.approve_goalstatus"):
        raise PermissionDenied("Nur die Redaktion kann Umsetzungsstände freigeben.")
    if status.review != Review.SUBMITTED:
        raise ValidationError(
            "Nur eingereichte Umsetzungsstände können freigegeben werden.",
            code="not_submitted",
        )
    status.review = Review.APPROVED
    status.approved_by = user
    status.approved_at = timezone.now()
    status.save()
    return status


@transaction.atomic
def goal_status_return(*, status: GoalStatus, user, comment: str) -> GoalStatus:
    """Return a submitted status to its reporter with a comment."""
    if not user.has_perm("monitoring.approve_goalstatus"):
        raise PermissionDenied("Nur die Redaktion kann Umsetzungsstände zurückgeben.")
    if not comment.strip():
        raise ValidationError(
            "Bitte begründen Sie die Rückgabe in einem Kommentar.",
            code="comment_required",
        )
    status.review = Review.RETURNED
    status.review_comment = comment
    status.approved_by = None
    status.approved_at = None
    status.save()
    return status
