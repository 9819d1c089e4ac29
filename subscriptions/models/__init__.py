from subscriptions.models.subscriptions import DigestDelivery, Subscription

__all__ = ["DigestDelivery", "Subscription"]
