"""The synonym table search applies at query time, read from the curators' Synonym rows.

Cached per process for a short while, and dropped at once when a Synonym is saved or
deleted in this process, so an admin edit takes effect on the next search.
"""

from __future__ import annotations

import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Synonym
from .analysis import SynonymTable

CACHE_SECONDS = 60
_cached: tuple[float, SynonymTable] | None = None


def synonym_table() -> SynonymTable:
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] > CACHE_SECONDS:
        _cached = (now, _load())
    return _cached[1]


def _load() -> SynonymTable:
    groups, one_way = [], []
    for synonym in Synonym.objects.all():
        others = synonym.synonym_list()
        if synonym.two_way:
            groups.append([synonym.term, *others])
        else:
            one_way.append((synonym.term, others))
    return SynonymTable(groups, one_way)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def forget_table(**kwargs) -> None:
    global _cached
    _cached = None
