"""Integrationsmonitoring: the yearly Umsetzungsstand of each goal, the
indicator measurements (Kennzahlen) with their observations, and the issued
annual reports."""

from .annual_report import AnnualReport
from .goal_status import STATUS_DEFINITIONS, GoalStatus
from .metrics import District, Metric, Observation
from .observation_import import ObservationImport
from .validators import YEAR_VALIDATORS

__all__ = [
    "STATUS_DEFINITIONS",
    "YEAR_VALIDATORS",
    "AnnualReport",
    "District",
    "GoalStatus",
    "Metric",
    "Observation",
    "ObservationImport",
]
