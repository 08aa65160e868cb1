"""H5P packages: validation before anything is written, safe extraction, and the
content types to serve their files with. Pure Python, no ORM."""

from .extraction import extract_package
from .mimetypes import content_type_for, is_active_content
from .validation import (
    DEFAULT_LIMITS,
    H5PValidationError,
    Library,
    LibraryRef,
    Limits,
    PackageInfo,
    Problem,
    validate_package,
)

__all__ = [
    "DEFAULT_LIMITS",
    "H5PValidationError",
    "Library",
    "LibraryRef",
    "Limits",
    "PackageInfo",
    "Problem",
    "content_type_for",
    "extract_package",
    "is_active_content",
    "validate_package",
]
