"""The admin side of reviewed changes to live content.

`ReviewedChangesAdminMixin`, mixed into a ModelAdmin, turns the save of a live object by
someone who may not publish into a PendingRevision (the public keeps the live version),
and gives Publication a page that shows the change against the live version and
applies it (through the same form, inline formsets and save methods as a direct save)
or sends it back with a comment. It only uses ModelAdmin's public API.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.forms.formsets import all_valid
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from reversion_compare.helpers import html_diff

from grandest_press.content_state import invalidate
from grandest_press.review import (
    PendingRevision,
    PendingRevisionFile,
    ReviewComment,
    fingerprint,
    is_live,
    may_change_live_content,
)

# What a browser posts besides the form's fields.
NOT_FORM_DATA = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}


def french_moment(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


def already_pending_message(revision) -> str:
    who = revision.created_by.get_username() if revision.created_by else _("quelqu’un")
    return _(
        "Une modification de « %(object)s » proposée par %(who)s le %(when)s est déjà en "
        "attente de relecture : la vôtre n’a pas été enregistrée. Attendez qu’elle soit "
        "publiée ou renvoyée, puis proposez la vôtre."
    ) % {"object": revision.object_repr, "who": who, "when": french_moment(revision.created_at)}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fr", "spellcheck": "true"}),
        max_length=5000,
    )


class SendBackForm(forms.Form):
    text = forms.CharField(
        label=_("Motif du renvoi"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fr", "spellcheck": "true"}),
        max_length=5000,
        help_text=_("Ce qui doit changer : l’auteur le lit dans le fil de relecture."),
    )


class PendingRevisionFilter(admin.SimpleListFilter):
    """Records with a change waiting for review."""

    title = _("relecture")
    parameter_name = "relecture"

    def lookups(self, request, model_admin):
        return [("en-attente", _("Modification en attente"))]

    def queryset(self, request, queryset):
        if self.value() != "en-attente":
            return queryset
        waiting = PendingRevision.objects.pending().filter(
            content_type=ContentType.objects.get_for_model(queryset.model, for_concrete_model=False)
        )
        return queryset.filter(pk__in=waiting.values("object_id"))


class ReviewedChangesAdminMixin:
    """Mix into a ModelAdmin whose objects go live (see review.register_live_check)."""

    # Fields of the change form the reviewer may set when applying (a release's
    # « rectificatif »): shown on the review page, prefilled with the proposal's values.
    approval_fields: tuple[str, ...] = ()
    # Exceptions of the model's save meaning "changed meanwhile" (an optimistic lock).
    apply_conflicts: tuple[type[Exception], ...] = ()
    review_template = "admin/review/pending_revision.html"
    change_form_template = "admin/review/change_form.html"

    # Who must go through review ---------------------------------------------------

    def needs_review(self, request, obj) -> bool:
        return obj is not None and not may_change_live_content(request.user) and is_live(obj)

    def get_queryset(self, request):
        # Whether each has a change waiting, for the lists' badges: in the list's query.
        waiting = PendingRevision.objects.pending().filter(
            content_type__app_label=self.opts.app_label,
            content_type__model=self.opts.model_name,
            object_id=OuterRef("pk"),
        )
        return super().get_queryset(request).annotate(has_pending_revision=Exists(waiting))

    def review_about(self, obj) -> str:
        """Which version of `obj` a comment is about, as the thread says it."""
        return ""

    def save_model(self, request, obj, form, change):
        # The last line of defence: no path saves live content without review.
        if change and self.needs_review(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    # URLs ---------------------------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            return wrapper

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/modification-en-attente/",
                wrap(self.pending_revision_view),
                name=f"{prefix}_pending_revision",
            ),
            path(
                "<path:object_id>/commentaires/",
                wrap(self.review_comment_view),
                name=f"{prefix}_review_comment",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, obj):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    # The change form ------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if request.method == "POST" and self.needs_review(request, obj):
            proposed = self.propose_revision(request, obj)
            if proposed is not None:
                return proposed
        if obj is not None:
            extra_context = {**(extra_context or {}), **self.review_context(request, obj)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def review_context(self, request, obj) -> dict:
        pending = (
            PendingRevision.objects.for_object(obj).pending().select_related("created_by").first()
        )
        return {
            "pending_revision": pending,
            "pending_revision_url": self._url("pending_revision", obj) if pending else "",
            "needs_review": self.needs_review(request, obj),
            "is_live": is_live(obj),
            "review_thread": list(ReviewComment.thread_of(obj)),
            "review_comment_url": self._url("review_comment", obj),
            "review_comment_form": CommentForm(),
        }

    # Proposing ------------------------------------------------------------------

    def bound_forms(self, request, obj, data, files):
        """The change form and its inline formsets bound to `data`, as on a POST of the
        change page; and whether they are all valid."""
        form = self.get_form(request, obj, change=True)(data, files, instance=obj)
        valid = form.is_valid()
        formsets, prefixes = [], {}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            if f"{prefix}-TOTAL_FORMS" not in data:
                continue  # An inline the proposer did not have: left as it is.
            kwargs = self.get_formset_kwargs(request, obj, inline, prefix)
            formsets.append(formset_class(**{**kwargs, "data": data, "files": files}))
        return form, formsets, all_valid(formsets) and valid

    def live_fingerprint(self, request, obj) -> str:
        """The stored state of `obj` and of the rows its inlines edit."""
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        related = []
        for formset_class, inline in self.get_formsets_with_inlines(request, fresh):
            rows = inline.model._default_manager.filter(**{formset_class.fk.name: fresh})
            related += list(rows.order_by("pk"))
        return fingerprint(fresh, *related)

    def propose_revision(self, request, obj):
        """Keep a valid POST as a pending revision; None when the form has errors (the
        change page shows them, and save_model() refuses to save)."""
        change_url = self._url("change", obj)
        pending = PendingRevision.objects.for_object(obj).pending().select_related("created_by")
        if existing := pending.first():
            messages.error(request, already_pending_message(existing))
            return redirect(change_url)
        base, label = self.live_fingerprint(request, obj), str(obj)[:300]
        *_forms, valid = self.bound_forms(request, obj, request.POST, request.FILES)
        if not valid:
            return None
        data = {k: request.POST.getlist(k) for k in request.POST if k not in NOT_FORM_DATA}
        try:
            with transaction.atomic():
                revision = PendingRevision.objects.create(
                    content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                    object_id=obj.pk,
                    object_repr=label,
                    data=data,
                    base_fingerprint=base,
                    created_by=request.user,
                )
                for field_name, uploads in request.FILES.lists():
                    for upload in uploads:
                        upload.seek(0)
                        kept = PendingRevisionFile(
                            revision=revision,
                            field_name=field_name,
                            original_name=upload.name[:255],
                            mime_type=(upload.content_type or "")[:100],
                        )
                        kept.file.save(upload.name, upload, save=True)
        except IntegrityError:
            # Another proposal won the race for the one pending slot.
            messages.error(request, already_pending_message(pending.first()))
            return redirect(change_url)
        messages.success(
            request,
            _(
                "Votre modification de « %(object)s » attend la relecture de la "
                "Publication. Le public voit toujours la version en ligne."
            )
            % {"object": revision.object_repr},
        )
        return redirect(change_url)

    # Reviewing ------------------------------------------------------------------

    def pending_revision_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        change_url = self._url("change", obj)
        revision = (
            PendingRevision.objects.for_object(obj).pending().select_related("created_by").first()
        )
        if request.method == "POST":
            action = request.POST.get("action")
            own = revision is not None and revision.created_by_id == request.user.pk
            if not may_change_live_content(request.user) and not (own and action == "withdraw"):
                raise PermissionDenied
            if revision is None or str(revision.pk) != request.POST.get("revision"):
                messages.error(
                    request, _("Cette modification n’est plus en attente : rien n’a changé.")
                )
                return redirect(change_url)
            if action == "withdraw" and own:
                revision.decide(status=PendingRevision.Status.WITHDRAWN, by=request.user)
                messages.success(
                    request,
                    _("Votre proposition est retirée ; la version en ligne reste inchangée."),
                )
                return redirect(change_url)
            if action == "apply":
                return self._apply(request, obj, revision)
            if action == "send_back":
                return self._send_back(request, obj, revision)
            raise PermissionDenied
        if revision is None:
            messages.info(request, _("Aucune modification n’est en attente de relecture."))
            return redirect(change_url)
        return self._review_page(request, obj, revision, send_back_form=SendBackForm())

    def _review_page(self, request, obj, revision, *, send_back_form, status=200):
        live = type(obj)._default_manager.get(pk=obj.pk)
        form, formsets, valid = self.bound_forms(
            request, live, revision.post_data(), revision.uploaded_files()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("Modification en attente : %(object)s") % {"object": obj},
            "revision": revision,
            "changes": self.changes(form, formsets),
            "still_valid": valid,
            "errors": [] if valid else self.error_messages(form, formsets),
            "stale": self.live_fingerprint(request, obj) != revision.base_fingerprint,
            "approval_fields": [form[name] for name in self.approval_fields if name in form.fields],
            "send_back_form": send_back_form,
            "can_review": may_change_live_content(request.user),
            "is_author": revision.created_by_id == request.user.pk,
            "change_url": self._url("change", obj),
            "review_thread": list(ReviewComment.thread_of(obj)),
        }
        return TemplateResponse(request, self.review_template, context, status=status)

    def _apply(self, request, obj, revision):
        change_url = self._url("change", obj)
        if self.live_fingerprint(request, obj) != revision.base_fingerprint:
            messages.error(
                request,
                _(
                    "La version en ligne a été modifiée depuis que cette modification a été "
                    "proposée : elle n’a pas été appliquée, pour ne pas écraser la version "
                    "la plus récente. Renvoyez-la à son auteur pour qu’il la refasse sur la "
                    "version en ligne."
                ),
            )
            return redirect(self._url("pending_revision", obj))
        overrides = {
            name: request.POST.get(name, "")
            for name in self.approval_fields
            if name in request.POST
        }
        for name in self.approval_fields:
            overrides.setdefault(name, "")
        errors = []
        try:
            with transaction.atomic():
                errors = self._apply_in_transaction(request, obj, revision, overrides)
                if errors:
                    transaction.set_rollback(True)
        except self.apply_conflicts:
            errors = [_("Le contenu a été modifié pendant l’application : rien n’a changé.")]
        if errors:
            messages.error(
                request,
                _("La modification n’a pas été appliquée : %(errors)s")
                % {"errors": " ".join(str(e) for e in errors)},
            )
            return redirect(self._url("pending_revision", obj))
        messages.success(
            request,
            _("La modification de « %(object)s » est publiée.") % {"object": revision.object_repr},
        )
        return redirect(change_url)

    def _apply_in_transaction(self, request, obj, revision, overrides) -> list[str]:
        locked = PendingRevision.objects.select_for_update().get(pk=revision.pk)
        if locked.status != PendingRevision.Status.PENDING:
            return [_("Cette modification n’est plus en attente.")]
        live = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        with reversion.create_revision():
            form, formsets, valid = self.bound_forms(
                request, live, locked.post_data(**overrides), locked.uploaded_files()
            )
            if not valid:
                return self.error_messages(form, formsets)
            new_object = self.save_form(request, form, change=True)
            self.save_model(request, new_object, form, change=True)
            self.save_related(request, form, formsets, change=True)
            self.log_change(
                request, new_object, self.construct_change_message(request, form, formsets)
            )
            author = locked.created_by.get_username() if locked.created_by else "?"
            reversion.set_user(request.user)
            reversion.set_comment(
                _("Modification proposée par %(author)s le %(when)s, publiée")
                % {"author": author, "when": french_moment(locked.created_at)}
            )
        locked.decide(status=PendingRevision.Status.APPLIED, by=request.user)
        invalidate()
        return []

    def _send_back(self, request, obj, revision):
        form = SendBackForm(request.POST)
        if not form.is_valid():
            return self._review_page(request, obj, revision, send_back_form=form, status=400)
        with transaction.atomic():
            revision.decide(status=PendingRevision.Status.RETURNED, by=request.user)
            ReviewComment.objects.create(
                content_type=revision.content_type,
                object_id=revision.object_id,
                revision=revision,
                about=_("modification proposée le %(when)s")
                % {"when": french_moment(revision.created_at)},
                kind=ReviewComment.Kind.RETURNED,
                text=form.cleaned_data["text"],
                author=request.user,
            )
        messages.success(
            request,
            _("La modification est renvoyée à son auteur ; la version en ligne reste inchangée."),
        )
        return redirect(self._url("change", obj))

    def review_comment_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(self._url("change", obj) + "#fil-de-relecture")
        if not request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}"):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            ReviewComment.objects.create(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=obj.pk,
                about=self.review_about(obj),
                kind=ReviewComment.Kind.COMMENT,
                text=form.cleaned_data["text"],
                author=request.user,
            )
            messages.success(request, _("Votre commentaire est ajouté au fil de relecture."))
        else:
            messages.error(request, _("Écrivez votre commentaire avant de l’envoyer."))
        return redirect(self._url("change", obj) + "#fil-de-relecture")

    # What the review page shows -------------------------------------------------

    def changes(self, form, formsets) -> list[dict]:
        """Each change of the proposal against the live version: what, before, after."""
        skipped = {*self.approval_fields, "version"}
        rows = []
        for name in form.changed_data:
            if name in skipped:
                continue
            field = form.fields[name]
            before = display_value(field, form[name].initial)
            after = display_value(field, form.cleaned_data.get(name, form[name].data))
            rows.append(change_row(field.label, before, after))
        for formset in formsets:
            model_name = formset.model._meta.verbose_name
            deleted = formset.deleted_forms
            for row_form in formset.forms:
                if row_form in deleted:
                    if row_form.instance.pk:
                        rows.append(change_row(model_name, str(row_form.instance), ""))
                    continue
                if not row_form.has_changed():
                    continue
                for name in row_form.changed_data:
                    if name in ("id", formset.fk.name):
                        continue
                    field = row_form.fields[name]
                    label = f"{model_name} — {field.label}"
                    before = display_value(field, row_form[name].initial)
                    after = display_value(
                        field, row_form.cleaned_data.get(name, row_form[name].data)
                    )
                    rows.append(change_row(label, before, after))
        return rows

    @staticmethod
    def error_messages(form, formsets) -> list[str]:
        errors = []
        for name, field_errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            errors += [f"{label} : {e}" if label else str(e) for e in field_errors]
        for formset in formsets:
            errors += [str(e) for e in formset.non_form_errors()]
            for row_errors in formset.errors:
                for field_errors in row_errors.values():
                    errors += [str(e) for e in field_errors]
        return errors


def display_value(field, value) -> str:
    """A field's value as a press officer reads it (names, not keys; text, not HTML)."""
    if value in (None, "", [], ()):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        if all(hasattr(v, "pk") for v in value):
            return ", ".join(str(v) for v in value)
        return ", ".join(str(v) for v in field.queryset.filter(pk__in=list(value)))
    if isinstance(field, forms.ModelChoiceField):
        if hasattr(value, "pk"):
            return str(value)
        found = field.queryset.filter(pk=value).first()
        return str(found) if found else ""
    if isinstance(field, forms.BooleanField):
        return str(_("oui") if value else _("non"))
    if isinstance(field, forms.FileField):
        return getattr(value, "name", str(value)).rsplit("/", 1)[-1]
    text = str(value)
    if "<" in text:
        for closing in ("</p>", "</h2>", "</h3>", "</li>", "<br>"):
            text = text.replace(closing, closing + "\n")
        text = strip_tags(text).strip()
    return text


def change_row(label, before, after) -> dict:
    return {"label": label, "before": before, "after": after, "diff": html_diff(before, after)}
