"""Production's static files: collectstatic writes hashed, compressed copies, WhiteNoise
serves them compressed and cached for a year, and the PDF's fetcher finds them."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from reports.pdf import static_file_for

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A small site's static files collected as production collects them (ours would
    take a minute: the Swagger UI and fonts are compressed with Brotli)."""
    source = tmp_path_factory.mktemp("static")
    (source / "site").mkdir()
    (source / "site" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>' + " " * 2000)
    (source / "site" / "site.css").write_text(
        'body { background: url("logo.svg"); }\n' + "p { margin: 0 }\n" * 200
    )
    root = tmp_path_factory.mktemp("collected")
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": MANIFEST},
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STATIC_ROOT=root,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_collectstatic_keeps_hashed_names_only_with_compressed_copies(collected):
    names = sorted(path.name for path in (collected / "site").iterdir())

    css = [name for name in names if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name)]
    assert len(css) == 1
    assert f"{css[0]}.gz" in names and f"{css[0]}.br" in names
    assert "site.css" not in names
    # References inside CSS point at the hashed names too.
    svg = next(name for name in names if re.fullmatch(r"logo\.[0-9a-f]{12}\.svg", name))
    assert f'url("{svg}")' in (collected / "site" / css[0]).read_text()


def test_static_names_the_hashed_file(collected):
    assert re.fullmatch(r"/static/site/site\.[0-9a-f]{12}\.css", static("site/site.css"))


def test_whitenoise_serves_it_compressed_and_cached_for_good(collected):
    url = static("site/site.css")

    gzip = Client().get(url, headers={"Accept-Encoding": "gzip"})
    brotli = Client().get(url, headers={"Accept-Encoding": "gzip, br"})
    plain = Client().get(url)

    assert (gzip.status_code, gzip["Content-Encoding"], gzip["Cache-Control"]) == (200, "gzip", FOREVER)
    assert (brotli.status_code, brotli["Content-Encoding"]) == (200, "br")
    assert (plain.status_code, plain.has_header("Content-Encoding")) == (200, False)
    assert plain["Content-Type"].startswith("text/css")
    assert b"".join(plain.streaming_content).startswith(b"body { background: url(")


def test_an_uncollected_name_is_not_served(collected):
    assert Client().get("/static/site/site.css").status_code == 404


def test_the_pdf_fetcher_reads_a_hashed_static_file_from_static_root(collected):
    path = static_file_for("file://" + static("site/site.css"))

    assert path is not None and path.parent == (collected / "site").resolve()
    assert static_file_for("file:///static/../../etc/passwd") is None
