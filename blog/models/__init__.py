from .comments import CommentReport, CommentsMixin, PortalComment
from .pages import ArticleType, BlogIndexPage, BlogPage, BlogPageAuthor, BlogPageTag
from .settings import BlogSettings

__all__ = [
    "ArticleType",
    "BlogIndexPage",
    "BlogPage",
    "BlogPageAuthor",
    "BlogPageTag",
    "BlogSettings",
    "CommentReport",
    "CommentsMixin",
    "PortalComment",
]
