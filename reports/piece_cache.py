"""The laid-out pieces of the working version, on disk, by key (reports.working).

A cache, not a store: each worker machine keeps its own directory
(settings.BILAN_CACHE_DIR, outside the media and the backups), losing it only
costs a render. An entry is one file: a header line, its metadata as JSON on
the next line, then the PDF. It is written to a temporary file in the same
directory and renamed into place, an atomic step: a process killed while
writing leaves a temporary file, never a half entry under a key. An entry
whose length does not match its header is treated as missing.
"""

import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

from reports.piece_render import RenderedPiece

MAGIC = b"SNIA-PIECE 1\n"
SUFFIX = ".piece"
# Entries unread for this long are deleted by prune(): pieces of data long gone.
KEPT_FOR = 14 * 24 * 3600
# A temporary file older than this belongs to a process that died while writing.
ABANDONED_AFTER = 3600


class PieceCache:
    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory or settings.BILAN_CACHE_DIR)

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> RenderedPiece | None:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        piece = _parse(data)
        if piece is not None:
            os.utime(path)  # recently used: kept by prune()
        return piece

    def put(self, key: str, piece: RenderedPiece) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        metadata = json.dumps({**piece.metadata(), "size": len(piece.pdf)}, ensure_ascii=False)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(MAGIC + metadata.encode() + b"\n")
                file.write(piece.pdf)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def prune(self, now: float | None = None) -> int:
        """Deletes entries unread for KEPT_FOR and abandoned temporary files; returns how many."""
        now = time.time() if now is None else now
        removed = 0
        for path in self.directory.glob(f"*/*{SUFFIX}"):
            try:
                age = now - path.stat().st_mtime
            except FileNotFoundError:  # deleted meanwhile by another render's prune
                continue
            if age > (ABANDONED_AFTER if path.name.startswith(".tmp-") else KEPT_FOR):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> None:
        """Empties the cache: its entries and the page numbers kept beside them (reports.working)."""
        for path in [*self.directory.glob(f"*/*{SUFFIX}"), *self.directory.glob("*.json")]:
            path.unlink(missing_ok=True)


def _parse(data: bytes) -> RenderedPiece | None:
    if not data.startswith(MAGIC):
        return None
    header, _newline, pdf = data[len(MAGIC) :].partition(b"\n")
    try:
        metadata = json.loads(header)
    except ValueError:
        return None
    if metadata.pop("size", None) != len(pdf):
        return None
    return RenderedPiece.from_metadata(metadata, pdf)
