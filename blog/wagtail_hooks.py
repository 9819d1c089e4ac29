"""Admin screens, the comments panel of the editors' desk and account-page hooks of the blog."""

from wagtail import hooks

from blog.account import account_comments_section, anonymise_comments, export_comments
from blog.admin_views import CommentDeskPanel, comment_viewset


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return comment_viewset


hooks.register("construct_homepage_panels", CommentDeskPanel.add_to)
hooks.register("portal_account_sections", account_comments_section)
hooks.register("portal_export_user_data", export_comments)
hooks.register("portal_before_delete_user", anonymise_comments)
