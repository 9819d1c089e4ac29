"""Refuse requests whose address carries a NUL character.

PostgreSQL text cannot hold NUL (0x00); a ``?topic=%00`` that reaches a query would end in a
database error (a 500). No legitimate link contains one, so such a request gets the portal's
400 page before any view runs. Form fields need no guard: Django's form fields reject NUL
with a form error of their own.
"""

from django.core.exceptions import BadRequest

NUL = "\x00"


def has_nul(request):
    if NUL in request.path:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            raise BadRequest("NUL character in the request address")
        return self.get_response(request)
