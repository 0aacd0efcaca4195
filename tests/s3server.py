"""A local S3 server for the tests: moto in server mode, on 127.0.0.1.

`s3_server` starts it once per test session, on a free port, over real HTTP:
boto3 and django-storages talk to it exactly as to an object store in
production. `s3_storage` points the default storage (so the minutes' too) at
a bucket of its own, through the same function that reads SNIA_STORAGE and
AWS_* in production, and gives the test a boto3 client to look inside.

A test folder uses them through its conftest.py: `from tests.s3server import s3_server, s3_storage`.
"""

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from snia.storage import default_storage_settings

REGION = "eu-west-3"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "snia-test", "AWS_SECRET_ACCESS_KEY": "snia-test-secret"}


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    # One INFO line per request otherwise.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@dataclass
class Bucket:
    name: str
    prefix: str
    client: object
    environ: dict

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def grants(self, key: str) -> list[tuple[str, str]]:
        acl = self.client.get_object_acl(Bucket=self.name, Key=key)
        return [(grant["Grantee"]["Type"], grant["Permission"]) for grant in acl["Grants"]]


@pytest.fixture
def s3_storage(s3_server, settings, tmp_path) -> Bucket:
    """The default storage is a fresh bucket on the local S3 server; MEDIA_ROOT an empty folder."""
    name = f"snia-{uuid.uuid4().hex[:12]}"
    environ = {
        "SNIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_LOCATION": "snia",
        **CREDENTIALS,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    # Nothing may land on the local disk: the test checks this folder stays empty.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_settings(environ)}
    return Bucket(name=name, prefix="snia/", client=client, environ=environ)
