"""Every product app keeps the same skeleton, so that a part is always found in the same file.

An app's models live in ``models/`` (a package; a single ``models.py`` only while the app
has just one model), its Wagtail viewsets in ``admin_views.py``, its registrations with
Wagtail (``@hooks.register``, ``register_snippet``, permission policies) in
``wagtail_hooks.py`` and nothing else there, its account-page sections, data export and
deletion clean-up in ``account.py`` (registered in ``wagtail_hooks.py``), its signal
receivers in ``signals.py``, its forms in ``forms.py`` (or ``forms/``), its class-based
views in ``views.py`` (admin screens in ``admin_views.py``) and the e-mails it sends in
``emails.py``. Any of these modules may grow into a package of the same name.

The checks read the source with ``ast``: nothing is imported, so a misplaced part is found
even where importing it would fail. Each rule is shown to fail on a small fake app.
"""

import ast
import textwrap
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

# Apps of this project that hold no product code and so need no skeleton.
EXEMPT_APPS = {"demo"}

ACCOUNT_HOOKS = {"portal_account_sections", "portal_export_user_data", "portal_before_delete_user"}

# Base classes (by name) that make a class a Django model, a form, a Wagtail viewset or a
# view; classes of the project that derive from these count too.
MODEL_BASES = {
    "Model",
    "Page",
    "Orderable",
    "ClusterableModel",
    "BaseSiteSetting",
    "BaseGenericSetting",
    "AbstractUser",
    "AbstractBaseUser",
    "XtdComment",
    "TaggedItemBase",
    "AbstractImage",
    "AbstractRendition",
    "AbstractDocument",
    "AbstractForm",
    "AbstractEmailForm",
    "AbstractFormSubmission",
}
VIEWSET_SUFFIXES = ("ViewSet", "ViewSetGroup")
FORM_SUFFIXES = ("Form",)
VIEW_SUFFIXES = ("View",)

# The outbox's entry point: apps build and queue their e-mails in emails.py.
SEND_EMAIL = "queue_email"
SEND_EMAIL_HOME = "portal/mail.py"  # where it is defined


def product_app_dirs(app_paths=None, root=None):
    """The project's own apps in INSTALLED_APPS (their code lives in the repository), but
    for the exempt ones. ``app_paths``: {label: path}, by default the installed apps'."""
    if app_paths is None:
        app_paths = {config.label: config.path for config in apps.get_app_configs()}
    root = Path(root or settings.BASE_DIR).resolve()
    return sorted(
        Path(path).resolve()
        for label, path in app_paths.items()
        if Path(path).resolve().parent == root and label not in EXEMPT_APPS
    )


# --- Reading the source ------------------------------------------------------------------


class Module:
    """One source file of an app: its path inside the app and its syntax tree."""

    def __init__(self, app_dir, path):
        self.app = app_dir.name
        self.path = path
        self.relative = path.relative_to(app_dir).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        self.imports = imported_names(self.tree)

    def where(self, node):
        return f"{self.app}/{self.relative}:{node.lineno}"

    def is_in(self, name):
        """True for ``<name>.py`` or a module of the package ``<name>/``."""
        return self.relative == f"{name}.py" or self.relative.startswith(f"{name}/")


def app_modules(app_dir):
    for path in sorted(app_dir.rglob("*.py")):
        relative = path.relative_to(app_dir).parts
        if "migrations" in relative or "__pycache__" in relative:
            continue
        yield Module(app_dir, path)


def imported_names(tree):
    """{local name: dotted origin} for the module's imports (``.x`` stays relative)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:  # "import a.b" binds "a"
                    head = alias.name.split(".")[0]
                    names[head] = head
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                separator = "" if module.endswith(".") else "."
                names[alias.asname or alias.name] = f"{module}{separator}{alias.name}"
    return names


def dotted(node):
    """``a.b.c`` for a name or attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def resolved(module, node):
    """The dotted origin of a name or attribute, following the module's imports."""
    name = dotted(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    origin = module.imports.get(head, head)
    return f"{origin}.{rest}" if rest else origin


def base_names(cls):
    names = []
    for base in cls.bases:
        name = dotted(base.func if isinstance(base, ast.Call) else base)
        if name:
            names.append(name.rsplit(".", 1)[-1])
    return names


def is_hooks_register(module, node):
    """``hooks.register`` of Wagtail, however it was imported."""
    return resolved(module, node) in {"wagtail.hooks.register", "hooks.register"}


def hook_registration(module, node):
    """For ``@hooks.register("name")`` or ``hooks.register("name", fn)``: (name, fn node)."""
    if not (isinstance(node, ast.Call) and is_hooks_register(module, node.func)):
        return None
    if not node.args or not isinstance(node.args[0], ast.Constant):
        return None
    function = node.args[1] if len(node.args) > 1 else None
    return node.args[0].value, function


def is_registration_call(module, node):
    """A call that registers something with Wagtail: ``hooks.register(...)``,
    ``register_snippet(...)``, ``register_permission_policy(...)``, ..."""
    if not isinstance(node, ast.Call):
        return False
    if is_hooks_register(module, node.func):
        return True
    name = dotted(node.func)
    return bool(name) and name.rsplit(".", 1)[-1].startswith("register")


class Kinds:
    """Which class names of the project are models, forms, viewsets and views (a class
    counts as one when a base class does, in any of the apps)."""

    def __init__(self, modules):
        classes = [node for module in modules for node in ast.walk(module.tree)]
        classes = [node for node in classes if isinstance(node, ast.ClassDef)]
        self.models = self._closure(classes, lambda name: name in MODEL_BASES)
        # Wagtail's form pages (AbstractForm) are models, not forms.
        self.forms = self._closure(classes, lambda name: name.endswith(FORM_SUFFIXES))
        self.forms -= self.models
        self.viewsets = self._closure(classes, lambda name: name.endswith(VIEWSET_SUFFIXES))
        self.views = self._closure(classes, lambda name: name.endswith(VIEW_SUFFIXES))

    @staticmethod
    def _closure(classes, is_root):
        found = set()
        changed = True
        while changed:
            changed = False
            for cls in classes:
                if cls.name not in found and any(
                    is_root(name) or name in found for name in base_names(cls)
                ):
                    found.add(cls.name)
                    changed = True
        return found


# --- The rules ---------------------------------------------------------------------------


def check_apps(app_dirs):
    """Everything that breaks the skeleton in ``app_dirs``, as messages saying what to move
    where (empty when all is in place)."""
    modules_by_app = {app_dir: list(app_modules(app_dir)) for app_dir in app_dirs}
    kinds = Kinds([module for modules in modules_by_app.values() for module in modules])
    problems = []
    for app_dir, modules in modules_by_app.items():
        for module in modules:
            problems += check_classes(module, kinds)
            problems += check_module_level(module)
            problems += check_hook_functions(module)
            problems += check_receivers(module)
            problems += check_emails(module)
            if module.relative == "wagtail_hooks.py":
                problems += check_wagtail_hooks(module, kinds)
        problems += check_models_module(app_dir.name, modules, kinds)
    return problems


def top_level_classes(module):
    return [node for node in module.tree.body if isinstance(node, ast.ClassDef)]


def check_classes(module, kinds):
    problems = []
    for cls in top_level_classes(module):
        if cls.name in kinds.models and not module.is_in("models"):
            problems.append(
                f"{module.where(cls)}: model {cls.name} belongs in {module.app}/models/ "
                "(a module per topic, imported in models/__init__.py)"
            )
        if cls.name in kinds.viewsets and not module.is_in("admin_views"):
            problems.append(
                f"{module.where(cls)}: Wagtail viewset {cls.name} belongs in "
                f"{module.app}/admin_views.py (register it in wagtail_hooks.py)"
            )
        if cls.name in kinds.forms and not module.is_in("forms"):
            problems.append(
                f"{module.where(cls)}: form {cls.name} belongs in {module.app}/forms.py "
                "(or a module of the package forms/)"
            )
        if (
            cls.name in kinds.views
            and cls.name not in kinds.viewsets
            and not (module.is_in("views") or module.is_in("admin_views"))
        ):
            problems.append(
                f"{module.where(cls)}: view {cls.name} belongs in {module.app}/views.py "
                "(or admin_views.py for an admin screen)"
            )
    return problems


def check_module_level(module):
    """Registrations with Wagtail happen in wagtail_hooks.py only."""
    if module.relative == "wagtail_hooks.py":
        return []
    problems = []
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and is_hooks_register(module, decorator.func):
                    problems.append(
                        f"{module.where(node)}: @hooks.register on {node.name} belongs in "
                        f"{module.app}/wagtail_hooks.py (account-page, export and deletion "
                        f"hooks: define the function in {module.app}/account.py and register "
                        "it in wagtail_hooks.py with hooks.register(name, function))"
                    )
        elif isinstance(node, ast.Expr) and is_registration_call(module, node.value):
            problems.append(
                f"{module.where(node)}: {dotted(node.value.func)}(...) belongs in "
                f"{module.app}/wagtail_hooks.py (define what it registers here, register it "
                "there)"
            )
    return problems


def check_wagtail_hooks(module, kinds):
    """wagtail_hooks.py holds registrations only: imports, functions decorated with
    ``@hooks.register`` and registration calls."""
    reported = kinds.models | kinds.forms | kinds.viewsets | kinds.views  # check_classes
    problems = []
    for node in module.tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.Expr) and is_registration_call(module, node.value):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            isinstance(decorator, ast.Call) and is_hooks_register(module, decorator.func)
            for decorator in node.decorator_list
        ):
            continue
        if isinstance(node, ast.ClassDef):
            if node.name in reported:
                continue
            problems.append(
                f"{module.where(node)}: class {node.name} in wagtail_hooks.py: define it in "
                f"{module.app}/admin_views.py (viewsets, permission policies, admin views) or "
                "the module it belongs to, and only register it in wagtail_hooks.py"
            )
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            problems.append(
                f"{module.where(node)}: function {node.name} in wagtail_hooks.py is not a "
                "@hooks.register hook: move it to the module it belongs to (account.py for "
                "account hooks, admin_views.py for the admin)"
            )
        else:
            problems.append(
                f"{module.where(node)}: wagtail_hooks.py holds registrations only: create "
                f"objects and run code in {module.app}/admin_views.py or the module they "
                "belong to"
            )
    return problems


def check_hook_functions(module):
    """Account-page sections, data export and deletion clean-up are functions of
    account.py, registered in wagtail_hooks.py."""
    problems = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                registration = hook_registration(module, decorator)
                if registration and registration[0] in ACCOUNT_HOOKS:
                    problems.append(
                        f"{module.where(node)}: {node.name} ({registration[0]} hook) belongs "
                        f"in {module.app}/account.py, without the decorator; register it in "
                        f'wagtail_hooks.py: hooks.register("{registration[0]}", {node.name})'
                    )
        registration = hook_registration(module, node)
        if not registration or registration[0] not in ACCOUNT_HOOKS or registration[1] is None:
            continue
        hook, function = registration
        origin = resolved(module, function) or ""
        if not origin.startswith((f"{module.app}.account.", ".account.")):
            problems.append(
                f"{module.where(node)}: the {hook} hook registers {ast.unparse(function)}, "
                f"which is not defined in {module.app}/account.py: move it there"
            )
    return problems


def check_receivers(module):
    """Signal receivers are defined and connected in signals.py."""
    if module.is_in("signals"):
        return []
    problems = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if resolved(module, target) in {"django.dispatch.receiver", "receiver"}:
                    problems.append(
                        f"{module.where(node)}: signal receiver {node.name} belongs in "
                        f"{module.app}/signals.py (rules it applies may stay where they are "
                        "and be called from there)"
                    )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "connect"
            and node.args
            and isinstance(node.args[0], ast.Name | ast.Attribute | ast.Lambda)
        ):
            problems.append(
                f"{module.where(node)}: {ast.unparse(node.func)}(...) connects a receiver: "
                f"connect it in {module.app}/signals.py"
            )
    return problems


def check_emails(module):
    """The e-mails an app sends are built and queued in its emails.py."""
    if module.is_in("emails") or f"{module.app}/{module.relative}" == SEND_EMAIL_HOME:
        return []
    problems = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and (dotted(node.func) or "").split(".")[-1] == SEND_EMAIL:
            problems.append(
                f"{module.where(node)}: {SEND_EMAIL}(...) belongs in {module.app}/emails.py: "
                "a function there builds and queues the e-mail; call it from here"
            )
    return problems


def check_models_module(app, modules, kinds):
    """One model may live in models.py; from the second on, the models need a package."""
    for module in modules:
        if module.relative != "models.py":
            continue
        names = [cls.name for cls in top_level_classes(module) if cls.name in kinds.models]
        if len(names) > 1:
            return [
                f"{app}/models.py defines {len(names)} models ({', '.join(names)}): make it a "
                f"package {app}/models/ with a module per topic, imported in "
                "models/__init__.py"
            ]
    return []


# --- The real apps -----------------------------------------------------------------------


def test_the_product_apps_are_found():
    labels = {path.name for path in product_app_dirs()}
    assert {"home", "blog", "events", "community", "search", "portal"} <= labels
    assert labels.isdisjoint(EXEMPT_APPS)


def test_every_product_app_keeps_the_skeleton():
    problems = check_apps(product_app_dirs())
    assert problems == [], "the app skeleton is broken:\n" + "\n".join(problems)


# --- Each rule fails on a fake app that breaks it ------------------------------------------


def fake_app(tmp_path, files, name="fakeapp"):
    app_dir = tmp_path / name
    for relative, source in {"__init__.py": "", **files}.items():
        path = app_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return app_dir


def problems_in(tmp_path, files):
    return check_apps([fake_app(tmp_path, files)])


def test_a_fake_app_in_shape_passes(tmp_path):
    files = {
        "models/__init__.py": "from .things import Thing\n",
        "models/things.py": """
            from django.db import models

            class Thing(models.Model):
                pass
        """,
        "forms.py": """
            from django import forms

            class ThingForm(forms.Form):
                pass
        """,
        "views.py": """
            from django.views.generic import TemplateView

            class ThingView(TemplateView):
                pass
        """,
        "admin_views.py": """
            from wagtail.admin.viewsets.model import ModelViewSet
            from wagtail.admin.views.generic import IndexView

            class ThingIndexView(IndexView):
                pass

            class ThingViewSet(ModelViewSet):
                index_view_class = ThingIndexView

            thing_viewset = ThingViewSet()
        """,
        "account.py": """
            def things_section(request):
                return None
        """,
        "signals.py": """
            from django.db.models.signals import post_save
            from django.dispatch import receiver

            @receiver(post_save)
            def thing_saved(sender, **kwargs):
                pass

            def connect_receivers():
                post_save.connect(thing_saved)
        """,
        "emails.py": """
            from portal.mail import queue_email

            def send_thing(thing):
                queue_email("fakeapp/email/thing", {}, to=[], language="de")
        """,
        "wagtail_hooks.py": '''
            """Registrations only."""

            from wagtail import hooks
            from wagtail.snippets.models import register_snippet

            from fakeapp.account import things_section
            from fakeapp.admin_views import thing_viewset

            register_snippet(thing_viewset)

            @hooks.register("register_admin_viewset")
            def register_things():
                return thing_viewset

            hooks.register("portal_account_sections", things_section)
        ''',
    }
    assert problems_in(tmp_path, files) == []


@pytest.mark.parametrize(
    "base", ["SnippetViewSet", "ModelViewSet", "ViewSet", "ViewSetGroup", "SnippetViewSetGroup"]
)
def test_a_viewset_outside_admin_views_fails(tmp_path, base):
    problems = problems_in(
        tmp_path,
        {
            "admin.py": f"""
                from wagtail.admin.viewsets import {base}

                class ThingViewSet({base}):
                    pass
            """
        },
    )
    assert problems == [
        "fakeapp/admin.py:4: Wagtail viewset ThingViewSet belongs in fakeapp/admin_views.py "
        "(register it in wagtail_hooks.py)"
    ]


def test_a_subclass_of_the_projects_own_viewset_counts_too(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "admin_views.py": """
                from wagtail.snippets.views.snippets import SnippetViewSet

                class BaseThings(SnippetViewSet):
                    pass
            """,
            "menus.py": """
                from fakeapp.admin_views import BaseThings

                class Things(BaseThings):
                    pass
            """,
        },
    )
    assert problems == [
        "fakeapp/menus.py:4: Wagtail viewset Things belongs in fakeapp/admin_views.py "
        "(register it in wagtail_hooks.py)"
    ]


@pytest.mark.parametrize(
    "imported, decorator",
    [
        ("from wagtail import hooks", "hooks.register"),
        ("import wagtail.hooks", "wagtail.hooks.register"),
        ("from wagtail.hooks import register", "register"),
    ],
)
def test_hooks_register_outside_wagtail_hooks_fails(tmp_path, imported, decorator):
    problems = problems_in(
        tmp_path,
        {
            "admin_views.py": f"""
                {imported}

                @{decorator}("register_admin_menu_item")
                def menu_item():
                    return None
            """
        },
    )
    assert len(problems) == 1
    assert problems[0].startswith(
        "fakeapp/admin_views.py:5: @hooks.register on menu_item belongs in fakeapp/wagtail_hooks.py"
    )


def test_registration_calls_outside_wagtail_hooks_fail(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "admin_views.py": """
                from wagtail import hooks
                from wagtail.permissions import register_permission_policy
                from wagtail.snippets.models import register_snippet

                register_snippet(object)
                register_permission_policy(object, None)
                hooks.register("insert_global_admin_js", print)
            """
        },
    )
    assert [problem.split(": ", 1)[1].split("(...)")[0] for problem in problems] == [
        "register_snippet",
        "register_permission_policy",
        "hooks.register",
    ]


def test_a_class_in_wagtail_hooks_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "wagtail_hooks.py": """
                from wagtail.permission_policies import ModelPermissionPolicy

                class ThingPolicy(ModelPermissionPolicy):
                    pass
            """
        },
    )
    assert problems == [
        "fakeapp/wagtail_hooks.py:4: class ThingPolicy in wagtail_hooks.py: define it in "
        "fakeapp/admin_views.py (viewsets, permission policies, admin views) or the module it "
        "belongs to, and only register it in wagtail_hooks.py"
    ]


def test_other_code_in_wagtail_hooks_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "wagtail_hooks.py": """
                from fakeapp.admin_views import ThingViewSet

                thing_viewset = ThingViewSet()

                def helper():
                    return thing_viewset
            """
        },
    )
    assert [problem.split(": ", 1)[0] for problem in problems] == [
        "fakeapp/wagtail_hooks.py:4",
        "fakeapp/wagtail_hooks.py:6",
    ]
    assert "registrations only" in problems[0]
    assert "function helper in wagtail_hooks.py is not a @hooks.register hook" in problems[1]


def test_a_receiver_outside_signals_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "rules.py": """
                from django.db.models.signals import post_save
                from django.dispatch import receiver

                @receiver(post_save, sender="fakeapp.Thing")
                def thing_saved(sender, instance, **kwargs):
                    pass
            """
        },
    )
    assert problems == [
        "fakeapp/rules.py:6: signal receiver thing_saved belongs in fakeapp/signals.py "
        "(rules it applies may stay where they are and be called from there)"
    ]


def test_a_signal_connected_outside_signals_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "apps.py": """
                from django.apps import AppConfig
                from django.db.models.signals import post_save

                def thing_saved(sender, **kwargs):
                    pass

                class FakeConfig(AppConfig):
                    name = "fakeapp"

                    def ready(self):
                        post_save.connect(thing_saved, dispatch_uid="fake")
            """
        },
    )
    assert problems == [
        "fakeapp/apps.py:12: post_save.connect(...) connects a receiver: connect it in "
        "fakeapp/signals.py"
    ]


def test_a_model_outside_models_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "models/__init__.py": "",
            "snippets.py": """
                from wagtail.models import TranslatableMixin
                from django.db import models

                class Badge(TranslatableMixin, models.Model):
                    pass
            """,
        },
    )
    assert problems == [
        "fakeapp/snippets.py:5: model Badge belongs in fakeapp/models/ (a module per topic, "
        "imported in models/__init__.py)"
    ]


def test_a_page_deriving_from_another_apps_page_outside_models_fails(tmp_path):
    base = fake_app(
        tmp_path,
        {
            "models/__init__.py": "",
            "models/base.py": """
                from wagtail.models import Page

                class BasePage(Page):
                    class Meta:
                        abstract = True
            """,
        },
        name="baseapp",
    )
    other = fake_app(
        tmp_path,
        {
            "pages.py": """
                from baseapp.models import BasePage

                class NewsPage(BasePage):
                    pass
            """
        },
    )
    problems = check_apps([base, other])
    assert problems == [
        "fakeapp/pages.py:4: model NewsPage belongs in fakeapp/models/ (a module per topic, "
        "imported in models/__init__.py)"
    ]


def test_a_models_module_with_a_second_model_fails(tmp_path):
    one = "from django.db import models\n\nclass Thing(models.Model):\n    pass\n"
    assert problems_in(tmp_path / "one", {"models.py": one}) == []
    two = one + "\n\nclass OtherThing(models.Model):\n    pass\n"
    assert problems_in(tmp_path / "two", {"models.py": two}) == [
        "fakeapp/models.py defines 2 models (Thing, OtherThing): make it a package "
        "fakeapp/models/ with a module per topic, imported in models/__init__.py"
    ]


@pytest.mark.parametrize(
    "base", ["forms.Form", "forms.ModelForm", "WagtailAdminPageForm", "WagtailAdminModelForm"]
)
def test_a_form_outside_forms_fails(tmp_path, base):
    problems = problems_in(
        tmp_path,
        {
            "admin_views.py": f"""
                from django import forms
                from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

                class DecisionForm({base}):
                    pass
            """
        },
    )
    assert problems == [
        "fakeapp/admin_views.py:5: form DecisionForm belongs in fakeapp/forms.py (or a module "
        "of the package forms/)"
    ]


def test_forms_in_a_forms_package_pass(tmp_path):
    files = {
        "forms/__init__.py": "",
        "forms/admin.py": "from django import forms\n\nclass DecisionForm(forms.Form):\n    pass\n",
    }
    assert problems_in(tmp_path, files) == []


def test_a_view_class_outside_views_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "feeds.py": """
                from django.views.generic import TemplateView

                class FeedHelpView(TemplateView):
                    pass
            """
        },
    )
    assert problems == [
        "fakeapp/feeds.py:4: view FeedHelpView belongs in fakeapp/views.py (or admin_views.py "
        "for an admin screen)"
    ]


@pytest.mark.parametrize("hook", sorted(ACCOUNT_HOOKS))
def test_an_account_hook_decorated_outside_account_fails(tmp_path, hook):
    problems = problems_in(
        tmp_path,
        {
            "wagtail_hooks.py": f"""
                from wagtail import hooks

                @hooks.register("{hook}")
                def things(argument):
                    return None
            """
        },
    )
    assert problems == [
        f"fakeapp/wagtail_hooks.py:5: things ({hook} hook) belongs in fakeapp/account.py, "
        f'without the decorator; register it in wagtail_hooks.py: hooks.register("{hook}", '
        "things)"
    ]


def test_an_account_hook_decorated_in_account_fails_too(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "account.py": """
                from wagtail import hooks

                @hooks.register("portal_export_user_data")
                def export_things(user):
                    return ("things", [])
            """
        },
    )
    assert len(problems) == 2
    assert problems[0].startswith("fakeapp/account.py:5: @hooks.register on export_things")
    assert problems[1].startswith("fakeapp/account.py:5: export_things (portal_export_user_data")


def test_an_account_hook_registered_from_another_module_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "rules.py": "def forget_things(user):\n    pass\n",
            "wagtail_hooks.py": """
                from wagtail import hooks

                from fakeapp import account
                from fakeapp.rules import forget_things

                hooks.register("portal_before_delete_user", forget_things)
                hooks.register("portal_before_delete_user", account.forget_more)
            """,
        },
    )
    assert problems == [
        "fakeapp/wagtail_hooks.py:7: the portal_before_delete_user hook registers "
        "forget_things, which is not defined in fakeapp/account.py: move it there"
    ]


def test_an_email_queued_outside_emails_fails(tmp_path):
    problems = problems_in(
        tmp_path,
        {
            "rules.py": """
                from portal.mail import queue_email

                def approve(thing):
                    queue_email("fakeapp/email/approved", {}, to=[], language="de")
            """
        },
    )
    assert problems == [
        "fakeapp/rules.py:5: queue_email(...) belongs in fakeapp/emails.py: a function there "
        "builds and queues the e-mail; call it from here"
    ]


def test_an_app_named_demo_and_third_party_apps_are_not_walked(tmp_path):
    app_paths = {
        "blog": tmp_path / "blog",
        "demo": tmp_path / "demo",
        "wagtailadmin": tmp_path / "venv" / "wagtail" / "admin",
    }
    assert product_app_dirs(app_paths, root=tmp_path) == [(tmp_path / "blog").resolve()]
