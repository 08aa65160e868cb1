import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from lms.audit import audit_record, audit_verify
from lms.models import AuditEvent
from tests.factories import UserFactory


@pytest.fixture
def events(db):
    actor = UserFactory()
    return [
        audit_record(action="course.complete", actor=actor, target=actor, data={"course": "ต้านทุจริต", "n": i})
        for i in range(5)
    ]


def test_events_are_chained_and_verify(events, capsys):
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert audit_verify().ok
    call_command("verify_audit_log")
    assert "5 events" in capsys.readouterr().out


def test_database_refuses_update_and_delete(events):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(PermissionError):
        events[0].delete()


def _without_guard(sql: str, params=()):
    with connection.cursor() as cursor:
        # What someone with the database owner's rights could do behind the app's back.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = origin")


def test_altered_event_is_named(events):
    _without_guard("UPDATE lms_auditevent SET data = %s WHERE seq = 3", ['{"course": "อื่น", "n": 2}'])
    with pytest.raises(CommandError, match="#3"):
        call_command("verify_audit_log")


def test_deleted_event_in_the_middle_is_named(events):
    _without_guard("DELETE FROM lms_auditevent WHERE seq = 2")
    with pytest.raises(CommandError, match="#2"):
        call_command("verify_audit_log")


def test_deleted_newest_event_is_noticed(events):
    _without_guard("DELETE FROM lms_auditevent WHERE seq = 5")
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == 5
