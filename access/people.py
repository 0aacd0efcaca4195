"""How a person is named on every page, message and mail: one rule."""

from django.utils.translation import gettext


def person(user) -> str:
    """The user's full name, else their username; a deleted or unknown user says so."""
    if user is None:
        return gettext("un utilisateur inconnu")
    return user.get_full_name() or user.get_username()
