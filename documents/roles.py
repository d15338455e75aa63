"""The curation roles: ``curator`` edits content, ``reader`` only looks.

Kept in step after every ``migrate`` (post_migrate), so a new model's permissions reach
the groups without a hand-written data migration.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

CURATOR = "curator"
READER = "reader"

# Content models curators may change (never users or groups).
CONTENT_MODELS = (
    "document",
    "section",
    "measure",
    "decision",
    "decisionoccurrence",
    "budgetline",
    "tag",
    "synonym",
    "sourcefile",
)
CURATOR_ACTIONS = ("view", "change")
# Curators create and delete only what they own outright: tags and synonyms.
CURATOR_OWNED = ("tag", "synonym")


def role_permissions() -> dict[str, list[Permission]]:
    wanted: dict[str, set[str]] = {CURATOR: set(), READER: set()}
    for model in CONTENT_MODELS:
        wanted[READER].add(f"view_{model}")
        wanted[CURATOR].update(f"{action}_{model}" for action in CURATOR_ACTIONS)
    for model in CURATOR_OWNED:
        wanted[CURATOR].update({f"add_{model}", f"delete_{model}"})
    permissions = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="documents")
    }
    return {
        role: [permissions[codename] for codename in sorted(codenames) if codename in permissions]
        for role, codenames in wanted.items()
    }


def ensure_roles(sender=None, **kwargs) -> None:
    """Create the groups and give them exactly their permissions."""
    if not global_apps.is_installed("documents"):
        return
    for role, permissions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)
