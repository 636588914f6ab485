"""Background work of the agenda (django.tasks, run by `manage.py db_worker`)."""

from django.tasks import task

from agenda import pdf
from agenda.models import Invitation


@task
def render_invitation_pdf(invitation_pk: int):
    """Render the PDF of a public invitation; forget the PDFs of one no longer public.

    Queued at each save of an invitation (to run at its publication time) and when a
    reader finds the PDF missing; running it twice renders once.
    """
    pdf.store.refresh(Invitation.objects.published().for_page(), invitation_pk)
