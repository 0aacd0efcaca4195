# The local S3 server (moto) and a bucket per test: see tests/s3server.py.
from tests.s3server import s3_server, s3_storage  # noqa: F401
