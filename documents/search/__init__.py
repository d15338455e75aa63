"""Search: one package, two engines behind haystack.

``service`` runs a search for a view (filters, facets, named rows first, repeats
collapsed, the page's hits); ``query`` turns what a user typed into an engine-neutral
tree; ``analysis`` is the Norwegian analysis (pure Python), shared by index and query
time; ``highlight`` marks matched words; ``synonyms`` holds the curators' synonym table.
One module per engine, which nothing else imports: ``whoosh`` (the embedded default) and
``postgres`` (production, inside the database). ``relevance`` measures search quality.
"""
