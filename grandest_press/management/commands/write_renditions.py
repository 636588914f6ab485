from django.core.management.base import BaseCommand

from grandest_press import images
from grandest_press.models import Image


class Command(BaseCommand):
    help = "Réécrit les déclinaisons de toutes les images (après un changement de tailles)."

    def handle(self, *args, **options):
        count = 0
        for image in Image.objects.iterator():
            storage, name = image.file.storage, image.file.name
            picture = images.open_stored(storage, name)
            images.write_renditions(storage, name, picture, focal=image.focal)
            count += 1
        self.stdout.write(f"{count} image(s) traitée(s).")
