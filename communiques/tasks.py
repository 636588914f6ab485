"""Background work of releases (django.tasks, run by `manage.py db_worker`)."""

from django.tasks import task

from communiques import pdf
from communiques.models import Communique


@task
def render_communique_pdf(communique_pk: int):
    """Render the PDF of a public release; forget the PDFs of one no longer public.

    Queued at each save of a release (to run at its publication time) and when a
    reader finds the PDF missing; running it twice renders once.
    """
    pdf.store.refresh(Communique.objects.published().for_page(), communique_pk)
