from django.core.management.base import BaseCommand

from agenda.seed import load_poce_invitation


class Command(BaseCommand):
    help = (
        "Charge l’invitation presse à la signature du POCE Châlons Agglo "
        "(5 septembre 2019), liée à son communiqué."
    )

    def handle(self, *args, **options):
        invitation, created = load_poce_invitation()
        state = "créée" if created else "déjà présente"
        self.stdout.write(self.style.SUCCESS(f"Invitation « {invitation} » : {state}."))
