from django.conf import settings


def portal(request):
    """Values every template may use."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "LANGUAGE_NATIVE_NAMES": settings.LANGUAGE_NATIVE_NAMES,
    }
