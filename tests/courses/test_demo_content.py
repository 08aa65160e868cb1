"""The demo curriculum as a content reviewer reads it: complete, Thai, well-formed."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest

from courses.demo_content import COURSES, MANDATORY_COURSE_SLUG, QUESTIONS
from lms.civil_service import Level

THAI = re.compile(r"[\u0E00-\u0E7F]")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_TAGS = {"p", "h3", "ul", "ol", "li", "strong", "em"}
BLOCK_TYPES = {"rich_text", "key_point", "callout"}
COURSE_KEYS = {
    "slug",
    "title",
    "title_en",
    "summary",
    "objectives",
    "owner_agency",
    "audience_levels",
    "topics",
    "estimated_minutes",
    "validity_months",
    "min_study_minutes",
    "mandatory",
    "ita_items",
    "lessons",
}
LESSON_KEYS = {"slug", "title", "required", "estimated_minutes", "body"}
QUESTION_KEYS = {"category", "type", "text", "choices", "correct", "explanation", "points"}

LESSONS = [(course, lesson) for course in COURSES for lesson in course["lessons"]]
LESSON_IDS = [f"{course['slug']}/{lesson['slug']}" for course, lesson in LESSONS]
MANDATORY = next(course for course in COURSES if course["slug"] == MANDATORY_COURSE_SLUG)
MANDATORY_LESSONS = {lesson["slug"]: lesson for lesson in MANDATORY["lessons"]}


class _RichTextChecker(HTMLParser):
    """Collects what a rich-text editor would choke on, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> not allowed")
        if attrs:
            self.errors.append(f"<{tag}> has attributes {attrs}")
        parent = self.stack[-1] if self.stack else None
        if tag == "li" and parent not in {"ul", "ol"}:
            self.errors.append("<li> outside a list")
        if tag in {"p", "h3", "ul", "ol"} and parent not in {None, "li"}:
            self.errors.append(f"<{tag}> nested in <{parent}>")
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if not self.stack and data.strip():
            self.errors.append(f"text outside any block: {data.strip()[:30]!r}")
        elif self.stack and self.stack[-1] in {"ul", "ol"} and data.strip():
            self.errors.append(f"text directly inside <{self.stack[-1]}>")
        self.text.append(data)

    def check(self, html: str) -> tuple[list[str], str]:
        self.feed(html)
        self.close()
        errors = list(self.errors)
        if self.stack:
            errors.append(f"unclosed {self.stack}")
        return errors, "".join(self.text)


def _blocks(lesson: dict, kind: str) -> list:
    return [value for block_type, value in lesson["body"] if block_type == kind]


def _lesson_text(lesson: dict) -> str:
    """Everything a learner reads in a lesson, as plain text."""
    parts = [lesson["title"]]
    for block_type, value in lesson["body"]:
        if block_type == "rich_text":
            parts.append(_RichTextChecker().check(value)[1])
        elif block_type == "key_point":
            parts.append(value)
        else:
            parts.extend([value["title"], value["text"]])
    return "\n".join(parts)


# --- courses -----------------------------------------------------------------


@pytest.mark.parametrize("course", COURSES, ids=[c["slug"] for c in COURSES])
def test_course_has_every_field_and_reads_in_thai(course):
    assert set(course) == COURSE_KEYS
    assert SLUG.match(course["slug"])
    assert THAI.search(course["title"])
    assert THAI.search(course["summary"])
    assert course["title_en"] and not THAI.search(course["title_en"])
    assert 3 <= len(course["objectives"]) <= 5
    assert all(THAI.search(objective) for objective in course["objectives"])
    assert course["topics"] and all(SLUG.match(topic) for topic in course["topics"])


def test_course_slugs_are_unique():
    slugs = [course["slug"] for course in COURSES]
    assert len(slugs) == len(set(slugs)) == 3


@pytest.mark.parametrize("course", COURSES, ids=[c["slug"] for c in COURSES])
def test_course_targets_real_agencies_and_levels(course):
    assert course["owner_agency"] in {"SSO", "MOL", "OPS"}
    assert set(course["audience_levels"]) <= set(Level.values)
    assert all(re.fullmatch(r"O\d+", item) for item in course["ita_items"])


@pytest.mark.parametrize("course", COURSES, ids=[c["slug"] for c in COURSES])
def test_course_times_add_up(course):
    lesson_minutes = sum(lesson["estimated_minutes"] for lesson in course["lessons"])
    assert lesson_minutes == course["estimated_minutes"]
    if course["min_study_minutes"] is not None:
        assert 0 < course["min_study_minutes"] <= course["estimated_minutes"]
    assert course["validity_months"] is None or course["validity_months"] > 0


def test_the_mandatory_course_matches_the_brief():
    assert MANDATORY["mandatory"] is True
    assert MANDATORY["owner_agency"] == "SSO"
    assert MANDATORY["audience_levels"] == []
    assert MANDATORY["validity_months"] == 12
    assert MANDATORY["min_study_minutes"] == 60
    assert MANDATORY["ita_items"] == ["O32", "O40"]
    assert len(MANDATORY["lessons"]) >= 5


def test_the_executive_course_is_for_executive_and_managerial_levels_only():
    course = next(c for c in COURSES if set(c["audience_levels"]) & {"executive_high"})
    assert set(course["audience_levels"]) == {
        "executive_primary",
        "executive_high",
        "managerial_primary",
        "managerial_high",
    }
    assert course["validity_months"] == 24
    assert 3 <= len(course["lessons"]) <= 4


def test_the_ministry_course_is_optional_and_never_expires():
    course = next(c for c in COURSES if c["owner_agency"] == "MOL")
    assert course["mandatory"] is False
    assert course["validity_months"] is None
    assert course["audience_levels"] == []


# --- lessons -----------------------------------------------------------------


@pytest.mark.parametrize("course", COURSES, ids=[c["slug"] for c in COURSES])
def test_lesson_slugs_are_unique_within_a_course(course):
    slugs = [lesson["slug"] for lesson in course["lessons"]]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(slug) for slug in slugs)


@pytest.mark.parametrize(("course", "lesson"), LESSONS, ids=LESSON_IDS)
def test_lesson_has_rich_text_a_key_point_and_thai_title(course, lesson):
    assert set(lesson) == LESSON_KEYS
    assert THAI.search(lesson["title"])
    assert lesson["estimated_minutes"] > 0
    assert {block_type for block_type, _ in lesson["body"]} <= BLOCK_TYPES
    assert _blocks(lesson, "rich_text")
    key_points = _blocks(lesson, "key_point")
    assert len(key_points) == 1
    assert THAI.search(key_points[0]) and "<" not in key_points[0]


@pytest.mark.parametrize(("course", "lesson"), LESSONS, ids=LESSON_IDS)
def test_lesson_rich_text_is_well_formed_and_substantive(course, lesson):
    visible = ""
    for html in _blocks(lesson, "rich_text"):
        errors, text = _RichTextChecker().check(html)
        assert errors == []
        visible += text
    assert THAI.search(visible)
    # 300–700 characters as a reader counts them: Thai vowel and tone marks
    # sit on their consonant and spaces are not characters, so neither counts.
    shown = sum(1 for ch in visible if not ch.isspace() and unicodedata.category(ch) != "Mn")
    assert 300 <= shown <= 700, shown


@pytest.mark.parametrize(("course", "lesson"), LESSONS, ids=LESSON_IDS)
def test_callouts_are_plain_thai_text_with_a_title(course, lesson):
    for callout in _blocks(lesson, "callout"):
        assert set(callout) == {"title", "text"}
        assert THAI.search(callout["title"]) and THAI.search(callout["text"])
        assert "<" not in callout["text"] and "<" not in callout["title"]


# --- questions ---------------------------------------------------------------


def test_the_question_bank_is_large_and_varied_enough_for_a_post_test():
    types = [question["type"] for question in QUESTIONS]
    assert len(QUESTIONS) >= 36
    assert types.count("multiple") >= 4
    assert types.count("true_false") >= 6


def test_every_mandatory_lesson_is_examined():
    per_lesson = dict.fromkeys(MANDATORY_LESSONS, 0)
    for question in QUESTIONS:
        per_lesson[question["category"]] += 1
    assert min(per_lesson.values()) >= 3, per_lesson


def test_question_texts_are_unique():
    texts = [question["text"] for question in QUESTIONS]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("question", QUESTIONS, ids=[f"q{i + 1}" for i in range(len(QUESTIONS))])
def test_question_is_well_formed(question):
    assert set(question) == QUESTION_KEYS
    assert question["category"] in MANDATORY_LESSONS
    assert THAI.search(question["text"]) and THAI.search(question["explanation"])
    assert isinstance(question["points"], int) and question["points"] > 0
    choices, correct = question["choices"], question["correct"]
    assert 2 <= len(choices) <= 5
    assert len(choices) == len(set(choices))
    assert all(isinstance(i, int) and 1 <= i <= len(choices) for i in correct)
    assert len(correct) == len(set(correct))
    if question["type"] == "true_false":
        assert choices == ["ถูก", "ผิด"]
        assert len(correct) == 1
    elif question["type"] == "single":
        assert len(correct) == 1
    else:
        assert question["type"] == "multiple"
        # Several right answers and at least one wrong one, or it tests nothing.
        assert 2 <= len(correct) < len(choices)


@pytest.mark.parametrize("question", QUESTIONS, ids=[f"q{i + 1}" for i in range(len(QUESTIONS))])
def test_numbers_in_correct_answers_come_from_the_lesson(question):
    """A date, amount or phone number the quiz marks right must be taught in the lesson."""
    lesson_text = _lesson_text(MANDATORY_LESSONS[question["category"]])
    for index in question["correct"]:
        for number in re.findall(r"\d[\d,]*", question["choices"][index - 1]):
            assert number in lesson_text, f"{number} is not in lesson {question['category']}"
