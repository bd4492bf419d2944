"""Numbers in templates as the charts write them (``charts.format_number``)."""

from django import template

from monitoring.charts import format_number

register = template.Library()


@register.filter
def german_number(value, decimals=None):
    """``{{ metric.target_value|german_number }}`` → "2.000", "2,5";
    ``|german_number:0`` rounds to whole numbers. Empty stays empty."""
    if value is None or value == "":
        return ""
    return format_number(float(value), None if decimals is None else int(decimals))
