from .proposals import Proposal, ProposalState, TargetKind
from .requests import (
    BudgetRange,
    CaseEvent,
    CaseStatus,
    MatchRequest,
    Outcome,
    TimeFrame,
    Visibility,
)

__all__ = [
    "BudgetRange",
    "CaseEvent",
    "CaseStatus",
    "MatchRequest",
    "Outcome",
    "Proposal",
    "ProposalState",
    "TargetKind",
    "TimeFrame",
    "Visibility",
]
