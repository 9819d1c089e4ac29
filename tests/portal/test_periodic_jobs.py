"""The scheduler runs every configured job and survives a failing one."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_run_once_runs_every_available_job(settings):
    settings.PORTAL_PERIODIC_JOBS = [("send_queued_emails", 60), ("no_such_command", 60)]
    out, err = io.StringIO(), io.StringIO()
    call_command("run_periodic_jobs", "--once", stdout=out, stderr=err)
    assert "E-mails sent: 0, still failing: 0." in out.getvalue()
    assert "job send_queued_emails done" in out.getvalue()
    assert "skipping unknown command 'no_such_command'" in err.getvalue()


def test_a_failing_job_does_not_stop_the_others(settings):
    # ensure_dev_admin refuses to run outside development: a real failing command.
    settings.PORTAL_PERIODIC_JOBS = [("ensure_dev_admin", 60), ("send_queued_emails", 60)]
    out, err = io.StringIO(), io.StringIO()
    call_command("run_periodic_jobs", "--once", stdout=out, stderr=err)
    assert "job ensure_dev_admin failed" in err.getvalue()
    assert "job send_queued_emails done" in out.getvalue()
