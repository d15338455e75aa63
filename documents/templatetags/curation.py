"""Template tags of the curation admin."""

from django import template
from django.urls import reverse

from documents.models import BudgetLine, Decision, Document, Measure, Section

register = template.Library()


@register.simple_tag
def review_queue() -> list[dict]:
    """Rows waiting for a curator, per model, with the admin list that shows them."""
    queue = []
    for model in (Document, Section, Measure, Decision, BudgetLine):
        queue.append(
            {
                "label": model._meta.verbose_name_plural,
                "url": reverse(f"admin:documents_{model._meta.model_name}_changelist")
                + "?review=pending",
                "count": model.objects.needs_review().count(),
            }
        )
    return queue
