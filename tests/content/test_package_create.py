"""Storing packages: every valid fixture is stored and extracted; every invalid
one, a traversal zip and a zip bomb leave nothing behind."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from content.h5p import H5PValidationError
from content.models import H5PPackage
from content.services import h5p_package_create
from lms.models import AuditEvent
from tests.content.zipbuilders import INVALID, VALID, build_package, build_zip_bomb


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "h5p"
    return list(root.rglob("*")) if root.exists() else []


@pytest.mark.parametrize("path", sorted(VALID.glob("*.h5p")), ids=lambda p: p.name)
def test_every_valid_fixture_is_stored(path, tree, people):
    package = h5p_package_create(file=path, owner_agency=tree["X"], uploaded_by=people["trainer"])
    folder = Path(settings.MEDIA_ROOT) / package.folder
    assert (folder / "h5p.json").is_file() and (folder / "content" / "content.json").is_file()
    assert package.main_library.startswith("H5P.") and package.file_count > 0 and package.size_bytes > 0
    assert AuditEvent.objects.filter(action="h5p.package.create", target_id=str(package.pk)).exists()


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.h5p")), ids=lambda p: p.name)
def test_every_invalid_fixture_is_refused_and_leaves_nothing(path, tree, people):
    with pytest.raises(H5PValidationError) as refused:
        h5p_package_create(file=path, owner_agency=tree["X"], uploaded_by=people["trainer"])
    assert refused.value.messages and all(refused.value.messages)
    assert not H5PPackage.objects.exists()
    assert _stored_files() == []


def test_traversal_and_bomb_are_refused(tmp_path, tree, people):
    traversal = build_package(
        tmp_path / "evil.h5p", extra={"../../evil.txt": b"x", "content/../../x.txt": b"y"}
    )
    bomb = build_zip_bomb(tmp_path / "bomb.h5p")
    for path in (traversal, bomb):
        with pytest.raises(H5PValidationError):
            h5p_package_create(file=path, owner_agency=tree["X"], uploaded_by=people["trainer"])
    assert not H5PPackage.objects.exists()
    assert _stored_files() == []
    assert not (tmp_path / "evil.txt").exists()


def test_a_database_failure_removes_the_extracted_files(tree, people):
    with pytest.raises(Exception):  # noqa: B017, PT011
        h5p_package_create(file=VALID / "H5P.TrueFalse.h5p", owner_agency=tree["X"], uploaded_by=people["trainer"],
                           title="a\x00b")  # fmt: skip
    assert _stored_files() == []


def test_import_command_imports_and_names_each_refused_file(tree, capsys):
    good = str(VALID / "H5P.TrueFalse.h5p")
    bad = str(INVALID / "missing-preloaded-js.h5p")
    with pytest.raises(CommandError) as failed:
        call_command("import_h5p", good, bad, "--agency", "X")
    assert "1" in str(failed.value)
    out = capsys.readouterr()
    assert "missing-preloaded-js.h5p" in out.err
    assert "แต่ไม่มีไฟล์นี้ในแพ็กเกจ" in out.err  # the problem, in Thai
    assert H5PPackage.objects.filter(owner_agency__code="X", main_library="H5P.TrueFalse").count() == 1


def test_import_command_refuses_an_unknown_agency(tree):
    with pytest.raises(CommandError):
        call_command("import_h5p", str(VALID / "H5P.TrueFalse.h5p"), "--agency", "NOPE")
    assert not H5PPackage.objects.exists()
