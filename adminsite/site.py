"""The admin site: Django's, opened only to accounts with one of the four roles.

A staff flag alone (an account created by hand, a role withdrawn) opens
nothing: such an account is shown the login page with Django's « not
authorised » message, like any account the admin does not admit.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest
from django.urls import reverse


class SniaAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        from access.rules import has_role

        return super().has_permission(request) and has_role(request.user)

    def login(self, request: HttpRequest, extra_context=None):
        # Django's admin sends a login without ?next= to its own index; every
        # role starts on the dashboard instead (settings.LOGIN_REDIRECT_URL).
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            extra_context = {REDIRECT_FIELD_NAME: reverse("dashboard"), **(extra_context or {})}
        return super().login(request, extra_context)


class SniaAdminConfig(AdminConfig):
    default_site = "adminsite.site.SniaAdminSite"

    def ready(self) -> None:
        super().ready()
        # Django's UserAdmin, with a leaver's steps (deactivation, drafts to a successor).
        from adminsite.users import register_user_admin

        register_user_admin(admin.site)
        # Every app's ModelAdmin is registered now (autodiscover, above): the
        # third-party ones get the same checks on input as ours.
        from adminsite.input import check_admin_site
        from adminsite.permissions import label_permissions

        label_permissions(admin.site)
        check_admin_site(admin.site)
        french_boolean_icons()


def french_boolean_icons() -> None:
    """Yes/no icons (lists, read-only fields) described in French.

    Django writes the value itself as the icon's alt text (« True », « False »,
    « None »), untranslatable: screen readers and copied tables read English.
    Every caller imports the function from admin_list when it runs, so
    replacing it there covers them all.
    """
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html
    from django.utils.translation import gettext

    def boolean_icon(value: bool | None) -> str:
        icon, label = {True: ("yes", "Oui"), False: ("no", "Non"), None: ("unknown", "Inconnu")}[value]
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), gettext(label))

    admin_list._boolean_icon = boolean_icon
