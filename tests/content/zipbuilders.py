"""Build hostile and edge-case H5P zips in a test's temporary folder.

Each builder starts from a real, valid fixture package (the small greeting card)
so that the only thing wrong with the result is what the builder adds.
"""

from __future__ import annotations

import stat
import struct
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
H5P_FIXTURES = SHARED / "fixtures" / "h5p"
VALID = H5P_FIXTURES / "valid"
INVALID = H5P_FIXTURES / "invalid"
HOSTILE = H5P_FIXTURES / "hostile"
GREETING_CARD = VALID / "greetingcard1.h5p"

MiB = 1024 * 1024


def read_members(path: Path) -> dict[str, bytes]:
    """Every file member of a zip, by name (folder entries left out)."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def write_zip(path: Path, members: Mapping[str, bytes]) -> Path:
    """A deflated zip holding exactly ``members``, names written as given (no
    normalisation, so "../x" and "/x" stay hostile)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return path


def build_package(
    path: Path,
    *,
    extra: Mapping[str, bytes] | None = None,
    without: Iterable[str] = (),
    base: Path = GREETING_CARD,
) -> Path:
    """The ``base`` package with ``extra`` members added and ``without`` removed."""
    members = read_members(base)
    for name in without:
        del members[name]
    members.update(extra or {})
    return write_zip(path, members)


def add_symlink(path: Path, *, name: str, target: str) -> Path:
    """Append a Unix symlink entry ``name`` -> ``target`` to an existing zip."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, target)
    return path


def add_duplicate(path: Path, *, name: str, data: bytes) -> Path:
    """Append a second member with a name already in the zip."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns "Duplicate name"
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
    return path


def build_zip_bomb(path: Path, *, member: str = "content/zeros.txt", size: int = 1024 * MiB) -> Path:
    """A valid package plus one member of ``size`` zero bytes, streamed through
    the compressor 1 MiB at a time (1 GiB packs to about 1 MiB)."""
    build_package(path)
    chunk = bytes(MiB)
    info = zipfile.ZipInfo(member, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as archive, archive.open(info, "w", force_zip64=size >= 2**31) as out:
        remaining = size
        while remaining:
            step = min(remaining, MiB)
            out.write(chunk[:step])
            remaining -= step
    return path


def build_lying_sizes(path: Path, *, member: str, real_size: int, declared_size: int) -> Path:
    """A valid package plus ``member`` holding ``real_size`` zeros whose local and
    central headers both declare ``declared_size`` (the CRC is the real data's)."""
    build_package(path, extra={member: bytes(real_size)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local_offset = archive.getinfo(member).header_offset
        central_start = archive.start_dir
    # Local file header: uncompressed size at +22.
    assert data[local_offset : local_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local_offset + 22, declared_size)
    # Walk the central directory to the member's record: uncompressed size at +24.
    at = central_start
    while data[at : at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        name = bytes(data[at + 46 : at + 46 + name_len]).decode("utf-8")
        if name == member:
            struct.pack_into("<I", data, at + 24, declared_size)
            break
        at += 46 + name_len + extra_len + comment_len
    else:
        raise AssertionError(f"{member} not found in the central directory")
    path.write_bytes(bytes(data))
    return path
