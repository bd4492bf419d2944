"""Benchmark: render the Integrationsbericht at seed size and at 10× the data.

Scale 1 is the seed data plus an approved 2020 status for each of the 99
goals. Scale 10 has ten times the goals (each with indicators, a responsible
unit and statuses for ten years) and ten times the monitoring values (each
series continued over ten times the years). Each render runs in a fresh
child process, so its peak memory (ru_maxrss) is its own. Prints one table:
pages, data assembly (queries and templates), layout and PDF, total, share
of assembly, peak memory; then the growth from scale 1 to scale 10.

Database: always a fresh temporary SQLite file (the render time is
WeasyPrint's; the queries are the same on PostgreSQL).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassel_integration.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
YEAR = 2020

from results import Row, number, record  # noqa: E402


def render_in_child(year: int) -> dict:
    """Runs in the child: render once, report figures as JSON."""
    import django

    django.setup()
    from monitoring.report.pdf import report_render

    rendered = report_render(year=year)
    return {
        "pages": rendered.page_count,
        "assembly": rendered.assembly_seconds,
        "layout": rendered.layout_seconds,
        "bytes": len(rendered.pdf),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure() -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(YEAR)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def prepare_seed():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command(
        "load_seed",
        *(
            ROOT / "fixtures" / f"{name}.json"
            for name in ("concept", "inquiries", "monitoring", "roundtable")
        ),
        verbosity=0,
    )


def add_statuses(goals, years):
    from datetime import UTC, datetime

    from monitoring.models import GoalStatus

    states = [status.value for status in GoalStatus.Status]
    stamp = datetime(YEAR, 6, 1, tzinfo=UTC)
    GoalStatus.objects.bulk_create(
        [
            GoalStatus(
                goal=goal,
                year=year,
                status=states[(goal.pk + year) % len(states)],
                review=GoalStatus.Review.APPROVED,
                approved_at=stamp,
                narrative="Die Arbeitsgruppe hat getagt; **zwei** Angebote wurden "
                "ausgebaut und die Ergebnisse im Fachausschuss vorgestellt.",
                evidence="Bericht des Fachamts",
            )
            for goal in goals
            for year in years
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def scale_up(factor: int):
    """Ten times the goals (in the existing topics) and the values."""
    from concept.models import Goal

    copy_goals(factor)
    add_statuses(
        Goal.objects.filter(concept__is_current=True),
        range(YEAR - factor + 1, YEAR + 1),
    )
    copy_observations(factor)


def copy_goals(factor: int):
    """Each goal of the current edition copied factor - 1 times, with its
    indicators and responsible units."""
    from concept.models import Goal, Indicator

    originals = list(
        Goal.objects.filter(concept__is_current=True).prefetch_related(
            "indicators", "responsible_organisations"
        )
    )
    new_goals = []
    for copy in range(1, factor):
        for goal in originals:
            new_goals.append(
                Goal(
                    concept_id=goal.concept_id,
                    topic_id=goal.topic_id,
                    number=goal.number + 100 * copy,
                    code=f"{goal.code}.{copy}",
                    text=goal.text,
                )
            )
    Goal.objects.bulk_create(new_goals, batch_size=2000)
    created = list(Goal.objects.filter(code__in=[goal.code for goal in new_goals]))
    by_code = {goal.code: goal for goal in originals}
    indicators, links = [], []
    Through = Goal.responsible_organisations.through
    for goal in created:
        source = by_code[goal.code.rsplit(".", 1)[0]]
        indicators += [
            Indicator(goal=goal, position=indicator.position, text=indicator.text)
            for indicator in source.indicators.all()
        ]
        links += [
            Through(goal_id=goal.pk, organisation_id=organisation.pk)
            for organisation in source.responsible_organisations.all()
        ]
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    Through.objects.bulk_create(links, batch_size=2000)


def copy_observations(factor: int):
    """Each value copied factor - 1 times, 13 years earlier each time."""
    from monitoring.models import Observation

    values = list(Observation.objects.all())
    copies = []
    for offset in range(1, factor):
        for value in values:
            copies.append(
                Observation(
                    metric_id=value.metric_id,
                    year=value.year - offset * 13,
                    value=value.value,
                    qualifier=value.qualifier,
                    district_id=value.district_id,
                    age_group=value.age_group,
                    gender=value.gender,
                    area=value.area,
                    provider_type=value.provider_type,
                    is_total=value.is_total,
                    source=value.source,
                )
            )
    Observation.objects.bulk_create(copies, batch_size=2000, ignore_conflicts=True)


def counts() -> str:
    from concept.models import Goal
    from monitoring.models import GoalStatus, Observation

    def number(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    goals = Goal.objects.filter(concept__is_current=True).count()
    return (
        f"{number(goals)} Ziele, {number(GoalStatus.objects.count())} "
        f"Umsetzungsstände, {number(Observation.objects.count())} Messwerte"
    )


def main():
    folder = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench-report.sqlite3"
    import django

    django.setup()
    from django.db import connection

    from concept.models import Goal

    prepare_seed()
    started = time.perf_counter()
    rows = [("Seed", counts(), measure())]
    add_statuses(Goal.objects.filter(concept__is_current=True), [YEAR])
    rows.append(("1×", counts(), measure()))
    scale_up(10)
    rows.append(("10×", counts(), measure()))
    elapsed = time.perf_counter() - started
    print(f"Integrationsbericht {YEAR} ({connection.vendor}, {elapsed:.0f} s)")
    print()
    print(
        "| Daten | Umfang | Seiten | Daten+Vorlage | Satz+PDF | gesamt "
        "| Anteil Daten | Spitze Speicher |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, size, figures in rows:
        total = figures["assembly"] + figures["layout"]
        share = 100 * figures["assembly"] / total
        print(
            f"| {label} | {size} | {figures['pages']} | {figures['assembly']:.2f} s "
            f"| {figures['layout']:.1f} s | {total:.1f} s "
            f"| {share:.1f} % | {figures['peak_mb']:.0f} MB |"
        )
    one, ten = rows[1][2], rows[2][2]
    time_ratio = (ten["assembly"] + ten["layout"]) / (one["assembly"] + one["layout"])
    print()
    print(
        f"Wachstum 1× → 10×: Zeit ×{time_ratio:.1f}, "
        f"Seiten ×{ten['pages'] / one['pages']:.1f} "
        "(Ziel: Zeit höchstens ×10; Seed unter 10 s und 500 MB; Daten unter 10 %)"
    )
    record_rows(rows[0][2], one, ten, time_ratio)


def record_rows(seed, one, ten, time_ratio):
    """The headline figures for the one table of ``make bench``."""

    def total(figures):
        return figures["assembly"] + figures["layout"]

    def share(figures):
        return 100 * figures["assembly"] / total(figures)

    def summary(figures):
        return (
            f"{figures['pages']} Seiten · {number(total(figures), 1)} s · "
            f"{number(figures['peak_mb'])} MB"
        )

    record(
        Row(
            measure=f"Integrationsbericht {YEAR}, Seed wie geladen",
            base=summary(seed),
            scaled="",
            result=f"{number(total(seed), 1)} s, {number(seed['peak_mb'])} MB",
            target="< 10 s, < 500 MB",
            met=total(seed) < 10 and seed["peak_mb"] < 500,
        )
    )
    record(
        Row(
            measure=f"Integrationsbericht {YEAR}, 1× (Seed + Umsetzungsstände) → 10×",
            base=summary(one),
            scaled=summary(ten),
            result=f"Zeit ×{number(time_ratio, 1)} bei Seiten "
            f"×{number(ten['pages'] / one['pages'], 1)}",
            target="Zeit höchstens ×10 (linear)",
            met=time_ratio <= 10,
        )
    )
    record(
        Row(
            measure="Integrationsbericht: Anteil Daten + Vorlagen an der Zeit",
            base=f"{number(share(one), 1)} %",
            scaled=f"{number(share(ten), 1)} %",
            result=f"höchstens {number(max(share(one), share(ten), share(seed)), 1)} %",
            target="< 10 %",
            met=max(share(one), share(ten), share(seed)) < 10,
        )
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(render_in_child(int(sys.argv[-1]))))
    else:
        main()
