import factory
from factory.django import DjangoModelFactory

from lms.civil_service import Level
from lms.models import Agency, User


def make_agency(
    code: str, *, parent: Agency | None = None, name_th: str | None = None, kind=Agency.Kind.BUREAU
):
    fields = {
        "code": code,
        "name_th": name_th or f"หน่วยงาน {code}",
        "name_en": f"Agency {code}",
        "kind": kind,
    }
    if parent is None:
        return Agency.add_root(**fields)
    return Agency.objects.get(pk=parent.pk).add_child(**fields)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    employee_id = factory.Sequence(lambda n: f"{7000000 + n}")
    title = "นางสาว"
    first_name = factory.Iterator(["สมหญิง", "สุภาพร", "กาญจนา", "วิไลวรรณ"])
    last_name = factory.Iterator(["ใจดี", "ศรีสุข", "รักชาติ"])
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    level = Level.PROFESSIONAL
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
