"""Numbers as Norwegians write them: 1 234 567 kr, 12 345,6 mill. kr, −3,2 %."""

import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote as urlquote

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from documents import selectors

register = template.Library()


@register.filter
def mill(value) -> str:
    """Kroner shown in millions with one decimal."""
    if value is None or value == "":
        return ""
    millions = (Decimal(value) / 1_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(millions, decimal_pos=1, use_l10n=True, force_grouping=True)


@register.filter
def kroner(value) -> str:
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


# "kap. 732, post 70", "kap. 732 post 70", "kap. 0720", and the tables' "Kap./post 732.70":
# the budget line or chapter it names.
_KAP_POST = re.compile(
    r"\b[Kk]ap\.\s?(\d{3,4})(?:,?\s(?:post|Post)\s(\d{2}))?"
    r"|\b[Kk]ap\./post\s?(\d{3,4})\.(\d{2})\b"
)
_VEDTAK_NR = re.compile(r"\b[Vv]edtak nr\.\s?(\d{1,4})\b")


@register.filter(needs_autoescape=True)
def link_references(text: str, document_slug: str = "", autoescape: bool = True) -> str:
    """Text with its "kap. NNN, post NN", "Kap./post NNN.NN" and "vedtak nr. N" mentions
    linked to their lists, and the references of documents in the collection to their pages.

    The text is escaped first; the links are added to the escaped text, so nothing of
    the source can become markup.
    """
    escaped = conditional_escape(text) if autoescape else text
    return _linked(str(escaped), document_slug, selectors.document_references())


def _linked(escaped: str, document_slug: str, pages: dict[str, str]) -> str:
    """``link_references`` on text already escaped, with the document references given."""
    scope = f"&amp;document={urlquote(document_slug)}" if document_slug else ""

    def budget_link(match: re.Match[str]) -> str:
        kap, post = int(match.group(1) or match.group(3)), match.group(2) or match.group(4)
        query = f"kap={kap}" + (f"&amp;post={int(post)}" if post else "")
        return f'<a href="/budget/?{query}{scope}">{match.group(0)}</a>'

    def decision_link(match: re.Match[str]) -> str:
        return f'<a href="/decisions/?number={match.group(1)}&amp;kind=anmodningsvedtak{scope}">{match.group(0)}</a>'

    linked = _VEDTAK_NR.sub(decision_link, _KAP_POST.sub(budget_link, escaped))
    if pages:
        # "Meld. St. 9 (2023–2024)", with an en dash or a hyphen: the document it names.
        pattern = "|".join(
            re.escape(str(conditional_escape(ref))).replace("–", "[–-]")
            for ref in sorted(pages, key=len, reverse=True)
        )
        by_reference = {
            str(conditional_escape(ref)).replace("–", "-"): url for ref, url in pages.items()
        }
        linked = re.sub(
            f"(?<![\\w>])(?:{pattern})",
            lambda m: f'<a href="{by_reference[m.group(0).replace("–", "-")]}">{m.group(0)}</a>',
            linked,
        )
    return mark_safe(linked)  # noqa: S308 - built from escaped text and fixed markup


@register.simple_tag
def numbered_lines(text: str, first: int = 0, last: int = 0) -> str:
    """The source text as list items ``<li id="L12">``, lines first..last marked.

    Built in Python rather than a template loop: Prop. 1 S has 11 000 lines.
    """
    lines = text.split("\n")  # the parsers count lines as split("\n") does (ingest/parsed.py)
    return format_html_join(
        "\n",
        '<li id="L{}"{}>{}</li>',
        (
            (
                number,
                mark_safe(' class="marked"') if first <= number <= last else "",
                line.rstrip("\r"),
            )
            for number, line in enumerate(lines, start=1)
        ),
    )


@register.simple_tag
def section_body(section, measures, document_slug: str = "") -> str:
    """A section's text as paragraphs, its references linked; the bullets of a "Regjeringen
    vil" box (each a measure) become a list, each item an anchor (``#tiltak-1032``) with a
    link to the measure's page."""
    bullets = {
        " ".join((measure.text or measure.title).split()): measure
        for measure in measures
        if measure.kind == "regjeringen_vil"
    }
    pages = selectors.document_references()
    html, open_list = [], False
    for paragraph in section.text.replace("\r\n", "\n").split("\n\n"):
        if not paragraph.strip():
            continue
        linked = linebreaksbr(
            _linked(str(conditional_escape(paragraph.strip())), document_slug, pages)
        )
        measure = bullets.get(" ".join(paragraph.split()))
        if measure and not open_list:
            html.append('<ul class="regjeringen-vil">')
        elif not measure and open_list:
            html.append("</ul>")
        open_list = bool(measure)
        if measure:
            html.append(
                format_html(
                    '<li id="tiltak-{}">{} <a class="measure-link" href="{}">{}</a></li>',
                    measure.pk,
                    linked,
                    measure.get_absolute_url(),
                    _("measure"),
                )
            )
        else:
            html.append(format_html("<p>{}</p>", linked))
    if open_list:
        html.append("</ul>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece built by format_html
