"""Validators shared by the monitoring models."""

from django.core.validators import MaxValueValidator, MinValueValidator

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]
