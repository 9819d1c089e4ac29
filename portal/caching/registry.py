"""Which models readers see, and what a change of each invalidates: one list for the portal.

Every installed model is declared here, either **shown to readers** (a change starts a new
generation of a *scope*, and everything cached that depends on that scope is computed
afresh) or **not shown** (a change never invalidates anything: sign-ins, reminders, outbox
rows, contact requests, applications, drafts, statistics). ``tests/portal/test_cache_registry.py``
fails for any installed model that is on neither list, so a new model cannot be forgotten.

Scopes (chosen from measurements of mixed traffic; see the README's "Invalidation"):

* ``site``: pages (published, unpublished, moved, deleted), their inline parts, snippets,
  settings, images, documents, collections, tags, redirects, privacy, membership. Everything
  cached depends on it.
* ``comments:<page id>``: the published comments of one page. Only that page's thread
  depends on it. Comment counts on article cards (the index, related articles, the home
  page) are not tied to it: they may be up to ``PAGE_CACHE_SECONDS`` old
  (``expires_within``), otherwise every comment would re-render every article and listing.
* ``registrations:<event id>``: seats and workshop places of one event (the German event,
  which holds the seats of every translation). Only that event's pages depend on it.

The registry names the *family* (``comments``, ``registrations``); ``PER_OBJECT`` says
which field of a changed row names the object, so a change invalidates that object's scope.

A rule is a scope, or a function ``rule(instance, fields, created)`` that returns a scope or
``None`` (``fields``: the fields an update wrote, ``None`` when unknown; ``instance`` is
``None`` for queryset updates). Page models are shown through Wagtail's publishing signals,
not through their saves (a saved draft changes nothing readers see): their rule is
``PUBLISHED``.
"""

SITE = "site"
COMMENTS = "comments"
REGISTRATIONS = "registrations"
SUPPORTS = "supports"  # confirmed supports of one idea (ideas)
# Families of scopes, one scope per object: the field of a changed row that names it.
PER_OBJECT = {COMMENTS: "object_pk", REGISTRATIONS: "event_id", SUPPORTS: "idea_id"}


def object_scope(family, key):
    """``comments:12``: the scope of one object of a family."""
    return f"{family}:{key}"


# Page models: invalidated by page_published, page_unpublished, post_page_move and deletion
# (portal.signals), never by saving a draft.
PUBLISHED = "published"


def _comment(instance, fields, created):
    """A comment nobody can see yet (waiting for its author's confirmation or for an
    editor) changes nothing; reply subscriptions and report counts are never shown."""
    if fields is not None and set(fields) <= {"followup", "open_reports"}:
        return None
    # Deleting a comment also deletes its xtd and django_comments rows (without a status).
    if getattr(instance, "status", None) in ("unconfirmed", "pending"):
        return None
    return COMMENTS


def _registration(instance, fields, created):
    """Seats change with the status; reminders sent and notes (and their purge) are never
    shown."""
    unseen = {"reminder_sent_at", "notes", "notes_purged_at", "address_mail_sent_at"}
    if fields is not None and set(fields) <= unseen:
        return None
    return REGISTRATIONS


def _support(instance, fields, created):
    """Only confirmed supports count; whether a supporter wants e-mails is never shown."""
    if fields is not None and set(fields) <= {"notify", "language"}:
        return None
    if instance is not None and getattr(instance, "confirmed_at", None) is None:
        return None
    return SUPPORTS


def _working_group_membership(instance, fields, created):
    """The group page shows approved members who agreed to be shown: open requests and
    refusals change nothing readers see (approving, leaving and consent do)."""
    if fields is not None and set(fields) <= {"message", "updated_at"}:
        return None
    if instance is not None and getattr(instance, "status", None) in ("angefragt", "abgelehnt"):
        return None
    return SITE


def _site_setting(instance, fields, created):
    """A site setting is created with its defaults on first use, while a page renders with
    those very defaults: only later changes show."""
    if created:
        return None
    return SITE


PAGE_MODELS = {
    "wagtailcore.page",
    "home.homepage",
    "home.standardpage",
    "blog.blogindexpage",
    "blog.blogpage",
    "events.eventindexpage",
    "events.eventpage",
    "community.memberindexpage",
    "community.memberpage",
    "community.projectindexpage",
    "community.projectpage",
    "community.solutionindexpage",
    "community.solutionpage",
    "experts.expertindexpage",
    "experts.expertpage",
    "ideas.ideaindexpage",
    "ideas.ideapage",
    "library.libraryindexpage",
    "library.resourcepage",
    "workinggroups.workinggroupindexpage",
    "workinggroups.workinggrouppage",
    "workinggroups.workinggroupareapage",
}

SHOWN = {
    **dict.fromkeys(PAGE_MODELS, PUBLISHED),
    # Inline parts of pages and their relations, saved when a page is published.
    **dict.fromkeys(
        (
            "blog.blogpagetag",
            "blog.blogpage_topics",
            "blog.blogpageauthor",
            "events.eventpage_topics",
            "events.session",
            "events.sessionspeaker",
            "community.memberpage_topics",
            "community.projectpage_topics",
            "community.projectpage_solutions",
            "community.projectpartner",
            "community.projectarticlelink",
            "community.solutionpage_topics",
            "community.solutionpage_application_fields",
            "community.solutionreference",
            "community.solutiondocument",
            "experts.expertpage_topics",
            "experts.expertpage_reference_projects",
            "experts.expertpage_reference_solutions",
            "experts.expertregion",
            "experts.expertlanguage",
            "ideas.ideapage_topics",
            "library.resourcepage_topics",
            "workinggroups.workinggrouppage_topics",
            "workinggroups.workinggrouppage_meetings",
        ),
        SITE,
    ),
    # Snippets and settings.
    "home.topic": SITE,
    "home.person": SITE,
    "community.organisation": SITE,
    "community.applicationfield": SITE,
    "home.sitesettings": _site_setting,
    "home.navigationsettings": _site_setting,
    "blog.blogsettings": _site_setting,
    # Media, structure, privacy, routing.
    "wagtailimages.image": SITE,
    "wagtaildocs.document": SITE,
    "wagtailembeds.embed": SITE,
    "wagtailcore.collection": SITE,
    "wagtailcore.collectionviewrestriction": SITE,
    "wagtailcore.collectionviewrestriction_groups": SITE,
    "wagtailcore.pageviewrestriction": SITE,
    "wagtailcore.pageviewrestriction_groups": SITE,
    "wagtailcore.site": SITE,
    "wagtailcore.locale": SITE,
    "wagtailredirects.redirect": SITE,
    "wagtailsearchpromotions.searchpromotion": SITE,
    # Synonyms change what a search finds.
    "search.searchsynonym": SITE,
    "taggit.tag": SITE,
    "taggit.taggeditem": SITE,
    # Membership (the member count, who may see members-only content).
    "community.user_groups": SITE,
    # Comments and registrations.
    "blog.portalcomment": _comment,
    "django_comments_xtd.xtdcomment": _comment,
    "django_comments.comment": _comment,
    "events.registration": _registration,
    "events.registration_workshops": REGISTRATIONS,
    "ideas.ideasupport": _support,
    # Who is shown on a working group's page.
    "workinggroups.workinggroupmembership": _working_group_membership,
}

NOT_SHOWN = {
    # People's accounts, sign-ins and what they send: never on a page.
    "community.user",
    "community.user_user_permissions",
    "community.membershipapplication",
    "community.contactrequest",
    # Who may act for an organisation: only changes per-reader parts (edit links).
    "community.organisation_representatives",
    # Who submitted an idea, and the status changes they were told of (ideas).
    "ideas.ideasubmission",
    "ideas.ideastatuschange",
    # Matchmaking cases: only their requester and the office see them, never cached.
    "matchmaking.matchrequest",
    "matchmaking.proposal",
    "matchmaking.caseevent",
    # A working group's Django group and collection (their privacy rows are shown).
    "workinggroups.workinggroupaccess",
    "account.emailaddress",
    "account.emailconfirmation",
    "sessions.session",
    "portal.outgoingemail",
    # The registration rules' lock row and their e-mails waiting to be written.
    "events.seatlock",
    "events.registrationnotice",
    # Subscriptions, their digests' records and saved searches: only e-mails, never on a page.
    "subscriptions.subscription",
    "subscriptions.subscription_topics",
    "subscriptions.digestdelivery",
    "subscriptions.savedfilter",
    # Newsletter issues: e-mails only (no public archive).
    "subscriptions.newsletterissue",
    # Comment reports count towards hiding; the hiding itself is a comment change.
    "blog.commentreport",
    "django_comments.commentflag",
    "django_comments_xtd.blacklisteddomain",
    # Drafts, workflows, history, translations before they are published.
    "wagtailcore.revision",
    "wagtailcore.workflow",
    "wagtailcore.workflowstate",
    "wagtailcore.workflowtask",
    "wagtailcore.workflowcontenttype",
    "wagtailcore.workflowpage",
    "wagtailcore.task",
    "wagtailcore.taskstate",
    "wagtailcore.groupapprovaltask",
    "wagtailcore.groupapprovaltask_groups",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailcore.apitoken",
    "wagtailcore.groupsitepermission",
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupcollectionpermission",
    "wagtail_localize.translatableobject",
    "wagtail_localize.translationsource",
    "wagtail_localize.translation",
    "wagtail_localize.translationlog",
    "wagtail_localize.string",
    "wagtail_localize.translationcontext",
    "wagtail_localize.stringtranslation",
    "wagtail_localize.template",
    "wagtail_localize.segmentoverride",
    "wagtail_localize.stringsegment",
    "wagtail_localize.templatesegment",
    "wagtail_localize.relatedobjectsegment",
    "wagtail_localize.overridablesegment",
    "wagtail_localize.localesynchronization",
    "wagtailadmin.admin",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    "wagtailusers.userprofile",
    "admin.logentry",
    # Renditions are derived from an image (the image's change invalidates).
    "wagtailimages.rendition",
    # Search index rows and statistics, task results, form submissions.
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    "search.pendingindexupdate",
    "search.searchtermstatistic",
    "django_tasks_database.dbtaskresult",
    "wagtailforms.formsubmission",
    # Framework tables.
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "contenttypes.contenttype",
    "sites.site",
}


def scope_for(model, instance=None, fields=None, created=False):
    """The scope a change of ``model`` invalidates (``None``: nothing; ``PUBLISHED``: only
    through publishing). A model on neither list invalidates the whole site (safe, and the
    registry test names it)."""
    label = model._meta.label_lower
    if label in NOT_SHOWN:
        return None
    rule = SHOWN.get(label, SITE)
    return rule(instance, fields, created) if callable(rule) else rule


def concrete_scopes(family, instance=None, queryset=None):
    """The scopes a change of ``family`` invalidates: the family's scope for each object
    the changed rows belong to (``instance``, or every row of ``queryset`` before an
    update), or the site when the object cannot be told."""
    field = PER_OBJECT.get(family)
    if field is None:
        return {family}
    if instance is not None:
        key = getattr(instance, field, None)
        return {object_scope(family, key)} if key not in (None, "") else {SITE}
    if queryset is not None:
        return {object_scope(family, key) for key in queryset.values_list(field, flat=True)}
    return {SITE}
