"""Changes made on the site go live only after an editor approves them.

Members (profiles) and providers (solutions) save a new revision of the page and submit it
to the page's Wagtail workflow ("Moderators approval" by default); editors approve or
reject it in the admin, and approval publishes the revision.
"""

from wagtail.models import WorkflowState


def submit_for_moderation(page, user):
    """Save ``page`` (with its unsaved changes) as a revision by ``user`` and submit it to
    its workflow. A workflow already running for the page is restarted with the new
    revision (or resumed if an editor asked for changes). Returns the revision."""
    if not page.live:
        # A draft that was never published keeps its data on the page row as well,
        # like the admin does.
        page.save()
    revision = page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        return revision
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return revision
    if state is not None:
        state.cancel(user=user)
    workflow.start(page, user)
    return revision


def awaiting_moderation(page):
    """True while a submitted change of ``page`` waits for an editor."""
    state = page.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
