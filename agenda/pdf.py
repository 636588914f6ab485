"""The PDF of a published invitation: rendered by the worker, kept in storage, served
as a file (grandest_press.pdf_store says where and when)."""

from operator import attrgetter

from grandest_press.pdf_store import PdfStore

# Read with Invitation.objects.for_page().
store = PdfStore(
    folder="cache/pdf/invitations",
    template="agenda/invitation_print.html",
    context_name="invitation",
    task="agenda.tasks.render_invitation_pdf",
    # « ANNULÉ — … »: the event's status is in the PDF's title too.
    title=attrgetter("display_title"),
)
