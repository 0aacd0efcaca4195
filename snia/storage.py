"""Where stored files live: generated PDFs, editions, workbooks and meeting minutes.

Local disk (DJANGO_MEDIA_ROOT) by default. With several web or worker servers,
an S3-compatible object store (SNIA_STORAGE=s3, through django-storages) so
that no instance keeps on its own disk a file another one needs.

Every stored file is private: objects are written with the `private` ACL and
no view ever links to the store. Downloads go through our views (the scoped
minutes view, the bilan's PDF, editions), which check who asks and stream the
file from the store (access.storage.ScopedLinkStorage draws those links). Code
reads and writes files only through the storage API (`field.open()`,
`storage.save()`, `storage.delete()`), never a local path.
"""

import os

from django.core.exceptions import ImproperlyConfigured

LOCAL = "local"
S3 = "s3"


def default_storage_settings(environ: dict | os._Environ) -> dict:
    """STORAGES["default"] from the environment (see .env.example)."""
    kind = environ.get("SNIA_STORAGE", LOCAL).strip().lower() or LOCAL
    if kind == LOCAL:
        # No location: FileSystemStorage follows MEDIA_ROOT, even when a test changes it.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != S3:
        raise ImproperlyConfigured(f"SNIA_STORAGE must be '{LOCAL}' or '{S3}', not {kind!r}.")
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("SNIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    options = {
        "bucket_name": bucket,
        "location": environ.get("AWS_LOCATION", "").strip(),
        # Private objects, and never two files under one name: a second upload
        # of « compte-rendu.pdf » gets its own name instead of replacing the first.
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        # Larger files spool to a temporary file while they are streamed out.
        "max_memory_size": 5 * 1024 * 1024,
        "signature_version": "s3v4",
    }
    for option, variable in {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",
    }.items():
        value = environ.get(variable, "").strip()
        # Unset keys: boto3's own chain (environment, instance role) finds them.
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
