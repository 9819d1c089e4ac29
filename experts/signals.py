"""Signal receivers of the expert database: none of its own.

The moderators' notice of a submitted profile change and the expert's e-mail about the
editors' decision come from the community's workflow receivers (``community.signals``),
which ask the hook ``portal_site_change_of`` (registered in ``experts/wagtail_hooks.py``,
answered by ``experts.emails.expert_decision_mail``); the profile's deletion with the
account runs from the hook ``portal_before_delete_user`` (``experts.account``).
"""
