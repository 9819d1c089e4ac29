from .pending import PendingIndexUpdate
from .statistics import SearchTermStatistic
from .synonyms import SearchSynonym

__all__ = ["PendingIndexUpdate", "SearchSynonym", "SearchTermStatistic"]
