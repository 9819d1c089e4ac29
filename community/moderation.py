"""Changes made on the site go live only after an editor approves them.

Members (profiles) and providers (solutions) save a new revision of the page and submit it
to the page's Wagtail workflow ("Moderators approval" by default); editors approve or
reject it in the admin, and approval publishes the latest revision. Moderators hear of a
draft once, however often it changes while it waits.
"""

from wagtail.models import WorkflowState


def submit_for_moderation(page, user):
    """Save ``page`` (with its unsaved changes) as a revision by ``user`` and put it before
    the moderators. Returns the revision.

    As in Wagtail's page editor, a change saved while an earlier one still waits for
    approval becomes the version under review (approval publishes the latest revision):
    the workflow goes on and the moderators get no second mail for the same draft. A
    workflow in which an editor asked for changes resumes; otherwise a new one starts (and
    Wagtail tells the moderators once)."""
    if not page.live:
        # A draft that was never published keeps its data on the page row as well,
        # like the admin does.
        page.save()
    revision = page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        return revision
    state = page.current_workflow_state
    if state is None:
        workflow.start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    return revision


def awaiting_moderation(page):
    """True while a submitted change of ``page`` waits for an editor."""
    state = page.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
