"""Template filters for Thai dates: {{ value|thai_date }}, {{ value|thai_date:"short" }},
{{ value|thai_date:"full,digits" }}, {{ value|thai_digits }}."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from lms import thai_dates

register = template.Library()


@register.filter
def thai_date(value, options: str = "full"):
    """Buddhist-era date in Thai; in English the usual Django-style date."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    parts = [p.strip() for p in options.split(",")]
    style = parts[0] or "full"
    if get_language() == "en":
        return value.strftime("%d %b %Y") if style == "short" else value.strftime("%-d %B %Y")
    return thai_dates.format_thai_date(
        value, style=style, thai_digits="digits" in parts, with_time="time" in parts
    )


@register.filter
def thai_digits(value):
    return thai_dates.to_thai_digits(value)
