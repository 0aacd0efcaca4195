"""Stored files reach users only through views that check who asks.

Django draws a link to a stored file from its storage's `url()`; a storage
wrapped here links to one of our views instead, whatever the configured
backend (disk or S3, snia/storage.py).
"""

import weakref

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import LazyObject, empty


class ScopedLinkStorage(LazyObject):
    """The configured default storage, whose links lead to one of our views.

    Django draws a link to a stored file (admin widgets, read-only fields)
    from `storage.url(name)`: on disk that would be under MEDIA_URL, on S3 a
    signed URL — both readable by anyone holding them. Here it is the view
    named by `url_name` (taking the stored `name`), which checks the user's
    scope. Everything else is the default storage's.
    """

    url_name: str

    def __init__(self) -> None:
        super().__init__()
        _scoped_storages.append(weakref.ref(self))

    def _setup(self) -> None:
        self._wrapped = storages["default"]

    def url(self, name: str | None) -> str:
        return reverse(self.url_name, kwargs={"name": name})

    # A copy stays a scoped storage (LazyObject would copy the storage it wraps).
    def __copy__(self) -> "ScopedLinkStorage":
        return type(self)()

    def __deepcopy__(self, memo: dict) -> "ScopedLinkStorage":
        return type(self)()


_scoped_storages: list[weakref.ref] = []


@receiver(setting_changed)
def _follow_storages_setting(*, setting: str, **kwargs) -> None:
    # Django forgets its storages when STORAGES changes (tests): so do these.
    if setting == "STORAGES":
        for reference in _scoped_storages:
            storage = reference()
            if storage is not None:
                storage._wrapped = empty
