"""List filters shared by the admins."""

from django.contrib import admin
from django.utils.translation import gettext


class TextValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by each value of a text field, whose blank value ("")
    is a link without text (unreadable, and an accessibility fault): named
    « (non renseigné) » here."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": gettext("(non renseigné)")}
            yield choice
