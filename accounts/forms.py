"""The forms of accounts: one's preferences, a forgotten password, inviting a focal point."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.people import person
from access.roles import GROUP_NAMES, Role
from accounts.models import UserProfile
from accounts.tasks import send_invitation, send_password_reset
from adminsite.input import CheckedModelMultipleChoiceField
from committees.models import Committee, FocalPoint
from programmes.models import Institution

# At most one reset mail per account in this time, however often it is asked
# for: the form cannot be used to flood someone's mailbox.
PASSWORD_RESET_INTERVAL = timedelta(minutes=5)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = UserProfile
        fields = ["notifications"]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, whose mail the worker sends (accounts.tasks). The page
    says the same whether the address is known or not (Django's views)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        UserProfile.of(user)
        now = timezone.now()
        # A conditional update: of two requests at once, one queues the mail.
        allowed = Q(password_reset_requested_at__isnull=True) | Q(
            password_reset_requested_at__lt=now - PASSWORD_RESET_INTERVAL
        )
        if UserProfile.objects.filter(allowed, user=user).update(password_reset_requested_at=now):
            # The worker makes the link (and its token) when it sends.
            send_password_reset.enqueue(user.pk)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.order_by("name_fr")
    )
    committees = CheckedModelMultipleChoiceField(
        label=_("Comités"),
        queryset=Committee.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les comités où ce point focal représente son institution."),
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=40, required=False)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(
                _("Un compte existe déjà avec cette adresse électronique."), code="duplicate"
            )
        return email

    def save(self, invited_by) -> FocalPoint:
        """Creates the account (Point focal, no usable password until they
        choose one) and its focal point; the invitation leaves once committed."""
        data = self.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=data["email"],
                email=data["email"],
                password=None,  # unusable: only the invitation's link sets one
                first_name=data["first_name"],
                last_name=data["last_name"],
                is_staff=True,  # the admin is where focal points enter their records
            )
            user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.FOCAL_POINT]))
            focal_point = FocalPoint.objects.create(
                user=user, institution=data["institution"], phone=data["phone"]
            )
            focal_point.committees.set(data["committees"])
            name = person(invited_by)
            transaction.on_commit(lambda: send_invitation.enqueue(user.pk, name))
        return focal_point
