"""Business rules of quizzes: starting an attempt, saving answers, grading once.

Races are settled in the database: ``attempt_unique_number`` (user, quiz,
number) keeps attempt limits under concurrent starts, ``attempt_one_open_per_quiz``
keeps one open attempt per officer and quiz, and grading is a conditional
``UPDATE … WHERE status = 'open'`` made while holding ``SELECT … FOR UPDATE``
on the attempt row, in one transaction with the per-answer grades and the
audit event: an attempt is graded completely once, or not at all.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrolment, LessonPage
from courses.services import can_take_course, enrolment_create, evaluate_completion, lesson_activity_done
from lms.audit import audit_record
from lms.models import Agency, User
from quizzes.models import Attempt, AttemptAnswer, Question, Quiz
from quizzes.scoring import ChoiceSnapshot, QuestionSnapshot, ShufflePlanError, grade_attempt, shuffle_plan


class QuizError(Exception):
    """The officer may not do this now; ``str()`` is a sentence for them."""


class QuizAccessError(QuizError):
    """The officer may not take this quiz at all (views answer 404)."""


class AttemptClosedError(QuizError):
    """The attempt is graded or past its deadline: answers can no longer change."""


def _grace() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "QUIZ_DEADLINE_GRACE_SECONDS", 2))


# --- who may take what ---------------------------------------------------------------------------


def quiz_lessons(*, quiz: Quiz, course: CoursePage | None = None):
    """Live lessons whose body holds a quiz block for `quiz` (of one course, when given)."""
    lessons = LessonPage.objects.live()
    if course is not None:
        lessons = lessons.child_of(course)
    found = []
    for lesson in lessons.filter(body__icontains='"type": "quiz"').only("pk", "body", "required", "path"):
        if any(block.block_type == "quiz" and block.value.get("quiz") and block.value["quiz"].pk == quiz.pk
               for block in lesson.body):  # fmt: skip
            found.append(lesson)
    return found


def quiz_course(*, quiz: Quiz, lesson: LessonPage | None = None) -> CoursePage | None:
    """The course an attempt counts for: the quiz's own course, else the course of the lesson it is taken from."""
    if quiz.course_id:
        return quiz.course
    if lesson is not None:
        return lesson.get_parent().specific
    return None


def can_take_quiz(*, user: User, quiz: Quiz, lesson: LessonPage | None = None) -> bool:
    """Course quizzes: officers who may take the course. Lesson quizzes: officers
    who may take the lesson's course (the lesson must hold the quiz). Standalone
    practice quizzes: officers of the owning agency's subtree."""
    if not user.is_authenticated or not user.is_active:
        return False
    if (
        lesson is not None
        and not quiz.course_id
        and lesson.pk not in {item.pk for item in quiz_lessons(quiz=quiz)}
    ):
        return False
    course = quiz_course(quiz=quiz, lesson=lesson)
    if course is not None:
        return can_take_course(user=user, course=course)
    if user.agency_id is None:
        return False
    return Agency.objects.filter(pk=user.agency_id, path__startswith=quiz.owner_agency.path).exists()


def _enrolment_for(*, user: User, course: CoursePage | None) -> Enrolment | None:
    if course is None:
        return None
    return enrolment_create(user=user, course=course, created_by=user)


# --- snapshot ------------------------------------------------------------------------------------


def _build_snapshot(*, quiz: Quiz, seed: int) -> dict:
    questions = list(Question.objects.filter(bank_id=quiz.bank_id).select_related("category")
                     .prefetch_related("choices").order_by("category__name", "pk"))  # fmt: skip
    if not questions:
        raise QuizError(_("This quiz has no questions yet. Please tell the trainer."))
    by_id = {q.pk: q for q in questions}
    by_category: dict[str, list[int]] = {}
    for q in questions:
        by_category.setdefault(str(q.category_id or ""), []).append(q.pk)
    draws = {str(d.category_id): d.count for d in quiz.draws.all()}
    try:
        plan = shuffle_plan(
            question_ids_by_category=by_category, draw_per_category=draws, shuffle_questions=quiz.shuffle_questions,
            choices_by_question={q.pk: [c.pk for c in q.choices.all()] for q in questions},
            shuffle_choices=quiz.shuffle_choices, seed=seed,
            keep_choice_order=[q.pk for q in questions if q.kind == Question.Kind.TRUE_FALSE],
        )  # fmt: skip
    except ShufflePlanError as exc:
        raise QuizError(
            _("This quiz cannot start: %(problem)s Please tell the trainer.") % {"problem": exc}
        ) from exc
    snap_questions = []
    for question_id, choice_ids in plan:
        q = by_id[question_id]
        choices = {c.pk: c for c in q.choices.all()}
        item = {
            "id": q.pk, "kind": q.kind, "text": q.text, "points": str(q.points), "explanation": q.explanation,
            "choices": [{"id": cid, "text": choices[cid].text, "correct": choices[cid].correct,
                         "feedback": choices[cid].feedback} for cid in choice_ids],
        }  # fmt: skip
        _snapshot_question(item)  # refuse to start an attempt that could not be graded
        snap_questions.append(item)
    return {
        "title": quiz.title, "kind": quiz.kind, "pass_mark": str(quiz.pass_mark_percent),
        "feedback_policy": quiz.feedback_policy, "time_limit_minutes": quiz.time_limit_minutes,
        "questions": snap_questions,
    }  # fmt: skip


def _snapshot_question(item: dict) -> QuestionSnapshot:
    try:
        return QuestionSnapshot(
            id=item["id"], kind=item["kind"], points=Decimal(item["points"]),
            choices=tuple(ChoiceSnapshot(id=c["id"], correct=c["correct"]) for c in item["choices"]),
        )  # fmt: skip
    except ValueError as exc:
        raise QuizError(
            _("Question “%(question)s” has no valid answer key. Please tell the trainer.")
            % {"question": item["text"][:60]}
        ) from exc


# --- reads used by the services ------------------------------------------------------------------


def attempts_used(*, user: User, quiz: Quiz, enrolment: Enrolment | None) -> int:
    attempts = Attempt.objects.filter(user=user, quiz=quiz)
    if enrolment is not None:
        attempts = attempts.filter(enrolment=enrolment)
    return attempts.count()


def attempts_left(*, user: User, quiz: Quiz, enrolment: Enrolment | None) -> int | None:
    if quiz.max_attempts is None:
        return None
    return max(quiz.max_attempts - attempts_used(user=user, quiz=quiz, enrolment=enrolment), 0)


# --- writes --------------------------------------------------------------------------------------


def attempt_start(*, user: User, quiz: Quiz, lesson: LessonPage | None = None) -> Attempt:
    """Return the officer's open attempt at `quiz`, or start a new one.

    An open attempt past its deadline is graded first (on what was saved by
    the deadline). A new attempt fixes its questions, choice order, pass mark
    and deadline in its snapshot. Raises QuizAccessError when the officer may
    not take the quiz, QuizError when it is closed, the attempts are used up
    (per course round) or the quiz
    cannot start. Concurrent calls: the unique (user, quiz, number) and
    one-open-attempt constraints let one start win; the others return it.
    """
    if not can_take_quiz(user=user, quiz=quiz, lesson=lesson):
        raise QuizAccessError(_("This quiz is not open to you."))
    open_attempt = Attempt.objects.filter(user=user, quiz=quiz, status=Attempt.Status.OPEN).first()
    if open_attempt is not None:
        if not attempt_is_past_deadline(attempt=open_attempt):
            return open_attempt
        attempt_grade(attempt=open_attempt)
    now = timezone.now()
    if not quiz.is_open(now):
        raise QuizError(_("This quiz is not open now."))
    course = quiz_course(quiz=quiz, lesson=lesson)
    enrolment = _enrolment_for(user=user, course=course)
    if attempts_left(user=user, quiz=quiz, enrolment=enrolment) == 0:
        raise QuizError(_("You have used all your attempts at this quiz."))
    seed = secrets.randbelow(2**31)
    snapshot = _build_snapshot(quiz=quiz, seed=seed)
    number = (Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("number"))["n"] or 0) + 1
    deadline = now + dt.timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz, user=user, enrolment=enrolment, lesson=lesson, number=number, snapshot=snapshot,
                started_at=now, deadline_at=deadline,
            )  # fmt: skip
            audit_record(action="quiz.attempt_start", actor=user, target=attempt,
                         data={"quiz": quiz.pk, "number": number})  # fmt: skip
    except IntegrityError:
        # Another request started one at the same moment: resume it (or, if it was
        # the last allowed attempt and already graded, say so).
        winner = Attempt.objects.filter(user=user, quiz=quiz, status=Attempt.Status.OPEN).first()
        if winner is None:
            raise QuizError(_("You have used all your attempts at this quiz.")) from None
        return winner
    return attempt


def attempt_is_past_deadline(*, attempt: Attempt, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return attempt.deadline_at is not None and now > attempt.deadline_at + _grace()


def _clean_answers(attempt: Attempt, answers: Mapping) -> dict[int, list[int]]:
    """Keep only questions of this attempt and choices of that question (ids as ints)."""
    allowed = {q["id"]: {c["id"] for c in q["choices"]} for q in attempt.snapshot["questions"]}
    cleaned: dict[int, list[int]] = {}
    for raw_question, raw_choices in answers.items():
        try:
            question_id = int(raw_question)
            choices = raw_choices if isinstance(raw_choices, Iterable) and not isinstance(raw_choices, str) \
                else [raw_choices]  # fmt: skip
            choice_ids = sorted({int(c) for c in choices})
        except (TypeError, ValueError):
            continue
        if question_id in allowed:
            cleaned[question_id] = [c for c in choice_ids if c in allowed[question_id]]
    return cleaned


def attempt_save_answers(*, attempt: Attempt, answers: Mapping) -> int:
    """Save (replace) the officer's choices for the questions in `answers`.

    Questions and choices that are not in the attempt are ignored. Runs holding
    SELECT … FOR UPDATE on the attempt, so a save never interleaves with
    grading. Raises AttemptClosedError when the attempt is graded or past its
    deadline: nothing is saved then. Returns how many questions were saved.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open:
            raise AttemptClosedError(_("This attempt has already been submitted."))
        if attempt_is_past_deadline(attempt=locked, now=now):
            raise AttemptClosedError(_("Time is up: answers can no longer be changed."))
        cleaned = _clean_answers(locked, answers)
        AttemptAnswer.objects.bulk_create(
            [AttemptAnswer(attempt=locked, question_id=q, choice_ids=c, saved_at=now) for q, c in cleaned.items()],
            update_conflicts=True, unique_fields=["attempt", "question_id"], update_fields=["choice_ids", "saved_at"],
        )  # fmt: skip
    return len(cleaned)


def attempt_grade(*, attempt: Attempt, answers: Mapping | None = None) -> Attempt:
    """Grade the attempt on the server, exactly once; return it graded.

    ``answers`` (optional, as sent with a submission) replace the saved choices
    of their questions when they arrive before the deadline; after it they are
    ignored. Only answers saved by the deadline count.

    Takes SELECT … FOR UPDATE on the attempt row and closes it with
    ``UPDATE … WHERE status='open'`` (checked by row count), in one
    transaction with the per-question grades and the audit event: a lost
    connection or a crash leaves either all of it or none. A second call
    (double click, second tab, retry after a timeout) waits for the lock,
    finds the attempt graded and returns the stored result. After commit, a
    pass feeds lesson and course completion.
    """
    with transaction.atomic():
        locked = Attempt.objects.select_for_update(of=("self",)).select_related("user").get(pk=attempt.pk)
        if not locked.is_open:
            return locked
        now = timezone.now()
        snapshot = locked.snapshot
        questions = [_snapshot_question(q) for q in snapshot["questions"]]
        saved = AttemptAnswer.objects.filter(attempt=locked)
        if locked.deadline_at is not None:
            saved = saved.filter(saved_at__lte=locked.deadline_at + _grace())
        counted = dict(saved.values_list("question_id", "choice_ids"))
        if answers and not attempt_is_past_deadline(attempt=locked, now=now):
            counted.update(_clean_answers(locked, answers))
        grade = grade_attempt(
            questions=questions, answers=counted, pass_mark_percent=Decimal(snapshot["pass_mark"])
        )
        rows = [
            AttemptAnswer(attempt=locked, question_id=g.question_id, choice_ids=counted.get(g.question_id, []),
                          saved_at=now, earned=g.earned, correct=g.correct)
            for g in grade.per_question
        ]  # fmt: skip
        # Late answers (after the deadline) are overwritten with what counted.
        AttemptAnswer.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["attempt", "question_id"],
            update_fields=["choice_ids", "earned", "correct"],
        )  # fmt: skip
        result = {"status": Attempt.Status.GRADED, "graded_at": now, "score": grade.score,
                  "max_score": grade.max_score, "percent": grade.percent, "passed": grade.passed}  # fmt: skip
        closed = Attempt.objects.filter(pk=locked.pk, status=Attempt.Status.OPEN).update(**result)
        if closed != 1:  # cannot happen while we hold the row lock; never grade twice
            raise AttemptClosedError(_("This attempt has already been submitted."))
        for name, value in result.items():
            setattr(locked, name, value)
        audit_record(
            action="quiz.attempt_grade", actor=locked.user, target=locked,
            data={"quiz": locked.quiz_id, "number": locked.number, "score": grade.score,
                  "max_score": grade.max_score, "percent": grade.percent, "passed": grade.passed},
        )  # fmt: skip
        if grade.passed:
            transaction.on_commit(lambda: attempt_passed(attempt=locked))
    return locked


def attempt_submit(*, attempt: Attempt, answers: Mapping | None = None) -> Attempt:
    """Grade with the last answers sent along (if still in time). Idempotent: a graded
    attempt is returned as it is; answers sent after the deadline are ignored."""
    return attempt_grade(attempt=attempt, answers=answers)


def attempt_passed(*, attempt: Attempt) -> None:
    """A pass counts for the course: the lessons holding the quiz as an activity
    get it done, and the course's completion rule is evaluated again."""
    if attempt.enrolment_id is None:
        return
    enrolment = Enrolment.objects.select_related("course").get(pk=attempt.enrolment_id)
    for lesson in quiz_lessons(quiz=attempt.quiz, course=enrolment.course):
        lesson_activity_done(enrolment=enrolment, lesson=lesson)
    evaluate_completion(enrolment=enrolment)


def attempts_grade_expired(*, now: dt.datetime | None = None) -> int:
    """Grade every open attempt whose deadline has passed (run by Celery beat).
    Safe to run concurrently with officers' submissions."""
    now = now or timezone.now()
    count = 0
    for attempt in Attempt.objects.filter(status=Attempt.Status.OPEN, deadline_at__lt=now - _grace()):
        attempt_grade(attempt=attempt)
        count += 1
    return count


# --- question banks ------------------------------------------------------------------------------


def bank_import(*, bank, questions, actor: User) -> int:
    """Add parsed questions (quizzes.bank_io.ParsedQuestion, already validated) to the
    bank, creating categories by name. All or nothing in one transaction."""
    from quizzes.bank_io import TRUE_FALSE_CHOICES
    from quizzes.models import Category, Choice

    questions = list(questions)
    with transaction.atomic():
        categories = {c.name: c for c in Category.objects.filter(bank=bank)}
        for parsed in questions:
            category = None
            if parsed.category:
                category = categories.get(parsed.category)
                if category is None:
                    category = categories[parsed.category] = Category.objects.create(
                        bank=bank, name=parsed.category
                    )
            question = Question.objects.create(bank=bank, category=category, kind=parsed.kind, text=parsed.text,
                                               points=parsed.points, explanation=parsed.explanation)  # fmt: skip
            texts = parsed.choices or (TRUE_FALSE_CHOICES if parsed.kind == "true_false" else ())
            feedback = tuple(parsed.feedback) + ("",) * len(texts)
            Choice.objects.bulk_create([
                Choice(question=question, sort_order=i, text=text, correct=(i + 1) in parsed.correct,
                       feedback=feedback[i])
                for i, text in enumerate(texts)
            ])  # fmt: skip
        audit_record(action="quiz.bank_import", actor=actor, target=bank, data={"questions": len(questions)})
    return len(questions)
