from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partenaires et pactes")

    def ready(self):
        from grandest_press.response_cache import invalidate_on_changes_to

        # Every partners model is shown on some public page.
        invalidate_on_changes_to(*self.get_models())
