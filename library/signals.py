"""Signal receivers of the library: none of its own. Publishing and privacy changes
invalidate the cached listing through the portal's registry (``portal.caching.registry``);
the publishing guards are Wagtail hooks (``library.rules``, registered in
``library/wagtail_hooks.py``)."""
