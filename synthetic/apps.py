from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """Generated test data at scale (manage.py synthesize) for benchmarks.
    Reads and writes every content app; nothing imports it."""

    name = "synthetic"
    verbose_name = "Synthetische Testdaten"
