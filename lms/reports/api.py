"""This app's operations of the /api/v1/ JSON API (wired in lms.api)."""

from ninja import Router

router = Router()
