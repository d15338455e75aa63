"""Settings modules: ``base`` (development and the embedded default), ``production``, ``test``."""
