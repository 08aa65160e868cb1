"""Exam day: an officer signs in, opens the post-test, starts an attempt, saves
some answers, answers the rest and submits. Each simulated officer does it once.

Started by `python -m bench.loadtest` (which prepares the data and the server and
passes the quiz and the officers' accounts in LOADTEST_* variables)."""

import itertools
import os
import random

import gevent
from locust import HttpUser, SequentialTaskSet, between, task
from locust.exception import StopUser

QUIZ_ID = int(os.environ.get("LOADTEST_QUIZ_ID", "0"))
PREFIX = os.environ.get("LOADTEST_USER_PREFIX", "exam-")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
#: How many officers (accounts); spawned users beyond them stop at once.
USERS = int(os.environ.get("LOADTEST_USERS", "0"))
_numbers = itertools.count()
_finished: set[str] = set()


def _finish(task_set) -> None:
    """This officer is done (submitted, or stopped by an error). The simulated user then
    idles instead of stopping: a stopped user would be replaced at once, and the
    replacements would turn the steady ramp into a rush. The run ends just after the
    last officer is done."""
    _finished.add(task_set.username)
    if len(_finished) >= USERS:
        gevent.spawn_later(2, task_set.user.environment.runner.quit)
    gevent.sleep(24 * 60 * 60)


class ExamDay(SequentialTaskSet):
    def on_start(self):
        number = next(_numbers)
        if number >= USERS:
            raise StopUser()
        self.username = f"{PREFIX}{number}"
        self.attempt = None

    def _csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.user.host + "/"}

    @task
    def sign_in(self):
        self.client.get("/accounts/login/", name="GET login")
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD,
                  "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            headers={"Referer": self.user.host + "/accounts/login/"},
            allow_redirects=False, name="POST login", catch_response=True,
        ) as response:  # fmt: skip
            failed = response.status_code != 302
            if failed:
                response.failure(f"sign-in answered {response.status_code}")
        if failed:
            _finish(self)

    @task
    def open_post_test(self):
        self.client.get(f"/quizzes/{QUIZ_ID}/", name="GET quiz intro")

    @task
    def start_attempt(self):
        with self.client.post(f"/api/v1/quizzes/{QUIZ_ID}/attempts", headers=self._csrf(),
                              name="POST start attempt", catch_response=True) as response:  # fmt: skip
            failed = response.status_code != 200
            if failed:
                response.failure(f"start answered {response.status_code}")
            else:
                self.attempt = response.json()
        if failed:
            _finish(self)

    @task
    def answer_and_save(self):
        questions = self.attempt["questions"]
        self.answers = {str(q["id"]): [random.choice(q["choices"])["id"]] for q in questions}  # noqa: S311
        half = dict(list(self.answers.items())[: len(self.answers) // 2])
        self.client.put(f"/api/v1/attempts/{self.attempt['id']}/answers", json={"answers": half},
                        headers=self._csrf(), name="PUT save answers")  # fmt: skip

    @task
    def submit(self):
        with self.client.post(f"/api/v1/attempts/{self.attempt['id']}/submit", json={"answers": self.answers},
                              headers=self._csrf(), name="POST submit", catch_response=True) as response:  # fmt: skip
            if response.status_code != 200 or response.json().get("status") != "graded":
                response.failure(f"submit answered {response.status_code}")
        _finish(self)


class Officer(HttpUser):
    tasks = [ExamDay]
    wait_time = between(0.5, 2)
