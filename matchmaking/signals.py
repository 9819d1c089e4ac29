"""Signal receivers of matchmaking: none of its own.

Every step of a case is a rule in ``matchmaking.cases`` that logs itself and queues its
e-mails; the requests' deletion with the account runs from the hook
``portal_before_delete_user`` (``matchmaking.account``).
"""
