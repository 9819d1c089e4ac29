from .experts import (
    NATIONWIDE,
    REGION_CHOICES,
    SIZE_FIELDS,
    Availability,
    ContactVisibility,
    ExpertIndexPage,
    ExpertKind,
    ExpertLanguage,
    ExpertPage,
    ExpertRegion,
    Language,
)

__all__ = [
    "SIZE_FIELDS",
    "Availability",
    "ContactVisibility",
    "ExpertIndexPage",
    "ExpertKind",
    "ExpertLanguage",
    "ExpertPage",
    "ExpertRegion",
    "Language",
    "NATIONWIDE",
    "REGION_CHOICES",
]
