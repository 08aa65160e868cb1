from django.core.checks import Warning, register


@register()
def harfbuzz_subset_check(app_configs, **kwargs):
    """Certificates render 3-4× faster with Debian's libharfbuzz-subset0."""
    from .fonts import harfbuzz_subset_available

    if harfbuzz_subset_available():
        return []
    return [
        Warning(
            "libharfbuzz-subset0 is not installed: PDF certificates will render 3-4 times slower.",
            hint="apt-get install libharfbuzz-subset0 (make install does it).",
            id="certificates.W001",
        )
    ]
