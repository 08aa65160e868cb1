from django.db import migrations

HOME_TITLE = "การเรียนรู้ออนไลน์ต้านทุจริต (Zero Corruption)"
HOME_INTRO = (
    "หลักสูตรเสริมสร้างคุณธรรม จริยธรรม และการป้องกันการทุจริต สำหรับเจ้าหน้าที่ทุกระดับ "
    "ของหน่วยงานที่ร่วมมือกัน เรียนได้ทุกที่ทุกเวลา ทั้งบนโทรศัพท์และคอมพิวเตอร์"
)


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page with the Thai home page and point the site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("lms.HomePage")

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="lms")
    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    locale = Locale.objects.get_or_create(language_code="th")[0]
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        intro=HOME_INTRO,
        slug="home",
        content_type=home_type,
        path=f"{root.path}0002",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Zero Corruption e-Learning", "root_page": home},
    )


APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION lms_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'lms_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lms_auditevent_append_only BEFORE UPDATE OR DELETE ON lms_auditevent
FOR EACH ROW EXECUTE FUNCTION lms_audit_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS lms_auditevent_append_only ON lms_auditevent;
DROP FUNCTION IF EXISTS lms_audit_append_only();
"""


def guard_audit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def unguard_audit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_home_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_home_page, migrations.RunPython.noop),
        migrations.RunPython(guard_audit, unguard_audit),
    ]
