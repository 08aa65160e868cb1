import io

from content import demo
from content.models import H5PPackage
from courses.demo_content import MANDATORY_COURSE_SLUG
from courses.models import LessonPage
from tests.courses.conftest import make_course


def test_seed_adds_an_interactive_lesson_idempotently(tree, people):
    make_course(tree["X"], slug=MANDATORY_COURSE_SLUG, lessons=1)
    out = io.StringIO()
    demo.seed(stdout=out)
    demo.seed(stdout=out)
    lesson = LessonPage.objects.get(slug=demo.LESSON_SLUG)
    kinds = [block.block_type for block in lesson.body]
    assert kinds.count("h5p") >= 2 and lesson.live
    assert H5PPackage.objects.count() == kinds.count("h5p")


def test_seed_skips_without_the_shared_folder(tree, monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "FIXTURES", tmp_path / "missing")
    out = io.StringIO()
    demo.seed(stdout=out)
    assert "skipped" in out.getvalue()
    assert not H5PPackage.objects.exists()
