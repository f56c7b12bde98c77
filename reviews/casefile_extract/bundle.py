"""ZIP bundles (an aktindsigt): safe names only, bounded entry count and size, each entry on its own."""

from __future__ import annotations

import posixpath
import zipfile

from .model import Rejected

MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # uncompressed, all entries together
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed of one large entry: beyond it the entry is a bomb
RATIO_FLOOR = 1024 * 1024  # small entries may compress as well as they like


def entry_is_bomb(info: zipfile.ZipInfo) -> bool:
    return info.file_size > MAX_ENTRY_BYTES or (
        info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1))


def check_archive(archive: zipfile.ZipFile, *, each_entry: bool = True) -> None:
    """Refuse the whole archive when its directory promises too much (a bomb or an absurd bundle);
    `each_entry=False` leaves a single bad entry to the caller (a bundle imports the others)."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Rejected("casefile.error.too_many_entries", entries=len(infos), limit=MAX_ENTRIES)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise Rejected("casefile.error.zip_bomb")
    if each_entry and any(entry_is_bomb(i) for i in infos):
        raise Rejected("casefile.error.zip_bomb")


def safe_name(name: str) -> str | None:
    """The entry's path if it stays inside the bundle, else None ("../", absolute, drive letters)."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        return None
    parts = cleaned.split("/")
    if any(part == ".." for part in parts):
        return None
    normal = posixpath.normpath(cleaned)
    return None if normal.startswith("..") else normal


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, read with a cap: a directory entry can lie about the size."""
    limit = info.file_size
    chunks, size = [], 0
    with archive.open(info) as handle:
        while chunk := handle.read(1024 * 1024):
            size += len(chunk)
            if size > limit or size > MAX_ENTRY_BYTES:
                raise Rejected("casefile.error.zip_bomb")
            chunks.append(chunk)
    return b"".join(chunks)


def entries(data: bytes):
    """(name, bytes or Rejected) for each file entry, in bundle order."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Rejected("casefile.error.damaged", kind="ZIP") from None
    with archive:
        check_archive(archive, each_entry=False)
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = safe_name(info.filename)
            if name is None:
                yield info.filename, Rejected("casefile.error.unsafe_path")
                continue
            if entry_is_bomb(info):
                yield name, Rejected("casefile.error.zip_bomb")
                continue
            if info.flag_bits & 0x1:
                yield name, Rejected("casefile.error.encrypted")
                continue
            try:
                yield name, read_entry(archive, info)
            except Rejected as exc:
                yield name, exc
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                yield name, Rejected("casefile.error.damaged", kind="ZIP")
