from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmployeeIdBackend(ModelBackend):
    """Officers sign in with their username or their employee ID."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        user = (
            user_model.objects.filter(Q(username=username) | Q(employee_id=username)).order_by("pk").first()
        )
        if user is None:
            user_model().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
