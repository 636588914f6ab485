from django.apps import AppConfig


class GrandEstPressConfig(AppConfig):
    name = "grandest_press"
    verbose_name = "Espace presse"

    def ready(self):
        from grandest_press.models import Image, LegalPage
        from grandest_press.response_cache import invalidate_on_changes_to

        invalidate_on_changes_to(Image, LegalPage)
