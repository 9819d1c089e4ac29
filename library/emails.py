"""The library's e-mails: none. New resources reach readers through the subscriptions'
digests (``subscriptions``), not through e-mails of this app."""
