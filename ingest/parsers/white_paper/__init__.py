"""White papers (Meld. St. N (session)): recognition and the two parsers.

* ``exported``: the text export of a white paper, one paragraph per line (seed 004),
  read line by line as that export prints it.
* ``laid_out``: a PDF or DOCX edition of any white paper, read from its blocks (the
  headings, boxes and lists the reader found).
"""

from ingest.parsers.white_paper.exported import parse_white_paper, recognise
from ingest.parsers.white_paper.laid_out import parse_blocks, score

__all__ = ["parse_blocks", "parse_white_paper", "recognise", "score"]
