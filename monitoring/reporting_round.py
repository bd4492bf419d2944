"""The reporting round of the Umsetzungsstand: report, approve, return.

Every write goes through ``goal_status_save``: one validated save (one
history row) per admin click, whatever the review step.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kassel_integration.permissions import may_review_statuses

from .models import GoalStatus
from .selectors import goal_reportable_list

Review = GoalStatus.Review
REVIEWED = (Review.APPROVED, Review.RETURNED)


def _stored_review(status: GoalStatus) -> str | None:
    if status.pk is None:
        return None
    return (
        GoalStatus.objects.filter(pk=status.pk).values_list("review", flat=True).first()
    )


def _stamp(status: GoalStatus, *, user, before: str | None) -> None:
    """Who approved and when: set on approval, kept while it stays approved,
    cleared when it is no longer approved."""
    if status.review != Review.APPROVED:
        status.approved_by = None
        status.approved_at = None
    elif before != Review.APPROVED or status.approved_by_id is None:
        status.approved_by = user
        status.approved_at = timezone.now()


@transaction.atomic
def goal_status_save(*, status: GoalStatus, user) -> GoalStatus:
    """Save ``status`` as ``user`` reported or reviewed it, in one write.

    A Fachamt user reports only on its own goals and cannot review: an
    approved or returned status it saves goes back to "eingereicht". A return
    needs a comment.
    """
    if not goal_reportable_list(user=user).filter(pk=status.goal_id).exists():
        raise PermissionDenied(
            "Für dieses Ziel ist Ihre Organisationseinheit nicht zuständig."
        )
    if status.review in REVIEWED and not may_review_statuses(user):
        status.review = Review.SUBMITTED
    if status.review == Review.RETURNED and not status.review_comment.strip():
        raise ValidationError(
            {"review_comment": "Bitte begründen Sie die Rückgabe in einem Kommentar."},
            code="comment_required",
        )
    _stamp(status, user=user, before=_stored_review(status))
    if status.reported_by_id is None:
        status.reported_by = user
    if status.reporting_organisation_id is None:
        status.reporting_organisation = status.goal.responsible_organisations.filter(
            members=user
        ).first()
    status.full_clean()
    status.save()
    return status


def _review(status: GoalStatus, *, user, review: str) -> GoalStatus:
    if not may_review_statuses(user):
        raise PermissionDenied(
            "Nur die Redaktion kann Umsetzungsstände freigeben oder zurückgeben."
        )
    if status.review != Review.SUBMITTED:
        raise ValidationError(
            "Nur eingereichte Umsetzungsstände können freigegeben oder "
            "zurückgegeben werden.",
            code="not_submitted",
        )
    status.review = review
    return goal_status_save(status=status, user=user)


def goal_status_approve(*, status: GoalStatus, user) -> GoalStatus:
    """Approve a submitted status, stamped with who and when."""
    return _review(status, user=user, review=Review.APPROVED)


def goal_status_return(*, status: GoalStatus, user, comment: str) -> GoalStatus:
    """Return a submitted status to its reporter with a comment."""
    status.review_comment = comment
    return _review(status, user=user, review=Review.RETURNED)
