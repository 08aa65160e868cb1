"""Safe extraction of a validated H5P package."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

from .validation import (
    DEFAULT_LIMITS,
    ExtractionPlan,
    H5PValidationError,
    Limits,
    PackageInfo,
    PathOrFile,
    Problem,
    _display,
    _mb,
    check_archive,
    open_archive,
)

__all__ = ["FILE_MODE", "FOLDER_MODE", "extract_package"]

# Readable by the web server, never writable by it nor executable.
FILE_MODE = 0o644
FOLDER_MODE = 0o755
_CHUNK = 1024 * 1024
_OPEN_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
)


def extract_package(
    *, path_or_file: PathOrFile, destination: Path, limits: Limits = DEFAULT_LIMITS
) -> PackageInfo:
    """Validate the package, then extract it to ``destination``.

    Guarantees:
    - ``destination`` must not exist and its parent must (FileExistsError /
      FileNotFoundError otherwise); it is created only when every file has been
      written, by renaming a private temporary folder created beside it, so a
      failure at any point (H5PValidationError, a damaged member, a full disk)
      leaves neither ``destination`` nor the temporary folder behind.
    - Validation (see content.h5p.validation) runs on the same open archive that
      is extracted, before any file is written.
    - Only regular files are written, each to a path checked during validation,
      with O_EXCL|O_NOFOLLOW; no link is ever created or followed. Files are
      FILE_MODE, folders FOLDER_MODE. Ignored entries (``__MACOSX``, dotfiles)
      are not written.
    - No member is written past the size its zip header declares, and the total
      written never passes ``limits.max_uncompressed_bytes``; a member whose
      data does not match its header (lying sizes, bad CRC) fails the
      extraction with an H5PValidationError ("damaged").
    """
    destination = Path(destination)
    if destination.exists() or destination.is_symlink():
        raise FileExistsError(destination)
    parent = destination.parent
    if not parent.is_dir():
        raise FileNotFoundError(parent)

    with open_archive(path_or_file=path_or_file, limits=limits) as archive:
        info, plan = check_archive(archive=archive, limits=limits)
        # mkdtemp gives a 0700 folder that only this process's user can enter,
        # so nothing else can plant links inside it while we write.
        workdir = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", suffix=".partial", dir=parent))
        try:
            _write_members(archive, plan, workdir, limits)
            os.chmod(workdir, FOLDER_MODE)
            if destination.exists() or destination.is_symlink():
                raise FileExistsError(destination)
            os.rename(workdir, destination)
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise
    return info


def _write_members(archive: zipfile.ZipFile, plan: ExtractionPlan, root: Path, limits: Limits) -> None:
    total = 0
    made: set[Path] = {root}
    for entry, name in plan.members:
        target = root.joinpath(*name.split("/"))
        _make_folders(target.parent, made)
        written = 0
        fd = os.open(target, _OPEN_FLAGS, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb", closefd=False) as out, archive.open(entry) as member:
                while True:
                    # zipfile stops at the header's file_size; asking for at most
                    # what remains keeps us from trusting that alone.
                    chunk = member.read(min(_CHUNK, entry.file_size - written + 1))
                    if not chunk:
                        break
                    written += len(chunk)
                    total += len(chunk)
                    if written > entry.file_size:
                        raise _damaged(name)
                    if total > limits.max_uncompressed_bytes:
                        raise H5PValidationError(
                            [
                                Problem(
                                    "too_large_uncompressed",
                                    {"size": _mb(total), "limit": _mb(limits.max_uncompressed_bytes)},
                                )
                            ]
                        )
                    out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise _damaged(name) from error
        finally:
            os.close(fd)
        if written != entry.file_size:
            raise _damaged(name)


def _make_folders(folder: Path, made: set[Path]) -> None:
    missing: list[Path] = []
    while folder not in made:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        os.mkdir(path, FOLDER_MODE)
        os.chmod(path, FOLDER_MODE)
        made.add(path)


def _damaged(name: str) -> H5PValidationError:
    return H5PValidationError([Problem("damaged", {"file": _display(name)})])
