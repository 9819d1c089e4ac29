"""The expert's profile form in the account area, under the language prefix."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "experts"

urlpatterns = [
    path(pgettext_lazy("URL path", "konto/beraterprofil/"), views.profile_edit, name="profile"),
]
