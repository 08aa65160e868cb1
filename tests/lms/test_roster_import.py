"""Roster upsert into officers: the command, the service's guarantees, scope."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lms.models import User
from lms.roster.importing import roster_import
from lms.signals import officers_changed

HEADER = "เลขประจำตัว,คำนำหน้าชื่อ,ชื่อ,นามสกุล,ตำแหน่ง,ระดับ,รหัสหน่วยงาน,อีเมล,สถานะ\n"


def _csv(tmp_path, rows, name="roster.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding=encoding)
    return path


@pytest.fixture
def received():
    calls = []

    def listener(sender, user_ids=(), **kwargs):
        calls.append(list(user_ids))

    officers_changed.connect(listener)
    yield calls
    officers_changed.disconnect(listener)


def test_command_imports_valid_rows_reports_bad_ones_and_exits_zero(
    tree, tmp_path, capsys, django_capture_on_commit_callbacks, received
):
    path = _csv(tmp_path, [
        "๑๒๓๔๕,นาย,สมชาย,ใจดี,นักวิชาการ,ชำนาญการ,X1,somchai@example.go.th,ปกติ",
        "22222,นาง,สมศรี,มีสุข,เจ้าพนักงาน,ชำนาญงาน,X,,",
        "33333,นาย,ผิด,รหัส,นักวิชาการ,ปฏิบัติการ,NOPE,,",
        "44444,นาย,ไม่มี,ระดับ,นักวิชาการ,ระดับเทพ,X,,",
    ], encoding="cp874")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_roster", str(path))
    out = capsys.readouterr().out
    assert "เพิ่มใหม่ 2 ราย" in out and "แถวที่ไม่ผ่าน 2 แถว" in out
    report = tmp_path / "roster-errors.csv"
    assert str(report) in out
    text = report.read_text(encoding="utf-8-sig")
    assert "4" in text and "NOPE" in text and "ไม่มีรหัสหน่วยงาน" in text and "ระดับเทพ" in text
    somchai = User.objects.get(employee_id="12345")
    assert (
        somchai.agency == tree["X1"] and somchai.level == "professional" and not somchai.has_usable_password()
    )
    assert sorted(received[0]) == sorted(
        User.objects.filter(employee_id__in=["12345", "22222"]).values_list("pk", flat=True)
    )


def test_update_move_and_deactivate_missing_never_deletes(
    tree, tmp_path, django_capture_on_commit_callbacks, received
):
    call_command("import_roster", str(_csv(tmp_path, [
        "1001,นาย,หนึ่ง,ทดสอบ,นักวิชาการ,ชำนาญการ,X1,,",
        "1002,นาย,สอง,ทดสอบ,นักวิชาการ,ชำนาญการ,X1,,",
    ])))  # fmt: skip
    one = User.objects.get(employee_id="1001")
    received.clear()
    dry = roster_import(
        file=_csv(tmp_path, ["1001,นาย,หนึ่ง,ทดสอบ,นักวิชาการ,ชำนาญการพิเศษ,Y,,"], name="r2.csv"),
        filename="r2.csv", deactivate_missing=True, dry_run=True,
        deactivate_scope_ids=[tree["X1"].pk, tree["Y"].pk],
    )  # fmt: skip
    assert (dry.updated, dry.deactivated) == (1, 1)
    assert dry.preview["deactivate"][0]["employee_id"] == "1002"
    assert User.objects.get(employee_id="1002").is_active  # dry run wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_roster", str(tmp_path / "r2.csv"), "--deactivate-missing", "--scope", "X")
    one.refresh_from_db()
    assert one.agency == tree["Y"] and one.level == "senior_professional" and one.pk == one.pk
    two = User.objects.get(employee_id="1002")
    assert not two.is_active and two.left_at is not None  # kept, not deleted
    assert received == [[one.pk]]  # the move is announced so that assignments pick it up


def test_a_failure_half_way_leaves_nothing_written(tree, tmp_path):
    rows = [f"{5000 + i},นาย,ชื่อ{i},สกุล,นักวิชาการ,ชำนาญการ,X1,," for i in range(4500)]
    path = _csv(tmp_path, rows)
    calls = []

    def progress(n):
        calls.append(n)
        if len(calls) == 2:  # after the first batch went to the database
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1/0")

    with pytest.raises(Exception):  # noqa: B017 - the database error itself
        roster_import(file=path, filename="roster.csv", progress=progress)
    assert not User.objects.filter(employee_id__startswith="5").exists()


def test_rows_outside_the_importers_agencies_are_row_errors(tree, people, tmp_path):
    path = _csv(tmp_path, [
        "9001,นาย,ใน,ขอบเขต,นักวิชาการ,ชำนาญการ,X1,,",
        "9002,นาย,นอก,ขอบเขต,นักวิชาการ,ชำนาญการ,Y,,",
        f"{people['officer_y'].employee_id},นาง,ยุพิน,ทองดี,นักวิชาการ,ชำนาญการ,X1,,",
    ])  # fmt: skip
    allowed = {tree["X"].pk, tree["X1"].pk}
    result = roster_import(file=path, filename="roster.csv", allowed_agency_ids=allowed)
    assert result.created == 1 and result.rejected_rows == 2
    assert {e.row_number for e in result.errors} == {3, 4}
    people["officer_y"].refresh_from_db()
    assert people["officer_y"].agency == tree["Y"]  # not taken over by HR of X


def test_command_refuses_an_unreadable_file(tree, tmp_path):
    path = tmp_path / "roster.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(CommandError, match=".xls"):
        call_command("import_roster", str(path))
