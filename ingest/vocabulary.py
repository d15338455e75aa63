"""The controlled vocabulary of INTERFACE.md as plain strings, so parsers need no Django.

documents.models builds its TextChoices from these values; a test keeps them in step.
"""

# Document kinds
NEWS = "news"
ANNUAL_REPORT = "annual_report"
BUDGET_PROPOSITION = "budget_proposition"
WHITE_PAPER = "white_paper"
OTHER = "other"  # a report, note, letter or circular no family claims
DOCUMENT_KINDS = (NEWS, ANNUAL_REPORT, BUDGET_PROPOSITION, WHITE_PAPER, OTHER)

# Measure kinds
REGJERINGEN_VIL = "regjeringen_vil"
OPPDRAG = "oppdrag"
LANGSIKTIG_MAL = "langsiktig_mal"
STYRINGSPARAMETER = "styringsparameter"
NOKKELTALL = "nokkeltall"
VURDERINGSKRITERIUM = "vurderingskriterium"
AKTIVITET = "aktivitet"
BUDSJETTPRIORITERING = "budsjettprioritering"
BUDSJETTILTAK = "budsjettiltak"
MEASURE_KINDS = (
    REGJERINGEN_VIL,
    OPPDRAG,
    LANGSIKTIG_MAL,
    STYRINGSPARAMETER,
    NOKKELTALL,
    VURDERINGSKRITERIUM,
    AKTIVITET,
    BUDSJETTPRIORITERING,
    BUDSJETTILTAK,
)

# Oppdrag status
I_RUTE = "i_rute"
FERDIG = "ferdig"
FORSINKET = "forsinket"
IKKE_STARTET = "ikke_startet"
OPPDRAG_STATUSES = (I_RUTE, FERDIG, FORSINKET, IKKE_STARTET)
# The status as printed in the annual reports -> its value
OPPDRAG_STATUS_TEXT = {
    "I rute": I_RUTE,
    "Ferdig": FERDIG,
    "Forsinket": FORSINKET,
    "Ikke startet": IKKE_STARTET,
}

# Decision kinds
ANMODNINGSVEDTAK = "anmodningsvedtak"
ROMERTALLSVEDTAK = "romertallsvedtak"
FORSKRIFT = "forskrift"
ANNET = "annet"
DECISION_KINDS = (ANMODNINGSVEDTAK, ROMERTALLSVEDTAK, FORSKRIFT, ANNET)

# Request-decision status ("" when the text does not say)
FULGT_OPP = "fulgt_opp"
UNDER_OPPFOLGING = "under_oppfolging"
FORESLATT_OPPHEVET = "foreslatt_opphevet"
DECISION_STATUSES = (FULGT_OPP, UNDER_OPPFOLGING, FORESLATT_OPPHEVET)

# Budget line direction
UTGIFT = "utgift"
INNTEKT = "inntekt"
