"""The expert database's registrations with Wagtail (registrations only): its admin
listing, its account-page section, data export and deletion clean-up
(``experts.account``), and the decision e-mails on experts' own profile changes
(``experts.emails``, sent by the community's workflow receivers)."""

from wagtail import hooks

from .account import delete_expert_profile, expert_section, export_expert_profile
from .admin_views import expert_viewset
from .emails import expert_decision_mail

hooks.register("portal_account_sections", expert_section)
hooks.register("portal_export_user_data", export_expert_profile)
hooks.register("portal_before_delete_user", delete_expert_profile)
hooks.register("portal_site_change_of", expert_decision_mail)


@hooks.register("register_admin_viewset")
def register_expert_viewset():
    return expert_viewset
