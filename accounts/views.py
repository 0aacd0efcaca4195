"""Accounts' pages: « Mon compte », a forgotten password, invitations and reminders."""

from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from access.decorators import role_required
from access.roles import role_of
from access.rules import focal_point_of, is_mdcmre
from accounts.forms import InvitationForm, ProfileForm, QueuedPasswordResetForm
from accounts.models import ReminderSent, UserProfile
from accounts.reminders import due_reminders, reminders_open, send_reminders
from adminsite.pages import page
from reports.models import ReportingYear


@role_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    profile = UserProfile.of(request.user)
    # An unticked box posts nothing: the form is bound by the method, not by its data.
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return HttpResponseRedirect(reverse("account"))
    role = role_of(request.user)
    return page(
        request,
        "accounts/account.html",
        _("Mon compte"),
        form=form,
        role=role.label if role else "",
        focal_point=focal_point_of(request.user),
    )


class SiteLayoutMixin:
    """Django's account views in the admin's layout, with its header (the admin's
    registration templates, in French)."""

    def get_context_data(self, **kwargs):
        # No sidebar: for an anonymous visitor it would say they may see nothing.
        site = {**admin.site.each_context(self.request), "is_nav_sidebar_enabled": False}
        return {**site, **super().get_context_data(**kwargs)}


class PasswordResetView(SiteLayoutMixin, auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(SiteLayoutMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(SiteLayoutMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(SiteLayoutMixin, auth_views.PasswordResetCompleteView):
    pass


class InvitationAcceptView(SiteLayoutMixin, auth_views.PasswordResetConfirmView):
    """An invited focal point chooses their password (the project's validators),
    once: the link's token no longer holds when the password has changed."""

    template_name = "accounts/invitation_accept.html"
    title = gettext_lazy("Choisissez votre mot de passe")
    success_url = reverse_lazy("admin:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # Invitations only: an account with a password resets it the usual way.
        return user if user is not None and not user.has_usable_password() else None

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Votre mot de passe est enregistré. Connectez-vous avec l'identifiant « %(username)s ».")
            % {"username": form.user.get_username()},
        )
        return response


def _require_mdcmre(request: HttpRequest) -> None:
    if not is_mdcmre(request.user):
        raise PermissionDenied


@role_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    _require_mdcmre(request)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            focal_point = form.save(invited_by=request.user)
        except IntegrityError:
            # The same address invited by someone else a moment ago.
            form.add_error("email", _("Un compte existe déjà avec cette adresse électronique."))
        else:
            messages.success(
                request,
                _(
                    "Invitation envoyée à %(email)s : le compte sera utilisable dès que le mot de passe "
                    "sera choisi."
                )
                % {"email": focal_point.user.email},
            )
            return HttpResponseRedirect(reverse("admin:committees_focalpoint_changelist"))
    return page(request, "accounts/invite.html", _("Inviter un point focal"), form=form)


@role_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, year: int | None = None) -> HttpResponse:
    _require_mdcmre(request)
    years = list(ReportingYear.objects.order_by("-year"))
    if year is None:
        if not years:
            return page(request, "accounts/reminders.html", _("Rappels d'échéance"), years=[])
        chosen = years[0]
    else:
        chosen = get_object_or_404(ReportingYear, year=year)
    today = timezone.localdate()
    if request.method == "POST":
        if chosen.reporting_deadline is None:
            messages.error(request, _("Fixez d'abord la date limite des états d'avancement de cette année."))
        elif chosen.is_closed or chosen.is_closing:
            messages.error(request, _("Cette année est clôturée : plus aucun rappel n'est envoyé."))
        else:
            sent = send_reminders(chosen, today, manual=True)
            if sent:
                messages.success(request, _("%(count)d rappel(s) envoyé(s).") % {"count": sent})
            else:
                messages.info(
                    request,
                    _("Aucun rappel à envoyer : tous les destinataires ont été relancés aujourd'hui."),
                )
        return HttpResponseRedirect(reverse("account-reminders-year", args=[chosen.year]))
    return page(
        request,
        "accounts/reminders.html",
        _("Rappels d'échéance %(year)s") % {"year": chosen.year},
        years=[(other.year, reverse("account-reminders-year", args=[other.year])) for other in years],
        year=chosen,
        year_url=reverse("admin:reports_reportingyear_change", args=[chosen.pk]),
        automatic=reminders_open(chosen, today),
        due=due_reminders(chosen, today, manual=True),
        sent=ReminderSent.objects.filter(year=chosen).select_related("user", "institution")[:100],
    )
