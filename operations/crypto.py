"""Encrypted backups: AES-256-GCM in chunks, so that an archive of any size is
encrypted and decrypted without holding it in memory.

The key is 32 random bytes, written as URL-safe base64 (44 characters) in
SNIA_BACKUP_KEY; `manage.py backup --generate-key` prints a new one.

An encrypted file is MAGIC, an 8-byte random nonce prefix, then chunks of
at most CHUNK bytes of plaintext, each written as a flag byte (1 on the last
chunk), its length and its ciphertext with GCM's tag. Each chunk's nonce is
the prefix and its index; its flag, index and the header are authenticated
with it: a chunk changed, moved, dropped or added, or a file cut short after
any chunk, fails to decrypt (the STREAM construction).
"""

import base64
import binascii
import os
import secrets
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

MAGIC = b"SNIA-BACKUP-AES256GCM-1\n"
CHUNK = 1024 * 1024
_CHUNK_HEADER = struct.Struct(">BI")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in French."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        key = b""
    if len(key) != 32:
        raise BackupError(
            _(
                "SNIA_BACKUP_KEY n'est pas une clé valide : 32 octets en base64 (44 caractères), "
                "comme en donne « manage.py backup --generate-key »."
            )
        )
    return key


def is_encrypted(path: str | os.PathLike) -> bool:
    with open(path, "rb") as file:
        return file.read(len(MAGIC)) == MAGIC


def _aad(prefix: bytes, index: int, last: bool) -> bytes:
    return MAGIC + prefix + struct.pack(">Q?", index, last)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def encrypt(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    aes, prefix = AESGCM(key), os.urandom(8)
    target.write(MAGIC + prefix)
    index, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aes.encrypt(_nonce(prefix, index), chunk, _aad(prefix, index, last))
        target.write(_CHUNK_HEADER.pack(last, len(sealed)) + sealed)
        if last:
            return
        index, chunk = index + 1, following


def decrypt(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Writes the plaintext to `target`; BackupError if the key is wrong or the file altered or cut."""
    damaged = BackupError(
        _("Clé de sauvegarde incorrecte, ou archive chiffrée altérée ou incomplète : rien n'a été restauré.")
    )
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(_("Ce fichier n'est pas une sauvegarde chiffrée de SNIA Suivi."))
    prefix = source.read(8)
    aes, index = AESGCM(key), 0
    while True:
        header = source.read(_CHUNK_HEADER.size)
        if len(prefix) != 8 or len(header) != _CHUNK_HEADER.size:
            raise damaged
        last, length = _CHUNK_HEADER.unpack(header)
        sealed = source.read(length)
        if last > 1 or length > CHUNK + 16 or len(sealed) != length:
            raise damaged
        try:
            target.write(aes.decrypt(_nonce(prefix, index), sealed, _aad(prefix, index, bool(last))))
        except InvalidTag:
            raise damaged from None
        if last:
            break
        index += 1
    if source.read(1):
        raise damaged
