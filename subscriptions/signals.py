"""Signal receivers of the subscriptions app: none yet. Digests are built by
``manage.py send_digests`` (``subscriptions.digests``), not on publishing, so that a page
published and unpublished within the hour is never mailed."""
