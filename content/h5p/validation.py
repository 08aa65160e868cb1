"""Validation of uploaded H5P packages, done entirely from the zip's directory
and a few small JSON members, before anything is written to disk.

What is checked, in order (the first two groups stop early, so that a hostile
archive is never decompressed):

1. Size of the upload and the number of entries its central directory
   declares; that the file is a zip at all.
2. Every entry: a path that stays inside the extraction folder (no ``..``,
   absolute paths, backslashes, drive letters, control characters, empty
   segments), a regular file or folder (no symlinks or devices, read from the
   Unix mode in ``external_attr``), not encrypted, stored or deflated, no
   duplicates (compared case-insensitively, so extraction behaves the same on
   every file system), per-file and total uncompressed size, and the overall
   compression ratio.
3. File extensions, against H5P core's default whitelist: files under
   ``content/`` may only use the content list; library folders may also hold
   ``.js`` and ``.css`` (H5P core's "library extras").
4. ``h5p.json``, ``content/content.json``, each library folder's name and
   ``library.json``, its language files, the files its ``preloadedJs`` and
   ``preloadedCss`` name, and every preloaded dependency, followed transitively
   from ``h5p.json``.

Ignored entries: like H5P core, any entry with a path segment that starts with
``.`` or ``_`` (``.DS_Store``, ``__MACOSX/…``, ``.git/…``) is skipped: it is
not extension-checked and not extracted, but it still counts towards the size
and file-count limits and must still have a safe path.

SVG (and XML) are on H5P's whitelist and are accepted; they can carry script,
so they must be served as described in :mod:`content.h5p.mimetypes`.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import stat
import struct
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CONTENT_EXTENSIONS",
    "DEFAULT_LIMITS",
    "LIBRARY_EXTENSIONS",
    "MESSAGES",
    "H5PValidationError",
    "Library",
    "LibraryRef",
    "Limits",
    "PackageInfo",
    "Problem",
    "is_ignored",
    "validate_package",
]

MB = 1024 * 1024

# H5PCore::$defaultContentWhitelist and $defaultLibraryWhitelistExtras.
# fmt: off
CONTENT_EXTENSIONS: frozenset[str] = frozenset({
    "json", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "svg", "eot", "ttf", "woff", "woff2",
    "otf", "webm", "mp4", "ogg", "mp3", "m4a", "wav", "txt", "pdf", "rtf", "doc", "docx", "xls", "xlsx",
    "ppt", "pptx", "odt", "ods", "odp", "xml", "csv", "diff", "patch", "swf", "md", "textile", "vtt",
    "webvtt",
})
# fmt: on
LIBRARY_EXTENSIONS: frozenset[str] = CONTENT_EXTENSIONS | {"js", "css"}

# Content types that implement H5P's scoring contract (getScore/getMaxScore and
# xAPI "answered"/"completed" statements with a result). Anything built on
# H5P.Question is also a question type; see PackageInfo.reports_score.
SCORING_LIBRARIES: frozenset[str] = frozenset(
    {
        "H5P.ArithmeticQuiz",
        "H5P.Blanks",
        "H5P.BranchingScenario",
        "H5P.CoursePresentation",
        "H5P.Crossword",
        "H5P.Dictation",
        "H5P.DragQuestion",
        "H5P.DragText",
        "H5P.Essay",
        "H5P.FindTheWords",
        "H5P.Flashcards",
        "H5P.ImageHotspotQuestion",
        "H5P.ImageMultipleHotspotQuestion",
        "H5P.ImagePair",
        "H5P.ImageSequencing",
        "H5P.InteractiveBook",
        "H5P.InteractiveVideo",
        "H5P.MarkTheWords",
        "H5P.MultiChoice",
        "H5P.MultiMediaChoice",
        "H5P.QuestionSet",
        "H5P.SingleChoiceSet",
        "H5P.SortParagraphs",
        "H5P.SpeakTheWords",
        "H5P.SpeakTheWordsSet",
        "H5P.Summary",
        "H5P.TrueFalse",
    }
)
QUESTION_BASE_LIBRARY = "H5P.Question"

CONTENT_DIR = "content"
MAX_PROBLEMS = 50

# Patterns from H5P core's H5PValidator ($h5pRequired, $libraryRequired).
_TITLE_RE = re.compile(r"^.{1,255}$", re.DOTALL)
_LANGUAGE_RE = re.compile(r"^[-a-zA-Z]{1,10}$")
_MAIN_LIBRARY_RE = re.compile(r"^[$a-z_][0-9a-z_.$]{1,254}$", re.IGNORECASE)
_MACHINE_NAME_RE = re.compile(r"^[\w.-]{1,255}$", re.ASCII)
_VERSION_RE = re.compile(r"^[0-9]{1,5}$")
_LIBRARY_FOLDER_RE = re.compile(
    r"^(?P<machine>[\w.-]{1,240})-(?P<major>[0-9]{1,5})\.(?P<minor>[0-9]{1,5})$", re.ASCII
)
_LANGUAGE_FILE_RE = re.compile(r"^(-?[a-z]+){1,7}\.json$", re.IGNORECASE)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_MAX_SEGMENT_BYTES = 255
_MAX_PATH_BYTES = 1024

_ALLOWED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

# Every user-facing message, keyed by a stable problem code. Kept in one place
# so that a test can check that each has a Thai translation.
MESSAGES: dict[str, Promise] = {
    "package_too_large": _("The package is %(size)s MB; the largest package accepted is %(limit)s MB."),
    "not_zip": _("This file is not an H5P package: an H5P file must be a zip archive, and this one is not."),
    "damaged": _("The package is damaged and cannot be read (%(file)s)."),
    "too_many_files": _("The package holds %(count)s files; at most %(limit)s are accepted."),
    "unsafe_path": _(
        "The file name “%(file)s” points outside the package folder, so the package is refused."
    ),
    "symlink": _("“%(file)s” is a symbolic link; links are not allowed in a package."),
    "special_file": _("“%(file)s” is not an ordinary file or folder."),
    "encrypted": _("“%(file)s” is password-protected; packages must not be encrypted."),
    "unsupported_compression": _("“%(file)s” uses a compression method that is not supported."),
    "duplicate_entry": _("“%(file)s” appears more than once in the package."),
    "file_too_large": _(
        "“%(file)s” is %(size)s MB when unpacked; the largest file accepted is %(limit)s MB."
    ),
    "too_large_uncompressed": _(
        "The package is %(size)s MB when unpacked; at most %(limit)s MB is accepted when unpacked."
    ),
    "compression_ratio": _(
        "The package unpacks to %(ratio)s times its packed size (at most %(limit)s times is accepted); "
        "it may be a zip bomb."
    ),
    "extension_not_allowed": _("The file type of “%(file)s” is not allowed in an H5P package."),
    "missing_h5p_json": _("The package has no h5p.json file, so it is not an H5P package."),
    "missing_content_json": _("The package has no content/content.json file."),
    "json_too_large": _("“%(file)s” is too large to read (%(size)s MB)."),
    "invalid_json": _("“%(file)s” is not valid JSON (line %(line)s, column %(column)s)."),
    "not_json_object": _("“%(file)s” must contain a JSON object."),
    "missing_field": _("“%(file)s” has no “%(field)s” field."),
    "invalid_field": _("In “%(file)s”, the field “%(field)s” is not valid: it must be %(expected)s."),
    "main_library_not_listed": _(
        "The main library “%(library)s” named in h5p.json is not listed in its preloadedDependencies."
    ),
    "invalid_library_folder": _(
        "The folder name “%(folder)s” is not a valid library folder name; "
        "it must look like H5P.Example-1.0 (library name, major and minor version)."
    ),
    "missing_library_json": _("The library folder “%(folder)s” has no library.json file."),
    "library_name_mismatch": _(
        "The folder “%(folder)s” holds library.json for %(library)s; the folder name must match it."
    ),
    "invalid_language_file": _("The language file “%(file)s” in library %(library)s has an invalid name."),
    "missing_preloaded_file": _(
        "Library %(library)s needs the file “%(file)s”, which is not in the package."
    ),
    "missing_dependency": _("%(needed_by)s needs the library %(library)s, which is not in the package."),
    "too_many_problems": _("…and %(count)s more problems."),
}

# Phrases that fill %(expected)s in "invalid_field".
EXPECTED: dict[str, Promise] = {
    "title": _("text of 1 to 255 characters"),
    "language": _("a language code such as “th”, “en” or “und”"),
    "library_name": _("a library name such as H5P.MultiChoice"),
    "version": _("a whole number from 0 to 99999"),
    "zero_or_one": _("0 or 1"),
    "embed_types": _("a list containing “div”, “iframe” or both"),
    "dependencies": _("a list of libraries, each with machineName, majorVersion and minorVersion"),
    "files": _("a list of files, each with a “path” inside the library folder"),
}


@dataclass(frozen=True)
class Limits:
    """Upper bounds applied before extraction. Sizes are in bytes."""

    max_package_bytes: int = 100 * MB
    max_uncompressed_bytes: int = 500 * MB
    max_files: int = 10_000
    max_file_bytes: int = 200 * MB
    max_compression_ratio: float = 100.0
    # Below this much unpacked data a high ratio cannot hurt, and tiny text-only
    # packages legitimately compress very well.
    ratio_check_from_bytes: int = 10 * MB
    max_json_bytes: int = 16 * MB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Problem:
    """One reason a package was refused. ``message`` is rendered in the active
    language each time it is read, so a stored Problem shows in the reader's
    language."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> Promise:
        return MESSAGES[self.code]

    @property
    def message(self) -> str:
        return str(self.template) % {key: str(value) for key, value in self.params.items()}

    @property
    def subject(self) -> str | None:
        """The file, folder or library the problem is about, if any."""
        for key in ("file", "folder", "library"):
            if key in self.params:
                return str(self.params[key])
        return None

    def __str__(self) -> str:
        return self.message


class H5PValidationError(Exception):
    """The package was refused; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.problems]

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def as_django_validation_error(self):  # -> django.core.exceptions.ValidationError
        """The same problems as a Django ValidationError (translated lazily), for forms."""
        from django.core.exceptions import ValidationError

        return ValidationError(
            [
                ValidationError(p.template, code=p.code, params={k: str(v) for k, v in p.params.items()})
                for p in self.problems
            ]
        )


@dataclass(frozen=True, order=True)
class LibraryRef:
    """A library as H5P names it: machine name and major.minor version."""

    machine_name: str
    major_version: int
    minor_version: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}"


@dataclass(frozen=True)
class Library:
    """A valid library folder found in the package."""

    ref: LibraryRef
    title: str
    patch_version: int
    runnable: bool
    preloaded_js: tuple[str, ...]
    preloaded_css: tuple[str, ...]
    preloaded_dependencies: tuple[LibraryRef, ...]


@dataclass(frozen=True)
class PackageInfo:
    """What a valid package holds. ``file_count`` and ``uncompressed_size``
    count the files that extraction writes (ignored entries excluded)."""

    title: str
    main_library: LibraryRef
    language: str
    embed_types: tuple[str, ...]
    libraries: tuple[Library, ...]
    file_count: int
    uncompressed_size: int
    reports_score: bool

    @property
    def main(self) -> Library:
        return next(lib for lib in self.libraries if lib.ref == self.main_library)


# A path to a file, or an open binary file positioned anywhere (Django's
# UploadedFile works); a file object is left open.
PathOrFile = str | os.PathLike[str] | BinaryIO | IO[bytes]


def validate_package(*, path_or_file: PathOrFile, limits: Limits = DEFAULT_LIMITS) -> PackageInfo:
    """Check an H5P package without extracting it.

    Guarantees: returns only if every check in this module's docstring passed;
    otherwise raises H5PValidationError listing every problem found (at most
    MAX_PROBLEMS, then a count). A hostile archive (bomb, traversal, link) is
    refused from its central directory alone: no member is decompressed. Only
    h5p.json, content/content.json and each library's JSON files are read, and
    only up to ``limits.max_json_bytes`` each.
    """
    with open_archive(path_or_file=path_or_file, limits=limits) as archive:
        info, _plan = check_archive(archive=archive, limits=limits)
    return info


@dataclass(frozen=True)
class ExtractionPlan:
    """The members to write, each with its checked relative path."""

    members: tuple[tuple[zipfile.ZipInfo, str], ...]


@contextmanager
def open_archive(*, path_or_file: PathOrFile, limits: Limits) -> Iterator[zipfile.ZipFile]:
    """Open the upload as a zip after checking its size and declared entry count.
    Raises H5PValidationError if the file is too large or not a zip."""
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, "rb") as fp, _open_zip(fp, limits) as archive:
            yield archive
    else:
        with _open_zip(path_or_file, limits) as archive:
            yield archive


@contextmanager
def _open_zip(fp: IO[bytes], limits: Limits) -> Iterator[zipfile.ZipFile]:
    fp.seek(0, os.SEEK_END)
    size = fp.tell()
    if size > limits.max_package_bytes:
        raise H5PValidationError(
            [Problem("package_too_large", {"size": _mb(size), "limit": _mb(limits.max_package_bytes)})]
        )
    # zipfile builds a ZipInfo for every central-directory entry before we can
    # count them; read the count from the end record first to bound that work.
    declared = _declared_entry_count(fp, size)
    if declared is not None and declared > limits.max_files:
        raise H5PValidationError([Problem("too_many_files", {"count": declared, "limit": limits.max_files})])
    fp.seek(0)
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError):
        raise H5PValidationError([Problem("not_zip")]) from None
    try:
        yield archive
    finally:
        archive.close()


def _declared_entry_count(fp: IO[bytes], size: int) -> int | None:
    """Total entries from the end-of-central-directory record (zip64 aware), or
    None when the record is not found (zipfile then reports the file as not a zip)."""
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    total = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if total != 0xFFFF:
        return total
    locator_at = size - tail_len + at - 20
    if locator_at < 0:
        return None
    fp.seek(locator_at)
    locator = fp.read(20)
    if len(locator) < 20 or locator[:4] != b"PK\x06\x07":
        return None
    record_offset = struct.unpack("<Q", locator[8:16])[0]
    if record_offset + 56 > size:
        return None
    fp.seek(record_offset)
    record = fp.read(56)
    if record[:4] != b"PK\x06\x06":
        return None
    return struct.unpack("<Q", record[32:40])[0]


class _Problems:
    """Collects problems, keeping the list short enough to read."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, code: str, **params: Any) -> None:
        problem = Problem(code, params)
        if problem in self.items:
            return
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)
        else:
            self.dropped += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            items = list(self.items)
            if self.dropped:
                items.append(Problem("too_many_problems", {"count": self.dropped}))
            raise H5PValidationError(items)


def check_archive(*, archive: zipfile.ZipFile, limits: Limits) -> tuple[PackageInfo, ExtractionPlan]:
    """Run every check on an opened archive; return the package description
    and the members to extract. Raises H5PValidationError."""
    problems = _Problems()
    entries = archive.infolist()
    _check_entries(entries, limits, problems)
    # Nothing below may run on an archive that failed the structural checks:
    # it would read members of a possible bomb or with unsafe names.
    problems.raise_if_any()

    members: list[tuple[zipfile.ZipInfo, str]] = []
    files: dict[str, zipfile.ZipInfo] = {}
    for entry in entries:
        name = entry.filename
        if entry.is_dir() or is_ignored(name):
            continue
        extension = posixpath.splitext(name)[1].lower().lstrip(".")
        allowed = CONTENT_EXTENSIONS if name.startswith(CONTENT_DIR + "/") else LIBRARY_EXTENSIONS
        if extension not in allowed:
            problems.add("extension_not_allowed", file=_display(name))
            continue
        members.append((entry, name))
        files[name] = entry

    reader = _JsonReader(archive, files, limits, problems)
    package = _check_h5p_json(reader, files, problems)
    if f"{CONTENT_DIR}/content.json" not in files:
        problems.add("missing_content_json")
    else:
        content = reader.load(f"{CONTENT_DIR}/content.json")
        if content is not _INVALID and not isinstance(content, dict):
            problems.add("not_json_object", file=f"{CONTENT_DIR}/content.json")

    libraries, folders = _check_libraries(reader, files, entries, problems)
    main_ref = None
    if package is not None:
        main_ref = _check_dependencies(package, libraries, folders, problems)
    problems.raise_if_any()
    assert package is not None and main_ref is not None  # every None case recorded a problem above

    info = PackageInfo(
        title=package["title"],
        main_library=main_ref,
        language=package["language"],
        embed_types=tuple(package["embedTypes"]),
        libraries=tuple(sorted(libraries.values(), key=lambda lib: lib.ref)),
        file_count=len(members),
        uncompressed_size=sum(entry.file_size for entry, _name in members),
        reports_score=_reports_score(main_ref, libraries),
    )
    return info, ExtractionPlan(members=tuple(members))


def is_ignored(name: str) -> bool:
    """True for entries H5P core skips: any path segment starting with "." or "_"."""
    return any(segment.startswith((".", "_")) for segment in name.split("/") if segment)


def _unsafe(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or _DRIVE_RE.match(name):
        return True
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return True
    if len(name.encode("utf-8")) > _MAX_PATH_BYTES:
        return True
    segments = name[:-1].split("/") if name.endswith("/") else name.split("/")
    return any(
        segment in ("", ".", "..") or len(segment.encode("utf-8")) > _MAX_SEGMENT_BYTES
        for segment in segments
    )


def _check_entries(entries: list[zipfile.ZipInfo], limits: Limits, problems: _Problems) -> None:
    if len(entries) > limits.max_files:
        problems.add("too_many_files", count=len(entries), limit=limits.max_files)
    seen: set[str] = set()
    file_names: set[str] = set()
    folder_names: set[str] = set()
    total_size = 0
    total_compressed = 0
    for entry in entries:
        name = entry.filename
        shown = _display(name)
        total_size += entry.file_size
        total_compressed += entry.compress_size
        if _unsafe(name):
            problems.add("unsafe_path", file=shown)
            continue
        if entry.create_system == 3:  # Unix: the high 16 bits hold st_mode
            mode = entry.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if stat.S_ISLNK(mode):
                problems.add("symlink", file=shown)
                continue
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                problems.add("special_file", file=shown)
                continue
        if entry.flag_bits & 0x1:
            problems.add("encrypted", file=shown)
        if not entry.is_dir() and entry.compress_type not in _ALLOWED_COMPRESSION:
            problems.add("unsupported_compression", file=shown)
        if entry.file_size > limits.max_file_bytes:
            problems.add(
                "file_too_large", file=shown, size=_mb(entry.file_size), limit=_mb(limits.max_file_bytes)
            )
        key = name.rstrip("/").casefold()
        if key in seen:
            problems.add("duplicate_entry", file=shown)
        seen.add(key)
        if entry.is_dir():
            folder_names.add(key)
        else:
            file_names.add(key)
            parts = key.split("/")
            folder_names.update("/".join(parts[:i]) for i in range(1, len(parts)))
    for clash in sorted(file_names & folder_names):
        problems.add("duplicate_entry", file=_display(clash))
    if total_size > limits.max_uncompressed_bytes:
        problems.add("too_large_uncompressed", size=_mb(total_size), limit=_mb(limits.max_uncompressed_bytes))
    if total_size >= limits.ratio_check_from_bytes:
        ratio = total_size / max(total_compressed, 1)
        if ratio > limits.max_compression_ratio:
            problems.add(
                "compression_ratio", ratio=f"{ratio:,.0f}", limit=f"{limits.max_compression_ratio:g}"
            )


_INVALID = object()


class _JsonReader:
    def __init__(
        self,
        archive: zipfile.ZipFile,
        files: dict[str, zipfile.ZipInfo],
        limits: Limits,
        problems: _Problems,
    ) -> None:
        self.archive = archive
        self.files = files
        self.limits = limits
        self.problems = problems

    def load(self, name: str) -> Any:
        """The parsed JSON of a member, or _INVALID after recording why."""
        entry = self.files[name]
        if entry.file_size > self.limits.max_json_bytes:
            self.problems.add("json_too_large", file=_display(name), size=_mb(entry.file_size))
            return _INVALID
        try:
            with self.archive.open(entry) as member:
                raw = member.read(self.limits.max_json_bytes + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            self.problems.add("damaged", file=_display(name))
            return _INVALID
        if len(raw) > self.limits.max_json_bytes:
            self.problems.add("json_too_large", file=_display(name), size=_mb(len(raw)))
            return _INVALID
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except json.JSONDecodeError as error:
            self.problems.add("invalid_json", file=_display(name), line=error.lineno, column=error.colno)
        except (UnicodeDecodeError, RecursionError, ValueError):
            self.problems.add("invalid_json", file=_display(name), line=1, column=1)
        return _INVALID


def _check_h5p_json(
    reader: _JsonReader, files: dict[str, zipfile.ZipInfo], problems: _Problems
) -> dict[str, Any] | None:
    """The validated h5p.json with versions as ints, or None."""
    name = "h5p.json"
    if name not in files:
        problems.add("missing_h5p_json")
        return None
    data = reader.load(name)
    if data is _INVALID:
        return None
    if not isinstance(data, dict):
        problems.add("not_json_object", file=name)
        return None
    ok = True
    for key, pattern, expected in (
        ("title", _TITLE_RE, "title"),
        ("language", _LANGUAGE_RE, "language"),
        ("mainLibrary", _MAIN_LIBRARY_RE, "library_name"),
    ):
        ok &= _check_text(data, key, pattern, expected, name, problems)
    embed_types = data.get("embedTypes")
    if "embedTypes" not in data:
        problems.add("missing_field", file=name, field="embedTypes")
        ok = False
    elif (
        not isinstance(embed_types, list)
        or not 1 <= len(embed_types) <= 2
        or len(set(map(str, embed_types))) != len(embed_types)
        or any(value not in ("div", "iframe") for value in embed_types)
    ):
        problems.add("invalid_field", file=name, field="embedTypes", expected=EXPECTED["embed_types"])
        ok = False
    dependencies = _check_dependency_list(data, "preloadedDependencies", name, problems, required=True)
    if dependencies is None:
        ok = False
    if not ok:
        return None
    return {**data, "preloadedDependencies": dependencies}


def _check_text(
    data: dict[str, Any], key: str, pattern: re.Pattern[str], expected: str, file: str, problems: _Problems
) -> bool:
    if key not in data:
        problems.add("missing_field", file=file, field=key)
        return False
    value = data[key]
    if not isinstance(value, str) or not pattern.match(value):
        problems.add("invalid_field", file=file, field=key, expected=EXPECTED[expected])
        return False
    return True


def _version(value: Any) -> int | None:
    # H5P core checks versions with a regex on the string form, so "1" and 1 are both accepted.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 99999 else None
    if isinstance(value, str) and _VERSION_RE.match(value):
        return int(value)
    return None


def _check_dependency_list(
    data: dict[str, Any], key: str, file: str, problems: _Problems, *, required: bool
) -> list[LibraryRef] | None:
    if key not in data:
        if required:
            problems.add("missing_field", file=file, field=key)
            return None
        return []
    value = data[key]
    if not isinstance(value, list):
        problems.add("invalid_field", file=file, field=key, expected=EXPECTED["dependencies"])
        return None
    refs: list[LibraryRef] = []
    for index, item in enumerate(value):
        machine = item.get("machineName") if isinstance(item, dict) else None
        major = _version(item.get("majorVersion")) if isinstance(item, dict) else None
        minor = _version(item.get("minorVersion")) if isinstance(item, dict) else None
        if (
            not isinstance(machine, str)
            or not _MACHINE_NAME_RE.match(machine)
            or major is None
            or minor is None
        ):
            problems.add(
                "invalid_field", file=file, field=f"{key}[{index}]", expected=EXPECTED["dependencies"]
            )
            return None
        refs.append(LibraryRef(machine, major, minor))
    return refs


def _safe_library_path(path: Any) -> str | None:
    """A preloadedJs/Css path normalised relative to its library folder, or None if unsafe."""
    if not isinstance(path, str):
        return None
    path = path.lstrip("/")
    while path.startswith("./"):
        path = path[2:]
    if _unsafe(path) or path.endswith("/"):
        return None
    return path


def _check_libraries(
    reader: _JsonReader,
    files: dict[str, zipfile.ZipInfo],
    entries: list[zipfile.ZipInfo],
    problems: _Problems,
) -> tuple[dict[LibraryRef, Library], set[str]]:
    """Every top-level folder other than content/ is a library; return the valid
    ones and the names of all library folders present."""
    folders = sorted(
        {
            entry.filename.split("/", 1)[0]
            for entry in entries
            if "/" in entry.filename and not is_ignored(entry.filename.split("/", 1)[0])
        }
        - {CONTENT_DIR}
    )
    libraries: dict[LibraryRef, Library] = {}
    for folder in folders:
        library = _check_library(reader, files, folder, problems)
        if library is not None:
            libraries[library.ref] = library
    return libraries, set(folders)


def _check_library(
    reader: _JsonReader, files: dict[str, zipfile.ZipInfo], folder: str, problems: _Problems
) -> Library | None:
    match = _LIBRARY_FOLDER_RE.match(folder)
    if not match:
        problems.add("invalid_library_folder", folder=_display(folder))
        return None
    name = f"{folder}/library.json"
    if name not in files:
        problems.add("missing_library_json", folder=folder)
        return None
    data = reader.load(name)
    if data is _INVALID:
        return None
    if not isinstance(data, dict):
        problems.add("not_json_object", file=name)
        return None

    ok = _check_text(data, "title", _TITLE_RE, "title", name, problems)
    ok &= _check_text(data, "machineName", _MACHINE_NAME_RE, "library_name", name, problems)
    versions: dict[str, int] = {}
    for key in ("majorVersion", "minorVersion", "patchVersion"):
        if key not in data:
            problems.add("missing_field", file=name, field=key)
            ok = False
            continue
        number = _version(data[key])
        if number is None:
            problems.add("invalid_field", file=name, field=key, expected=EXPECTED["version"])
            ok = False
        else:
            versions[key] = number
    runnable = data.get("runnable")
    if "runnable" not in data:
        problems.add("missing_field", file=name, field="runnable")
        ok = False
    elif runnable not in (0, 1, "0", "1"):
        problems.add("invalid_field", file=name, field="runnable", expected=EXPECTED["zero_or_one"])
        ok = False
    if "fullscreen" in data and data["fullscreen"] not in (0, 1, "0", "1"):
        problems.add("invalid_field", file=name, field="fullscreen", expected=EXPECTED["zero_or_one"])
        ok = False

    dependencies = _check_dependency_list(data, "preloadedDependencies", name, problems, required=False)
    for key in ("dynamicDependencies", "editorDependencies"):
        ok &= _check_dependency_list(data, key, name, problems, required=False) is not None
    ok &= dependencies is not None

    assets: dict[str, list[str]] = {}
    for key in ("preloadedJs", "preloadedCss"):
        listed = data.get(key, [])
        paths: list[str] = []
        if not isinstance(listed, list):
            problems.add("invalid_field", file=name, field=key, expected=EXPECTED["files"])
            ok = False
            continue
        for index, item in enumerate(listed):
            path = _safe_library_path(item.get("path")) if isinstance(item, dict) else None
            if path is None:
                problems.add("invalid_field", file=name, field=f"{key}[{index}]", expected=EXPECTED["files"])
                ok = False
                continue
            paths.append(path)
        assets[key] = paths

    library_label = folder
    for path in assets.get("preloadedJs", []) + assets.get("preloadedCss", []):
        if f"{folder}/{path}" not in files:
            problems.add("missing_preloaded_file", library=library_label, file=f"{folder}/{path}")
            ok = False

    for file_name in sorted(files):
        prefix = f"{folder}/language/"
        if not file_name.startswith(prefix) or "/" in file_name[len(prefix) :]:
            continue
        base = file_name[len(prefix) :]
        if base.lower().endswith(".json") and not _LANGUAGE_FILE_RE.match(base):
            problems.add("invalid_language_file", file=_display(file_name), library=library_label)
            ok = False
        elif base.lower().endswith(".json") and reader.load(file_name) is _INVALID:
            ok = False

    if not ok:
        return None
    ref = LibraryRef(data["machineName"], versions["majorVersion"], versions["minorVersion"])
    if ref.folder != folder:
        problems.add("library_name_mismatch", folder=folder, library=str(ref))
        return None
    assert dependencies is not None  # ok is False otherwise
    return Library(
        ref=ref,
        title=data["title"],
        patch_version=versions["patchVersion"],
        runnable=str(runnable) == "1",
        preloaded_js=tuple(assets.get("preloadedJs", [])),
        preloaded_css=tuple(assets.get("preloadedCss", [])),
        preloaded_dependencies=tuple(dependencies),
    )


def _check_dependencies(
    package: dict[str, Any], libraries: dict[LibraryRef, Library], folders: set[str], problems: _Problems
) -> LibraryRef | None:
    """Check that every preloaded dependency is present, following them from
    h5p.json through each library; return the main library's reference. A
    library whose folder is present but invalid has had its problems reported
    already, so it is not reported again as missing."""
    roots: list[LibraryRef] = package["preloadedDependencies"]
    main = next((ref for ref in roots if ref.machine_name == package["mainLibrary"]), None)
    if main is None:
        problems.add("main_library_not_listed", library=package["mainLibrary"])
    pending: list[tuple[LibraryRef, str]] = [(ref, "h5p.json") for ref in roots]
    visited: set[LibraryRef] = set()
    while pending:
        ref, needed_by = pending.pop(0)
        if ref in visited:
            continue
        visited.add(ref)
        library = libraries.get(ref)
        if library is None:
            if ref.folder not in folders:
                problems.add("missing_dependency", library=str(ref), needed_by=needed_by)
            continue
        pending.extend((dependency, str(ref)) for dependency in library.preloaded_dependencies)
    return main


def _reports_score(main: LibraryRef, libraries: dict[LibraryRef, Library]) -> bool:
    if main.machine_name in SCORING_LIBRARIES:
        return True
    pending = [main]
    seen: set[LibraryRef] = set()
    while pending:
        ref = pending.pop()
        if ref in seen or ref not in libraries:
            continue
        seen.add(ref)
        if ref.machine_name == QUESTION_BASE_LIBRARY:
            return True
        pending.extend(libraries[ref].preloaded_dependencies)
    return False


def _mb(size: int) -> str:
    return f"{size / MB:,.1f}"


def _display(name: str) -> str:
    """A member name safe to show in a message: control characters escaped, length bounded."""
    shown = "".join(ch if ord(ch) >= 32 and ord(ch) != 127 else f"\\x{ord(ch):02x}" for ch in name)
    return shown if len(shown) <= 200 else shown[:197] + "…"
