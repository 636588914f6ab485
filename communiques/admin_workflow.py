"""Admin screens of the editorial workflow: transitions, staff preview.

The views only collect input and call the model's transition methods, which check
permissions and states; errors come back as French messages.
"""

from dataclasses import dataclass

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique
from communiques.views import render_release
from grandest_press.review import ReviewComment


class NoInputForm(forms.Form):
    pass


class ScheduleForm(forms.Form):
    at = forms.SplitDateTimeField(
        label=_("Publier le"),
        help_text=_("Heure de Paris. La publication se fait automatiquement à ce moment."),
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date"}, time_attrs={"type": "time"}, date_format="%Y-%m-%d"
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du retrait"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Affiché au public à la place du texte retiré."),
    )


class ReturnToDraftForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire pour l’auteur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fr", "spellcheck": "true"}),
        max_length=5000,
        help_text=_(
            "Ce qui doit changer avant une nouvelle relecture. Gardé dans le fil de "
            "relecture du communiqué, où l’auteur peut répondre."
        ),
    )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    method: str
    form_class: type[forms.Form] = NoInputForm
    needs_publish: bool = False

    def call(self, communique, user, form):
        method = getattr(communique, self.method)
        if self.name == "schedule":
            return method(by=user, at=form.cleaned_data["at"])
        if self.name == "withdraw":
            return method(by=user, reason=form.cleaned_data["reason"])
        if self.name == "draft":
            # Releases carry a version number (the optimistic lock); invitations do not.
            version = getattr(communique, "version", None)
            about = _("version %(version)s") % {"version": version} if version else ""
            method(by=user)
            if comment := form.cleaned_data["comment"].strip():
                ReviewComment.objects.create(
                    content_type=ContentType.objects.get_for_model(communique),
                    object_id=communique.pk,
                    about=about,
                    kind=ReviewComment.Kind.RETURNED,
                    text=comment,
                    author=user,
                )
            return None
        return method(by=user)


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", _("Soumettre à relecture"), "submit_for_review"),
        Transition("draft", _("Repasser en brouillon"), "return_to_draft", ReturnToDraftForm),
        Transition("publish", _("Publier maintenant"), "publish", needs_publish=True),
        Transition("schedule", _("Programmer"), "schedule", ScheduleForm, needs_publish=True),
        Transition("withdraw", _("Retirer"), "withdraw", WithdrawForm, needs_publish=True),
    ]
}


def available_transitions(communique, user) -> list[Transition]:
    """The buttons to show: those the user may use from the current state."""
    status = communique.Status
    online = communique.is_published()
    names = []
    if communique.status == status.DRAFT:
        names = ["submit", "publish", "schedule"]
    elif communique.status == status.REVIEW:
        names = ["draft", "publish", "schedule"]
    elif communique.status == status.PUBLISHED:
        names = ["withdraw"] if online else ["publish", "schedule", "draft"]
    elif communique.status == status.WITHDRAWN:
        names = ["draft"]
    can_publish = communique.can_publish(user)
    return [
        TRANSITIONS[name]
        for name in names
        if can_publish or not requires_publish(communique, TRANSITIONS[name])
    ]


# The transitions that put a release before the public: refused while it is incomplete.
NEEDS_COMPLETE_RELEASE = ("publish", "schedule")


def publication_blocked(communique, transitions) -> str:
    """Why « Publier » and « Programmer » are unavailable among `transitions`, or ""."""
    if communique is None or not any(t.name in NEEDS_COMPLETE_RELEASE for t in transitions):
        return ""
    return communique.incompleteness_message()


def requires_publish(communique, transition) -> bool:
    """Publishing, scheduling, withdrawing, and taking back to draft anything but a
    release in review need the publish permission."""
    back_to_draft = transition.name == "draft" and communique.status != communique.Status.REVIEW
    return transition.needs_publish or back_to_draft


def transition_view(model_admin, request, object_id, name):
    """A workflow button's page, for a release or any model with the same workflow."""
    model = model_admin.model
    communique = get_object_or_404(model, pk=unquote(object_id))
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    if not model_admin.has_view_permission(request, communique):
        raise PermissionDenied
    if requires_publish(communique, transition) and not model.can_publish(request.user):
        # Not even the form: its button could only end in a refusal.
        raise PermissionDenied
    opts = model._meta
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[communique.pk])
    form = transition.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with reversion.create_revision():
                transition.call(communique, request.user, form)
                reversion.set_user(request.user)
                reversion.set_comment(str(transition.label))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("« %(title)s » : %(state)s.")
                % {"title": communique.title, "state": communique.editorial_state.lower()},
            )
            return redirect(change_url)
        # A permission refusal raises PermissionDenied: the admin answers 403.
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "communique": communique,
        "transition": transition,
        "form": form,
        "change_url": change_url,
        "publication_blocked": publication_blocked(communique, [transition]),
        "title": f"{transition.label} : {communique.title}",
    }
    return TemplateResponse(request, "admin/communiques/communique/transition.html", context)


def staff_preview_view(model_admin, request, object_id):
    """Any state, with the public template and a banner; never cached nor indexed."""
    try:
        communique = Communique.objects.get_for_detail(pk=unquote(object_id))
    except (Communique.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
    if not model_admin.has_view_permission(request, communique):
        raise PermissionDenied
    banner = _("Aperçu interne — état : %(state)s") % {"state": communique.editorial_state}
    return render_release(request, communique, preview_banner=banner)
