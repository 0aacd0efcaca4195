#!/usr/bin/env bash
# The README's picture of the bilan: one page of the demo 2020 PDF as a PNG.
#   scripts/readme_image.sh [page] [output]
# page: the PDF's page number as a viewer counts it (1 = the cover; default 4, the
# synthesis), output: docs/bilan-page.png by default. It renders the PDF of the
# database in DATABASE_URL (development: DJANGO_DEBUG=1, after migrate,
# load_reference and load_demo), then rasterises the page at 80 dpi (pdftoppm,
# Debian package poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
page=${1:-4}
output=${2:-docs/bilan-page.png}
command -v pdftoppm >/dev/null || { echo "pdftoppm is missing: sudo apt-get install poppler-utils" >&2; exit 1; }
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
.venv/bin/python manage.py export_bilan 2020 --output "$folder/bilan-2020.pdf"
mkdir -p "$(dirname "$output")"
pdftoppm -r 80 -png -singlefile -f "$page" -l "$page" "$folder/bilan-2020.pdf" "$folder/page"
mv "$folder/page.png" "$output"
echo "Page $page of the 2020 bilan written to $output ($(du -k "$output" | cut -f1) KiB)"
