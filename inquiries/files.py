"""Who may download an inquiry attachment (kassel_integration.private_files):
a public attachment anyone, a non-public one staff who may view attachments."""

from kassel_integration.private_files import Access

from .models import Attachment


def attachment_access(request, name: str) -> Access | None:
    attachment = Attachment.objects.filter(file=name).only("is_public").first()
    if attachment is None:
        return None
    if attachment.is_public:
        return Access(public=True)
    user = request.user
    if user.is_active and user.is_staff and user.has_perm("inquiries.view_attachment"):
        return Access(public=False)
    return None
