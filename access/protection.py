"""Reference data in use cannot be deleted, many-to-many links included.

Foreign keys to reference data are declared PROTECT. Many-to-many links
(a session's organisers, an action's lead institutions…) go through the link
tables Django creates itself, whose foreign keys CASCADE: deleting an
institution would silently drop every link to it. Declaring explicit link
models would fix that, but the admin then refuses those fields in its forms
(admin.E013) and staff would lose the autocomplete widgets. So the
target side of each auto-created link table is switched to PROTECT here: the
deletion collector reads on_delete when it runs, so the admin shows its
"cannot delete" page, the API gets ProtectedError, and scripts are refused —
exactly as with a PROTECT foreign key.
"""

from django.apps import apps
from django.db import models

from access.roles import is_reference


def protect_many_to_many_links() -> None:
    targets = {model for model in apps.get_models() if is_reference(model)}
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            for link in through._meta.fields:
                if isinstance(link, models.ForeignKey) and link.related_model in targets:
                    if link.related_model is not model:  # the owner's own side keeps CASCADE
                        link.remote_field.on_delete = models.PROTECT
