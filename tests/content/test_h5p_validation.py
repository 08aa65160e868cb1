"""validate_package and the content types of package files, without a database."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from content.h5p import (
    H5PValidationError,
    LibraryRef,
    Limits,
    content_type_for,
    is_active_content,
    validate_package,
)
from content.h5p.validation import CONTENT_EXTENSIONS, EXPECTED, LIBRARY_EXTENSIONS, MESSAGES

from .zipbuilders import GREETING_CARD, HOSTILE, INVALID, VALID, build_package, read_members, write_zip

PO_FILE = Path(__file__).resolve().parents[2] / "content" / "locale" / "th" / "LC_MESSAGES" / "django.po"

VALID_PACKAGES = sorted(VALID.glob("*.h5p"))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(path_or_file, **kwargs) -> H5PValidationError:
    with pytest.raises(H5PValidationError) as caught:
        validate_package(path_or_file=path_or_file, **kwargs)
    return caught.value


def test_fixture_folders_are_present():
    # Guards the parametrised tests below against silently collecting nothing.
    assert len(VALID_PACKAGES) == 11
    assert len(list(INVALID.glob("*.h5p"))) == 8


@pytest.mark.parametrize("package", VALID_PACKAGES, ids=lambda p: p.name)
def test_every_valid_fixture_validates(package: Path):
    info = validate_package(path_or_file=package)

    expected_main = "H5P.GreetingCard1" if package.name == "greetingcard1.h5p" else package.stem
    assert info.main_library.machine_name == expected_main
    assert info.main.preloaded_js, "the main library must name its JavaScript"
    assert info.title
    assert info.language == "und"
    names = {library.ref for library in info.libraries}
    assert info.main_library in names
    # Every preloaded dependency of every library is in the package.
    for library in info.libraries:
        assert set(library.preloaded_dependencies) <= names
    with zipfile.ZipFile(package) as archive:
        files = [i for i in archive.infolist() if not i.is_dir()]
    assert info.file_count == len(files)
    assert info.uncompressed_size == sum(i.file_size for i in files)


@pytest.mark.parametrize("package", VALID_PACKAGES, ids=lambda p: p.name)
def test_question_types_report_scores_and_the_greeting_card_does_not(package: Path):
    info = validate_package(path_or_file=package)
    assert info.reports_score is (package.name != "greetingcard1.h5p")


def test_package_info_describes_the_main_library():
    info = validate_package(path_or_file=VALID / "H5P.MultiChoice.h5p")
    assert info.main_library == LibraryRef("H5P.MultiChoice", 1, 14)
    assert info.main_library.folder == "H5P.MultiChoice-1.14"
    assert info.main.preloaded_js == ("js/multichoice.js",)
    assert info.embed_types == ("div",)


def test_an_open_file_is_accepted_and_left_open():
    with open(VALID / "H5P.TrueFalse.h5p", "rb") as upload:
        upload.seek(123)
        info = validate_package(path_or_file=upload)
        assert not upload.closed
    assert info.main_library.machine_name == "H5P.TrueFalse"
    in_memory = io.BytesIO((VALID / "greetingcard1.h5p").read_bytes())
    assert validate_package(path_or_file=in_memory).title == "Greeting card 1"


# (fixture, problem code, text the message must contain)
INVALID_CASES = [
    ("corrupt_archive.h5p", "not_zip", "not an H5P package"),
    ("broken-h5p-json.h5p", "invalid_json", "“h5p.json” is not valid JSON (line 16"),
    ("broken-content-json.h5p", "invalid_json", "“content/content.json” is not valid JSON"),
    ("invalid-h5p-json-schema.h5p", "missing_field", "“h5p.json” has no “mainLibrary” field"),
    (
        "invalid-library-json.h5p",
        "missing_field",
        "“H5P.GreetingCard-1.0/library.json” has no “majorVersion”",
    ),
    ("missing-preloaded-js.h5p", "missing_preloaded_file", "“H5P.GreetingCard-1.0/greetingcard.js”"),
    ("malformed-library-directory.h5p", "invalid_library_folder", "“library!”"),
]


@pytest.mark.parametrize(("fixture", "code", "text"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_invalid_fixture_is_refused_naming_the_problem(fixture: str, code: str, text: str):
    error = refusal(INVALID / fixture)
    assert error.codes == [code]
    assert text in error.messages[0]


def test_two_invalid_libraries_are_both_reported():
    error = refusal(INVALID / "2-invalid-libraries.h5p")
    assert sorted(error.codes) == ["invalid_language_file", "missing_field"]
    messages = " ".join(error.messages)
    assert "H5P.GreetingCard-1.0/language/XXX!.json" in messages
    assert "“H5P.GreetingCard2-1.0/library.json” has no “title” field" in messages


def test_hostile_svg_package_is_accepted_and_its_svg_is_flagged_active():
    # Our choice: SVG is on H5P's whitelist and real content uses it, so the package
    # is accepted; the serving view must serve active files sandboxed.
    info = validate_package(path_or_file=HOSTILE / "xss-svg.h5p")
    assert info.main_library.machine_name == "H5P.Blanks"
    svg = read_members(HOSTILE / "xss-svg.h5p")["content/images/xss.svg"]
    assert b"<script" in svg.lower() or b"onload" in svg.lower()
    assert is_active_content("content/images/xss.svg")
    assert content_type_for("content/images/xss.svg") == "image/svg+xml"


def test_a_missing_dependency_names_the_library_and_who_needs_it(tmp_path):
    members = read_members(VALID / "H5P.TrueFalse.h5p")
    members = {name: data for name, data in members.items() if not name.startswith("H5P.JoubelUI-1.3/")}
    error = refusal(write_zip(tmp_path / "p.h5p", members))
    assert error.codes == ["missing_dependency"]
    # H5P.JoubelUI is needed by h5p.json and, transitively, by libraries.
    assert "H5P.JoubelUI 1.3" in error.messages[0]


def _library_json(machine_name: str, *, needs: list[str]) -> bytes:
    return json.dumps(
        {
            "title": machine_name,
            "machineName": machine_name,
            "majorVersion": 1,
            "minorVersion": 0,
            "patchVersion": 3,
            "runnable": 0,
            "preloadedDependencies": [
                {"machineName": n, "majorVersion": 1, "minorVersion": 0} for n in needs
            ],
        }
    ).encode()


def test_dependencies_are_followed_through_each_librarys_own_dependencies(tmp_path):
    # h5p.json -> H5P.GreetingCard1 -> H5P.Helper (present) -> H5P.Deep (absent).
    members = read_members(GREETING_CARD)
    card = json.loads(members["H5P.GreetingCard1-1.0/library.json"])
    card["preloadedDependencies"] = [{"machineName": "H5P.Helper", "majorVersion": 1, "minorVersion": 0}]
    members["H5P.GreetingCard1-1.0/library.json"] = json.dumps(card).encode()
    members["H5P.Helper-1.0/library.json"] = _library_json("H5P.Helper", needs=["H5P.Deep"])

    error = refusal(write_zip(tmp_path / "p.h5p", members))

    assert error.codes == ["missing_dependency"]
    assert error.messages[0] == "H5P.Helper 1.0 needs the library H5P.Deep 1.0, which is not in the package."

    members["H5P.Deep-1.0/library.json"] = _library_json("H5P.Deep", needs=[])
    info = validate_package(path_or_file=write_zip(tmp_path / "q.h5p", members))
    assert {str(lib.ref) for lib in info.libraries} == {
        "H5P.GreetingCard1 1.0",
        "H5P.Helper 1.0",
        "H5P.Deep 1.0",
    }


def test_library_json_must_match_its_folder_name(tmp_path):
    members = read_members(GREETING_CARD)
    members["H5P.GreetingCard1-1.0/library.json"] = members["H5P.GreetingCard1-1.0/library.json"].replace(
        b'"minorVersion": 0', b'"minorVersion": 2'
    )
    error = refusal(write_zip(tmp_path / "p.h5p", members))
    assert error.codes == ["library_name_mismatch"]
    assert "H5P.GreetingCard1 1.2" in error.messages[0]


def test_main_library_must_be_a_preloaded_dependency(tmp_path):
    members = read_members(GREETING_CARD)
    members["h5p.json"] = members["h5p.json"].replace(
        b'"mainLibrary":"H5P.GreetingCard1"', b'"mainLibrary":"H5P.Other"'
    )
    error = refusal(write_zip(tmp_path / "p.h5p", members))
    assert error.codes == ["main_library_not_listed"]
    assert "H5P.Other" in error.messages[0]


@pytest.mark.parametrize(
    ("replace", "field"),
    [
        (b'"embedTypes":["div"]', b'"embedTypes":["script"]'),
        (b'"title":"Greeting card 1"', b'"title":""'),
        (b'"language":"und"', b'"language":42'),
        (b'"majorVersion":"1"', b'"majorVersion":"one"'),
    ],
    ids=["embedTypes", "title", "language", "version"],
)
def test_h5p_json_fields_of_the_wrong_type_are_refused(tmp_path, replace, field):
    members = read_members(GREETING_CARD)
    assert replace in members["h5p.json"]
    members["h5p.json"] = members["h5p.json"].replace(replace, field)
    error = refusal(write_zip(tmp_path / "p.h5p", members))
    assert "invalid_field" in error.codes
    assert "“h5p.json”" in " ".join(error.messages)


@pytest.mark.parametrize(
    "name", ["content/run.php", "content/setup.exe", "content/page.html", "content/x.js"]
)
def test_files_outside_the_content_whitelist_are_refused(tmp_path, name):
    error = refusal(build_package(tmp_path / "p.h5p", extra={name: b"<?php echo 1;"}))
    assert error.codes == ["extension_not_allowed"]
    assert f"“{name}”" in error.messages[0]


def test_libraries_may_hold_js_and_css_but_not_php(tmp_path):
    ok = build_package(
        tmp_path / "ok.h5p",
        extra={"H5P.GreetingCard1-1.0/extra.js": b"1;", "H5P.GreetingCard1-1.0/x.css": b""},
    )
    assert validate_package(path_or_file=ok).file_count == 12
    error = refusal(build_package(tmp_path / "bad.h5p", extra={"H5P.GreetingCard1-1.0/shell.php": b""}))
    assert error.codes == ["extension_not_allowed"]


def test_os_junk_is_ignored(tmp_path):
    package = build_package(
        tmp_path / "p.h5p",
        extra={
            "__MACOSX/content/._content.json": b"\x00\x05",
            ".DS_Store": b"\x00",
            "content/.hidden.php": b"",
        },
    )
    info = validate_package(path_or_file=package)
    assert info.file_count == 10


@pytest.mark.parametrize(
    "name",
    [
        "../evil.js",
        "/etc/passwd",
        "content/../../evil.json",
        "C:/evil.json",
        "content\\..\\..\\evil.json",
        "content//x.json",
    ],
)
def test_paths_that_escape_the_folder_are_refused(tmp_path, name):
    error = refusal(build_package(tmp_path / "p.h5p", extra={name: b"{}"}))
    assert error.codes == ["unsafe_path"]
    assert name in error.messages[0]


def test_too_many_problems_are_summarised(tmp_path):
    extra = {f"content/f{i}.php": b"" for i in range(80)}
    error = refusal(build_package(tmp_path / "p.h5p", extra=extra))
    assert len(error.problems) == 51
    assert error.messages[-1] == "…and 30 more problems."


def test_limits_are_configurable(tmp_path):
    error = refusal(GREETING_CARD, limits=Limits(max_package_bytes=10_000))
    assert error.codes == ["package_too_large"]
    assert "largest package accepted is 0.0 MB" in error.messages[0]
    error = refusal(GREETING_CARD, limits=Limits(max_files=5))
    assert error.codes == ["too_many_files"]
    assert "holds 10 files; at most 5" in error.messages[0]
    error = refusal(GREETING_CARD, limits=Limits(max_file_bytes=20_000))
    assert error.codes == ["file_too_large"]
    assert "“content/earth.jpg”" in error.messages[0]


def test_messages_can_become_a_django_validation_error():
    error = refusal(INVALID / "missing-preloaded-js.h5p")
    django_error = error.as_django_validation_error()
    assert django_error.messages == error.messages


# --- content types -----------------------------------------------------------


def test_every_allowed_extension_has_a_specific_content_type():
    for extension in sorted(LIBRARY_EXTENSIONS):
        assert content_type_for(f"lib/file.{extension}") != "application/octet-stream", extension


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("H5P.X-1.0/js/app.js", "text/javascript"),
        ("H5P.X-1.0/styles/app.CSS", "text/css"),
        ("content/content.json", "application/json"),
        ("content/images/a.svg", "image/svg+xml"),
        ("FontAwesome-4.5/fontawesome-webfont.woff2", "font/woff2"),
        ("FontAwesome-4.5/fontawesome-webfont.eot", "application/vnd.ms-fontobject"),
        ("content/audios/a.mp3", "audio/mpeg"),
        ("content/videos/a.mp4", "video/mp4"),
        ("content/a.vtt", "text/vtt"),
        ("content/a.bin", "application/octet-stream"),
        ("content/noextension", "application/octet-stream"),
    ],
)
def test_content_type_for(path, content_type):
    assert content_type_for(path) == content_type


def test_active_content_is_flagged_and_inert_content_is_not():
    for path in ["a.svg", "A.SVG", "a.xml", "a.html", "a.htm", "a.xhtml", "a.swf"]:
        assert is_active_content(path), path
    for path in ["a.png", "a.jpg", "a.json", "a.css", "a.js", "a.mp4", "a.woff2", "a.txt", "a.pdf"]:
        assert not is_active_content(path), path
    assert "svg" in CONTENT_EXTENSIONS and "xml" in CONTENT_EXTENSIONS


# --- Thai translations ---------------------------------------------------------


def _po_entries(text: str) -> dict[str, str]:
    """msgid -> msgstr of a .po file, continuation lines joined."""
    entries: dict[str, str] = {}
    parts: dict[str, list[str]] = {"msgid": [], "msgstr": []}
    current = "msgid"
    for line in [*text.splitlines(), 'msgid ""']:
        line = line.strip()
        if line.startswith("msgid "):
            if parts["msgid"] or parts["msgstr"]:
                entries["".join(parts["msgid"])] = "".join(parts["msgstr"])
            parts = {"msgid": [], "msgstr": []}
            current, line = "msgid", line[len("msgid ") :]
        elif line.startswith("msgstr "):
            current, line = "msgstr", line[len("msgstr ") :]
        elif not line.startswith('"'):
            continue
        parts[current].append(line[1:-1].replace('\\"', '"').replace("\\n", "\n"))
    return entries


def test_every_message_has_a_thai_translation_with_the_same_placeholders():
    entries = _po_entries(PO_FILE.read_text(encoding="utf-8"))
    header = entries[""]
    assert "Language: th" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    for msgid in [str(m) for m in MESSAGES.values()] + [str(m) for m in EXPECTED.values()]:
        assert msgid in entries, f"no Thai entry for {msgid!r}"
        msgstr = entries[msgid]
        assert msgstr, f"empty Thai translation for {msgid!r}"
        assert re.search(r"[\u0e00-\u0e7f]", msgstr), f"not Thai: {msgstr!r}"
        placeholders = sorted(re.findall(r"%\(\w+\)s", msgid))
        assert sorted(re.findall(r"%\(\w+\)s", msgstr)) == placeholders, msgid
