"""Search: one package, two engines behind haystack.

``service`` runs a search for a view (parameters, the engine's facets and hits, the
page's snippets, "did you mean"); ``query`` turns what a user typed into an engine-neutral
tree; ``analysis`` is the Norwegian analysis (pure Python), shared by index and query
time; ``highlight`` marks matched words; ``synonyms`` holds the curators' synonym table.
Each engine, which nothing else imports, finds the hits, counts the facets, puts named
rows first and collapses repeats, building only the hits a page or an export reads:
``whoosh`` with ``whoosh_hits`` (the embedded default) and ``postgres`` (production,
inside the database). ``relevance`` measures search quality.
"""
