from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from .db_triggers import ensure_triggers
        from .roles import ensure_roles

        # After the permissions exist (auth's own post_migrate runs first).
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="documents.ensure_roles")
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="documents.ensure_triggers")
