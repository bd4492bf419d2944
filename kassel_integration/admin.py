"""User and group management, and django-axes' login records, under the
admin base's permission rule (every registered admin goes through it).

Decision (README: Staff roles): superuser status is not a role. It is granted
only by a superuser (or ``manage.py createsuperuser`` on the server), so the
Administration group manages accounts and groups but can neither make anyone
a superuser nor change, or take over, a superuser's account.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.shortcuts import get_object_or_404

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from .admin_base import GuardedAdminMixin

admin.site.unregister(User)
admin.site.unregister(Group)
for model, model_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(
        model, type(model_admin.__name__, (GuardedAdminMixin, model_admin), {})
    )


@admin.register(User)
class StaffUserAdmin(GuardedAdminMixin, UserAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields


@admin.register(Group)
class StaffGroupAdmin(GuardedAdminMixin, GroupAdmin):
    pass


@admin.site.admin_view
def view_on_site(request, content_type_id, object_id):
    """The admin's "Auf der Website ansehen" redirect, only for a record the
    user may view in the admin (Django's own answers for any record, which
    tells whether another unit's record exists)."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model_admin = admin.site._registry.get(content_type.model_class())
    obj = model_admin.get_object(request, object_id) if model_admin else None
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
