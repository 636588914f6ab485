from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from communiques.models import Communique, PressContact, Theme

PAGE_SIZE = 20


class PublishedCommuniqueMixin:
    """Every public view of releases starts from Communique.objects.published()."""

    def get_queryset(self):
        return Communique.objects.published()


class CommuniqueListView(PublishedCommuniqueMixin, ListView):
    template_name = "communiques/communique_list.html"
    context_object_name = "communiques"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return super().get_queryset().for_list()


class CommuniqueDetailView(PublishedCommuniqueMixin, DetailView):
    template_name = "communiques/communique_detail.html"
    context_object_name = "communique"

    def get_queryset(self):
        return super().get_queryset().for_detail()


class ThemeDetailView(PublishedCommuniqueMixin, ListView):
    template_name = "communiques/theme_detail.html"
    context_object_name = "communiques"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        return super().get_queryset().filter(themes=self.theme).for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(theme=self.theme, **kwargs)


class PressContactListView(ListView):
    template_name = "communiques/presscontact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return (
            PressContact.objects.filter(is_active=True)
            .select_related("organisation")
            .prefetch_related("phones")
        )
