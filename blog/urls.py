"""Comment URLs under each language prefix: /de/kommentare/..., /en/comments/...."""

from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from blog import views

app_name = "blog"

comment_patterns = [
    path("<int:page_id>/", views.post_comment, name="comment_post"),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "bestaetigen/")),
        views.confirm_comment,
        name="comment_confirm",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("URL path", "abmelden/")),
        views.unsubscribe,
        name="comment_unsubscribe",
    ),
    path(
        format_lazy("<int:comment_id>/{}", pgettext_lazy("URL path", "melden/")),
        views.report_comment,
        name="comment_report",
    ),
]

urlpatterns = [
    path(pgettext_lazy("URL path", "kommentare/"), include(comment_patterns)),
]
