"""extract_package: what lands on disk, and that refusals leave nothing behind."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from content.h5p import H5PValidationError, Limits, extract_package, validate_package

from .zipbuilders import (
    GREETING_CARD,
    HOSTILE,
    INVALID,
    VALID,
    add_duplicate,
    add_symlink,
    build_lying_sizes,
    build_package,
    build_zip_bomb,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def media(tmp_path: Path) -> Path:
    """The folder extracted packages go into, apart from where test zips are built."""
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


def refused(package: Path, media: Path, **kwargs) -> H5PValidationError:
    destination = media / "package"
    with pytest.raises(H5PValidationError) as caught:
        extract_package(path_or_file=package, destination=destination, **kwargs)
    assert not destination.exists()
    assert list(media.iterdir()) == [], "a refused package must leave nothing behind"
    return caught.value


@pytest.mark.parametrize("package", sorted(VALID.glob("*.h5p")), ids=lambda p: p.name)
def test_every_valid_fixture_extracts_with_the_main_librarys_javascript(package: Path, media: Path):
    destination = media / "package"

    info = extract_package(path_or_file=package, destination=destination)

    assert info == validate_package(path_or_file=package)
    assert (destination / "h5p.json").is_file()
    assert (destination / "content" / "content.json").is_file()
    main_folder = destination / info.main_library.folder
    for script in info.main.preloaded_js:
        assert (main_folder / script).is_file(), script
    assert list(media.iterdir()) == [destination], "no temporary folder may remain"
    written = [p for p in destination.rglob("*") if p.is_file()]
    assert len(written) == info.file_count
    assert sum(p.stat().st_size for p in written) == info.uncompressed_size


def test_extracted_files_are_byte_identical_and_not_executable(media: Path):
    destination = media / "package"
    extract_package(path_or_file=VALID / "H5P.MultiChoice.h5p", destination=destination)
    with zipfile.ZipFile(VALID / "H5P.MultiChoice.h5p") as archive:
        assert (destination / "h5p.json").read_bytes() == archive.read("h5p.json")
        assert (destination / "H5P.MultiChoice-1.14" / "js" / "multichoice.js").read_bytes() == archive.read(
            "H5P.MultiChoice-1.14/js/multichoice.js"
        )
    for path in [destination, *destination.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert not stat.S_ISLNK(path.lstat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path


@pytest.mark.parametrize("package", sorted(INVALID.glob("*.h5p")), ids=lambda p: p.name)
def test_every_invalid_fixture_is_refused_leaving_nothing(package: Path, media: Path):
    error = refused(package, media)
    assert error.messages


def test_the_hostile_svg_package_extracts(media: Path):
    # Accepted by design (see content.h5p.mimetypes); the serving view sandboxes SVG.
    destination = media / "package"
    extract_package(path_or_file=HOSTILE / "xss-svg.h5p", destination=destination)
    assert (destination / "content" / "images" / "xss.svg").is_file()


@pytest.mark.parametrize(
    "name", ["../evil.js", "../../evil.json", "/tmp/evil.json", "/etc/passwd", "content/../../evil.json"]
)
def test_path_traversal_is_refused_before_anything_is_written(tmp_path: Path, media: Path, name: str):
    package = build_package(tmp_path / "traversal.h5p", extra={name: b"alert(1)"})
    error = refused(package, media)
    assert error.codes == ["unsafe_path"]
    assert name in error.messages[0]
    assert not (tmp_path / "evil.js").exists()
    assert not (tmp_path / "evil.json").exists()


def test_symlink_entries_are_refused(tmp_path: Path, media: Path):
    package = add_symlink(
        build_package(tmp_path / "link.h5p"), name="content/passwd.json", target="/etc/passwd"
    )
    error = refused(package, media)
    assert error.codes == ["symlink"]
    assert "“content/passwd.json” is a symbolic link" in error.messages[0]


def test_a_zip_bomb_is_refused_from_its_directory_alone(tmp_path: Path, media: Path):
    package = build_zip_bomb(tmp_path / "bomb.h5p", size=1024 * 1024 * 1024)
    assert package.stat().st_size < 2 * 1024 * 1024  # 1 GiB of zeros packs to about 1 MiB

    error = refused(package, media)

    assert {"file_too_large", "too_large_uncompressed", "compression_ratio"} <= set(error.codes)
    assert any("“content/zeros.txt” is 1,024.0 MB when unpacked" in m for m in error.messages)
    assert any("zip bomb" in m for m in error.messages)


def test_a_member_larger_than_its_header_says_is_refused_during_extraction(tmp_path: Path, media: Path):
    # The headers claim 1,000 bytes; the data is 20 MiB. Validation cannot see
    # the lie, extraction must stop at the declared size and fail cleanly.
    package = build_lying_sizes(
        tmp_path / "liar.h5p", member="content/zeros.txt", real_size=20 * 1024 * 1024, declared_size=1000
    )
    assert validate_package(path_or_file=package).uncompressed_size < 100_000

    error = refused(package, media)

    assert error.codes == ["damaged"]
    assert "content/zeros.txt" in error.messages[0]


@pytest.mark.parametrize(
    "name", ["content/shell.php", "content/setup.exe", "content/index.html", "H5P.GreetingCard1-1.0/run.exe"]
)
def test_disallowed_file_types_are_refused(tmp_path: Path, media: Path, name: str):
    package = build_package(tmp_path / "types.h5p", extra={name: b"MZ"})
    error = refused(package, media)
    assert error.codes == ["extension_not_allowed"]
    assert f"“{name}”" in error.messages[0]


def test_an_over_limit_package_is_refused(media: Path):
    error = refused(GREETING_CARD, media, limits=Limits(max_package_bytes=30_000))
    assert error.codes == ["package_too_large"]
    assert "The package is 0.0 MB" in error.messages[0]


def test_too_much_unpacked_data_is_refused(media: Path):
    error = refused(
        VALID / "H5P.CoursePresentation.h5p", media, limits=Limits(max_uncompressed_bytes=5_000_000)
    )
    assert error.codes == ["too_large_uncompressed"]
    assert "9.6 MB when unpacked" in error.messages[0]


def test_duplicate_entries_are_refused(tmp_path: Path, media: Path):
    # A second h5p.json could differ from the one validation reads.
    package = add_duplicate(build_package(tmp_path / "dup.h5p"), name="h5p.json", data=b"{}")
    error = refused(package, media)
    assert error.codes == ["duplicate_entry"]
    assert "“h5p.json” appears more than once" in error.messages[0]


def test_os_junk_is_not_extracted(tmp_path: Path, media: Path):
    package = build_package(
        tmp_path / "junk.h5p",
        extra={"__MACOSX/content/._content.json": b"\x00", "content/.DS_Store": b"\x00"},
    )
    destination = media / "package"
    extract_package(path_or_file=package, destination=destination)
    assert not (destination / "__MACOSX").exists()
    assert not (destination / "content" / ".DS_Store").exists()
    assert (destination / "content" / "content.json").is_file()


def test_an_existing_destination_is_never_overwritten(media: Path):
    destination = media / "package"
    destination.mkdir()
    (destination / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        extract_package(path_or_file=GREETING_CARD, destination=destination)
    assert [p.name for p in destination.iterdir()] == ["keep.txt"]
    assert list(media.iterdir()) == [destination]


def test_a_symlinked_destination_is_never_followed(tmp_path: Path, media: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere / "target", media / "package")
    with pytest.raises(FileExistsError):
        extract_package(path_or_file=GREETING_CARD, destination=media / "package")
    assert not (elsewhere / "target").exists()


def test_an_uploaded_file_object_extracts(media: Path):
    destination = media / "package"
    with open(VALID / "H5P.TrueFalse.h5p", "rb") as upload:
        info = extract_package(path_or_file=upload, destination=destination)
    assert (destination / info.main_library.folder / "scripts" / "h5p-true-false.js").is_file()
