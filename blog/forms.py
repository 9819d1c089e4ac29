"""Reader forms: writing a comment and reporting one. Both work without JavaScript."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from blog.comments import reply_allowed
from blog.models import PortalComment
from portal.forms import HoneypotFormMixin


class CommentForm(HoneypotFormMixin, forms.Form):
    """Name, e-mail address and comment (signed-in people only write the comment)."""

    name = forms.CharField(label=_("Name"), max_length=50)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_(
            "Ihre E-Mail-Adresse wird nie veröffentlicht. Wir schicken Ihnen einen Link, mit "
            "dem Sie den Kommentar bestätigen."
        ),
    )
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 6}))
    followup = forms.BooleanField(
        label=_(
            "Bitte benachrichtigen Sie mich per E-Mail, wenn jemand auf meinen Kommentar antwortet."
        ),
        required=False,
    )
    reply_to = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["name", "email", "comment", "followup", "reply_to", "website"]

    def __init__(self, *args, page, user, blog_settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.blog_settings = blog_settings
        self.parent = None
        # The limit is a setting, so the field is built here rather than on the class.
        max_length = settings.BLOG_COMMENT_MAX_LENGTH
        self.fields["comment"] = forms.CharField(
            label=_("Kommentar"),
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_(
                "Höchstens %(count)s Zeichen. HTML wird als Text angezeigt, Links werden "
                "nicht verfolgt."
            )
            % {"count": max_length},
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]
            self.fields["followup"].help_text = _(
                "Wir schreiben an die E-Mail-Adresse Ihres Kontos; sie wird nie veröffentlicht."
            )

    def clean(self):
        cleaned_data = super().clean()
        # The hidden field has no visible place for its error (a tampered value such as a
        # NUL character): say it where the reader sees it, like an unknown comment.
        invalid_reply_to = self.errors.pop("reply_to", None) is not None
        value = "invalid" if invalid_reply_to else (cleaned_data.get("reply_to") or "").strip()
        if value:
            parent = None
            if value.isdigit() and len(value) < 12:
                parent = (
                    PortalComment.objects.for_page(self.page)
                    .filter(pk=int(value), status=PortalComment.Status.PUBLISHED)
                    .first()
                )
            if parent is None:
                self.add_error(
                    None,
                    _(
                        "Den Kommentar, auf den Sie antworten möchten, gibt es auf dieser "
                        "Seite nicht (mehr). Ihr Text ist unten noch da."
                    ),
                )
            elif not reply_allowed(parent, self.blog_settings):
                self.add_error(
                    None,
                    _(
                        "Auf diesen Kommentar kann nicht weiter geantwortet werden. Antworten "
                        "Sie bitte auf einen Kommentar weiter oben in der Diskussion."
                    ),
                )
            self.parent = parent
        return cleaned_data


class ReportForm(HoneypotFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Warum melden Sie diesen Beitrag?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("Freiwillig, höchstens 500 Zeichen. Die Redaktion liest jede Meldung."),
    )
