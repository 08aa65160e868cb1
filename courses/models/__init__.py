from .enrolment import Assignment, Enrolment, LessonProgress, ReminderLog
from .pages import CourseIndexPage, CoursePage, LessonPage, Topic

__all__ = [
    "Assignment", "CourseIndexPage", "CoursePage", "Enrolment", "LessonPage", "LessonProgress", "ReminderLog",
    "Topic",
]  # fmt: skip
