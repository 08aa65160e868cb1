"""The site of a request is looked up once per process (lms.sites), and a change to the
site or its root page is seen at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from lms.models import HomePage


def test_pages_are_served_without_looking_up_the_site_again(client, db):
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]


def test_a_new_home_page_for_the_site_takes_effect_at_once(client, db):
    assert client.get("/").status_code == 200
    root = Page.get_first_root_node()
    new_home = root.add_child(instance=HomePage(title="หน้าแรกใหม่ของโครงการ", slug="home-2"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = new_home
    site.save()
    assert "หน้าแรกใหม่ของโครงการ" in client.get("/").content.decode()


def test_an_unknown_host_still_gets_the_default_site(client, db):
    client.get("/")
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 200
