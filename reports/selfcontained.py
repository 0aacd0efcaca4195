"""The bilan's HTML as one self-contained file, for a year's edition.

An edition must read the same in ten years, whatever becomes of our static
files: its stylesheets are inlined as <style>, and the fonts and images they
or the page link to become `data:` URIs. Only our own static files are read
(reports.pdf.static_file_for): anything else is left as it is.
"""

import base64
import mimetypes
import re
from pathlib import Path
from urllib.parse import urljoin

from reports.pdf import static_file_for

STYLESHEET = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<href>[^"]+)"\s*/?>')
CSS_URL = re.compile(r"""url\(\s*(?P<quote>["']?)(?P<url>[^"')]+)(?P=quote)\s*\)""")
IMG_SRC = re.compile(r'(?P<attr><img\b[^>]*?\bsrc=")(?P<src>[^"]+)(?=")')


def _file(url: str) -> Path | None:
    # Site URLs (/static/...) are looked up like WeasyPrint's fetcher does.
    return static_file_for("file://" + url if url.startswith("/") else url)


def data_uri(path: Path) -> str:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css(css: str, css_url: str) -> str:
    """`url(...)`s of a stylesheet as data: URIs (fonts, images); fragments such as
    `url(#fin)` stay as they are."""

    def replace(match: re.Match) -> str:
        url = match["url"]
        if url.startswith(("#", "data:")):
            return match.group(0)
        path = _file(urljoin(css_url, url))
        return f'url("{data_uri(path)}")' if path else match.group(0)

    return CSS_URL.sub(replace, css)


def self_contained(html: str) -> str:
    def stylesheet(match: re.Match) -> str:
        path = _file(match["href"])
        if path is None:
            return match.group(0)
        css = inline_css(path.read_text(encoding="utf-8"), match["href"])
        return f"<style>\n{css}\n</style>"

    def image(match: re.Match) -> str:
        path = None if match["src"].startswith("data:") else _file(match["src"])
        return match["attr"] + (data_uri(path) if path else match["src"])

    return IMG_SRC.sub(image, STYLESHEET.sub(stylesheet, html))
