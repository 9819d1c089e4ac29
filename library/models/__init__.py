from .resources import (
    CAPTION_EXTENSIONS,
    MEDIA_TYPES,
    VIDEO_EXTENSIONS,
    LibraryIndexPage,
    ResourcePage,
    ResourceType,
)

__all__ = [
    "CAPTION_EXTENSIONS",
    "MEDIA_TYPES",
    "VIDEO_EXTENSIONS",
    "LibraryIndexPage",
    "ResourcePage",
    "ResourceType",
]
