from django.apps import AppConfig


class GrandEstPressConfig(AppConfig):
    name = "grandest_press"
    verbose_name = "Espace presse"
