"""The portal's caching layer (see ``portal.page_cache`` for the rules)."""
