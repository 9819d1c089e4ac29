from .pages import IdeaIndexPage, IdeaPage, IdeaStatus, SubmitterType
from .people import IdeaStatusChange, IdeaSubmission, IdeaSupport

__all__ = [
    "IdeaIndexPage",
    "IdeaPage",
    "IdeaStatus",
    "IdeaStatusChange",
    "IdeaSubmission",
    "IdeaSupport",
    "SubmitterType",
]
