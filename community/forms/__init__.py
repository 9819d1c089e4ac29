"""The community app's forms, in two modules:

* ``community.forms.site``: what readers and members fill in on the site (sign-up extras,
  membership application, profile, notification settings, contact, solution proposal,
  account deletion);
* ``community.forms.admin``: the Wagtail admin's forms (organisations, member profiles,
  decisions on membership applications). The page and snippet models use them as their
  ``base_form_class``, so this module imports no models: ``community.models`` imports it
  while it loads.
"""
