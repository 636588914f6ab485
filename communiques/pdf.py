"""The PDF of a published release: rendered by the worker, kept in storage, served as
a file (grandest_press.pdf_store says where and when)."""

from grandest_press.pdf_store import PdfStore

# Read with Communique.objects.for_page().
store = PdfStore(
    folder="cache/pdf/communiques",
    template="communiques/communique_print.html",
    context_name="communique",
    task="communiques.tasks.render_communique_pdf",
)
