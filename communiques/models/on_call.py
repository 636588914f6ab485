"""The « astreinte presse »: who answers journalists outside office hours, and when.

One person at a time: two periods never overlap (PostgreSQL refuses it with an
exclusion constraint, its migration; `clean()` says so in French on both databases).
Times are stored in UTC and entered and shown in Paris time (settings.TIME_ZONE).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models.contacts import PressContact, PressContactPhone
from grandest_press.typography import french_date, french_time


def week_bounds(moment=None) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 and the next Monday 00:00 in Paris around `moment` (default: now)."""
    local = timezone.localtime(moment)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time())
    )
    return start, end


def next_week_timestamp() -> float:
    """When the contacts page's week ends (Unix time): its schedule changes then."""
    return week_bounds()[1].timestamp()


class OnCallShiftQuerySet(models.QuerySet):
    def public(self):
        """Periods of contacts the public may see (PressContact.objects.public())."""
        return self.filter(contact__in=PressContact.objects.public())

    def overlapping(self, start, end):
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def this_week(self, moment=None):
        """The public periods that touch the current week (Monday to Sunday, Paris
        time), with what the contacts page shows of their contact."""
        return (
            self.public()
            .overlapping(*week_bounds(moment))
            .select_related("contact__organisation")
            .prefetch_related(
                Prefetch(
                    "contact__phones",
                    queryset=PressContactPhone.objects.all(),
                    to_attr="phones_list",
                )
            )
        )


class OnCallShift(models.Model):
    contact = models.ForeignKey(
        PressContact,
        on_delete=models.PROTECT,
        related_name="on_call_shifts",
        verbose_name=_("contact d’astreinte"),
        help_text=_(
            "La personne que les journalistes appellent. Seuls les contacts actifs sont "
            "affichés sur le site."
        ),
    )
    starts_at = models.DateTimeField(
        _("début"), help_text=_("Heure de Paris, par exemple vendredi 18 h.")
    )
    ends_at = models.DateTimeField(
        _("fin"), help_text=_("Heure de Paris, par exemple lundi 8 h 30.")
    )

    objects = OnCallShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("astreinte presse")
        verbose_name_plural = _("astreintes presse")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("La fin de l’astreinte doit suivre son début."),
            ),
        ]

    def __str__(self):
        return _("%(contact)s, du %(start)s au %(end)s") % {
            "contact": self.contact,
            "start": self.display_moment(self.starts_at),
            "end": self.display_moment(self.ends_at),
        }

    @staticmethod
    def display_moment(moment) -> str:
        """« vendredi 6 septembre 2019 à 18 h »."""
        if moment is None:
            return "…"
        return f"{french_date(moment)} à {french_time(moment)}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                raise ValidationError(
                    {"ends_at": _("La fin de l’astreinte doit suivre son début.")}
                )
            other = (
                OnCallShift.objects.overlapping(self.starts_at, self.ends_at)
                .exclude(pk=self.pk)
                .select_related("contact")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    _(
                        "Cette période chevauche l’astreinte de %(contact)s (du %(start)s au "
                        "%(end)s) : une seule personne est d’astreinte à la fois."
                    ),
                    params={
                        "contact": other.contact,
                        "start": self.display_moment(other.starts_at),
                        "end": self.display_moment(other.ends_at),
                    },
                    code="overlap",
                )
