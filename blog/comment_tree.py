"""A page's comments as a tree, from one database query however many there are."""

from dataclasses import dataclass, field

from blog.models import PortalComment
from portal.caching.pages import depends_on
from portal.caching.registry import COMMENTS, object_scope

Status = PortalComment.Status

# Hidden (reported) comments keep their place with a note; removed ones only where replies
# hang from them, so that threads stay readable.
SHOWN_STATUSES = [Status.PUBLISHED, Status.HIDDEN, Status.REMOVED]


@dataclass
class CommentNode:
    comment: PortalComment
    children: list = field(default_factory=list)
    can_reply: bool = False
    # Set by flatten(): how many nested lists end after this comment.
    closes: range = range(0)


def comment_tree(page, *, newest_first=False, max_depth=3, accept_replies=True):
    """Top-level comments (newest or oldest discussion first), each with its replies in
    the order they were written."""
    depends_on(object_scope(COMMENTS, page.pk))
    thread_order = "-thread_id" if newest_first else "thread_id"
    comments = (
        PortalComment.objects.for_page(page)
        .filter(status__in=SHOWN_STATUSES)
        .only(
            "pk",
            "parent_id",
            "thread_id",
            "level",
            "order",
            "user_id",
            "user_name",
            "comment",
            "submit_date",
            "status",
        )
        .order_by(thread_order, "order", "pk")
    )
    nodes = {}
    roots = []
    for comment in comments:
        node = CommentNode(
            comment,
            can_reply=accept_replies
            and comment.status == Status.PUBLISHED
            and comment.level + 1 < max_depth,
        )
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent.children if parent else roots).append(node)
    return _prune(roots)


def _prune(nodes):
    """Drop removed comments that have no visible replies."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.comment.status != Status.REMOVED or node.children:
            kept.append(node)
    return kept


def flatten(nodes):
    """The tree in reading order, for rendering nested lists in one loop (much faster than
    a recursive template include): each node knows how many lists close after it."""
    flat = []

    def walk(level_nodes):
        for node in level_nodes:
            node.closes = range(0)
            flat.append(node)
            if node.children:
                walk(node.children)
                last = flat[-1]
                last.closes = range(len(last.closes) + 1)

    walk(nodes)
    return flat
