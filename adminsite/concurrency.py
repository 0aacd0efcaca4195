"""The signer of the version carried by change forms (django-concurrency).

django-concurrency builds its signer when a form class is defined, that is
when the admin is imported; Django's Signer reads SECRET_KEY right then. This
one reads it when it signs, so that commands which serve nothing
(makemigrations, check) run on a checkout without a key, while every form
still refuses to work without one.
"""

from concurrency.forms import VersionFieldSigner


class DeferredVersionSigner:
    def __init__(self) -> None:
        self._signer: VersionFieldSigner | None = None

    def _get(self) -> VersionFieldSigner:
        if self._signer is None:
            self._signer = VersionFieldSigner()
        return self._signer

    def sign(self, value):
        return self._get().sign(value)

    def unsign(self, value):
        return self._get().unsign(value)
