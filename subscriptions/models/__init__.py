from subscriptions.models.newsletter import NewsletterIssue
from subscriptions.models.saved_filters import MAX_SAVED_FILTERS, SavedFilter
from subscriptions.models.subscriptions import DigestDelivery, Subscription

__all__ = ["MAX_SAVED_FILTERS", "DigestDelivery", "NewsletterIssue", "SavedFilter", "Subscription"]
