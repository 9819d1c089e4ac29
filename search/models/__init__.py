from .pending import PendingIndexUpdate
from .synonyms import SearchSynonym

__all__ = ["PendingIndexUpdate", "SearchSynonym"]
