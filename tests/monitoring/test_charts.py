"""Server-side SVG charts: readable by people, screen readers and in the PDF."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from monitoring.charts import (
    Point,
    _nice_ticks,
    bar_chart_svg,
    format_number,
    line_chart_svg,
    stacked_bar_svg,
)

NS = "{http://www.w3.org/2000/svg}"
SERIES = [
    Point("2010", 33, "rund 33 %"),
    Point("2014", None, ""),
    Point("2016", 51, "über 50 %"),
    Point("2018", 2.1, "2,1 %"),
]
DISTRICTS = [
    Point("Berufliche Qualifizierung und Weiterbildung", 12.5, "12,5 %"),
    Point("Nordstadt", 51, "über 50 %"),
    Point("Waldau", None, ""),
    Point("Bad Wilhelmshöhe", None, "< 5"),
    Point("Wesertor", 0, "0 %"),
]
LEGEND = [("in_umsetzung", "in Umsetzung"), ("umgesetzt", "umgesetzt")]
FIELDS = [
    ("1. Bildung und Sprachförderung", [("in_umsetzung", 1), ("umgesetzt", 3)]),
    ("6. kommunale Verwaltung – Integration als Querschnittsaufgabe", [("x", 2)]),
    ("3. Sport und Gesundheit", [("in_umsetzung", 0), ("umgesetzt", 0)]),
]


def line(**kwargs):
    return line_chart_svg(
        **{"title": "Quote", "description": "Anteil.", "points": SERIES} | kwargs
    )


def bar(**kwargs):
    return bar_chart_svg(
        **{"title": "Stadtteile", "description": "2016.", "points": DISTRICTS} | kwargs
    )


def stacked(**kwargs):
    defaults = {"title": "Stand", "description": "Ziele.", "rows": FIELDS}
    return stacked_bar_svg(**defaults | {"legend": LEGEND} | kwargs)


ALL_CHARTS = [line, bar, stacked]


def texts(svg) -> list[str]:
    return [t.text for t in ET.fromstring(str(svg)).iter(f"{NS}text")]


def test_german_number_format():
    """Numbers read as Germans write them: thousands dot, decimal comma."""
    assert format_number(2000) == "2.000"
    assert format_number(2.1) == "2,1"
    assert format_number(33) == "33"
    assert format_number(3_000_000) == "3.000.000"
    assert format_number(1234.5) == "1.234,5"
    assert format_number(Decimal("0.25")) == "0,25"
    assert format_number(-1500) == "-1.500"
    assert format_number(-0.001) == "0"
    assert format_number(5, 1) == "5,0"
    assert format_number(2.345, 1) == "2,3"


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_chart_is_an_image_named_by_its_title_and_description(chart):
    """Each chart parses as SVG and is announced as an image with title and desc."""
    root = ET.fromstring(str(chart()))
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert root.get("width") == "100%" and len(root.get("viewBox").split()) == 4
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{NS}title").get("id") == title_id
    assert root.find(f"{NS}desc").get("id") == desc_id


def test_description_repeats_the_values_for_screen_readers():
    """The <desc> lists every value, gaps included, and the target."""
    desc = ET.fromstring(str(line(target=60, target_label="Ziel 60 %"))).find(
        f"{NS}desc"
    )
    assert desc.text == (
        "Anteil. Werte: 2010: rund 33 %; 2014: keine Angabe; 2016: über 50 %; "
        "2018: 2,1 %. Ziel 60 %."
    )
    stacked_desc = ET.fromstring(str(stacked())).find(f"{NS}desc").text
    assert "1. Bildung und Sprachförderung: in Umsetzung 1, umgesetzt 3" in stacked_desc
    assert "3. Sport und Gesundheit: keine Angaben" in stacked_desc


@pytest.mark.parametrize("chart", [line, bar])
def test_every_value_is_written_in_the_chart(chart):
    """Each point's display text stands in the chart, not only as a shape."""
    shown = texts(chart())
    points = SERIES if chart is line else DISTRICTS
    for point in points:
        if point.display:
            assert point.display in shown


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_every_text_names_its_font_and_size(chart):
    """SVG text does not inherit the page font, so WeasyPrint needs both."""
    for text in ET.fromstring(str(chart())).iter(f"{NS}text"):
        assert text.get("font-family") == "Open Sans, DejaVu Sans, sans-serif"
        assert text.get("font-size")


@pytest.mark.parametrize("chart", [line, bar])
def test_target_line_only_with_a_target(chart):
    """A dashed target line and its label appear only when a target is set."""
    assert "stroke-dasharray" not in str(chart())
    with_target = chart(target=40, target_label="Ziel 40 % (2025)")
    assert "stroke-dasharray" in with_target
    assert "Ziel 40 % (2025)" in texts(with_target)


def test_y_axis_has_round_german_ticks():
    """The y axis of a series in the thousands reads 0, 1.000 … 5.000."""
    points = [Point("2014", 2100, "rund 2.100"), Point("2016", 4100, "4.100")]
    shown = texts(line_chart_svg(title="t", description="d", points=points))
    assert {"0", "1.000", "2.000", "3.000", "4.000", "5.000"} <= set(shown)
    for high in [0.4, 1, 7, 10.1, 33, 51, 99, 100, 101, 2_345, 987_654]:
        assert 4 <= len(_nice_ticks(0, high)) <= 6, high
        assert _nice_ticks(0, high)[-1] >= high


def test_gap_in_a_series_breaks_the_line():
    """A year without a value interrupts the line and says so."""
    svg = str(line())
    assert svg.count("<polyline") == 1  # 2010 stands alone, 2016–2018 joined
    assert "keine Angabe" in texts(svg)


def test_titles_are_escaped():
    """Text from the database cannot inject markup into the SVG."""
    title = "<script>alert(1)</script> Bildung & Sprache"
    svg = str(line(title=title, points=[Point("<b>", 1, "1 & 2")]))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; Sprache" in svg
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == title
    assert "1 & 2" in texts(svg)


def test_missing_bar_says_keine_angabe():
    """A bar without a value is not drawn and reads "keine Angabe"."""
    svg = bar()
    assert "keine Angabe" in texts(svg)
    assert "< 5" in texts(svg)  # a suppressed value keeps its display text
    rects = ET.fromstring(str(svg)).iter(f"{NS}rect")
    assert (
        len([r for r in rects if r.get("class") == "bar"]) == 2
    )  # none for Waldau, Bad Wilhelmshöhe and 0 % in Wesertor


def test_stacked_segments_are_proportional():
    """Segments fill the 100 % bar, each in proportion to its count."""
    root = ET.fromstring(str(stacked()))
    chart_width = float(root.get("viewBox").split()[2])
    segments = [r for r in root.iter(f"{NS}rect") if r.get("class") == "segment"]
    bar_width = chart_width - 2 - float(segments[0].get("x"))  # to the right edge
    first = [float(r.get("width")) for r in segments[:2]]
    assert abs(sum(first) - bar_width) < 1
    assert abs(first[1] - 3 * first[0]) < 1
    assert abs(float(segments[2].get("width")) - bar_width) < 1  # one category
    shown = texts(stacked())
    assert {"in Umsetzung", "umgesetzt", "1", "3", "keine Angaben"} <= set(shown)


def test_long_labels_stay_inside_the_chart():
    """Long German labels wrap or fit; no text runs past the chart's edges."""
    for svg in [bar(), stacked(), line()]:
        root = ET.fromstring(str(svg))
        width = float(root.get("viewBox").split()[2])
        for text in root.iter(f"{NS}text"):
            x, size = float(text.get("x")), float(text.get("font-size"))
            extent = len(text.text) * size * 0.5  # Open Sans averages ~0.5 em
            left = {"start": x, "middle": x - extent / 2, "end": x - extent}
            start = left[text.get("text-anchor", "start")]
            assert 0 <= start and start + extent <= width, text.text


def test_output_is_deterministic_and_ids_differ_between_charts():
    """Same data, same bytes; two charts on a page never share an id."""
    assert str(line()) == str(line())
    ids = {ET.fromstring(str(chart())).get("aria-labelledby") for chart in ALL_CHARTS}
    assert len(ids) == 3
    assert 'id="kennzahl-1-t"' in line(chart_id="kennzahl-1")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_values_are_selectable_text_in_the_pdf(tmp_path):
    """WeasyPrint keeps the value labels as text that can be found in the PDF."""
    weasyprint = pytest.importorskip("weasyprint")
    html = (
        f'<html lang="de"><body><h1>Bericht</h1><figure>{line()}</figure>'
        f"<figure>{bar()}</figure><figure>{stacked()}</figure></body></html>"
    )
    pdf = tmp_path / "bericht.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for words in ["rund 33 %", "über 50 %", "12,5 %", "keine Angabe", "Nordstadt"]:
        assert words in text
    assert "Bildung und Sprachförderung" in text


def test_german_number_rounds_halves_up_like_the_templates():
    """Whole euros round a half cent up, as the report's funding column did."""
    assert format_number(1234.5, 0) == "1.235"
    assert format_number(Decimal("2.5"), 0) == "3"
    assert format_number(Decimal("0.125")) == "0,13"


def test_template_filter_uses_the_chart_formatter():
    """``german_number`` in a template writes what the charts write."""
    from django.template import Context, Template

    template = Template(
        "{% load monitoring_format %}{{ a|german_number }}|{{ b|german_number:0 }}"
        "|{{ c|german_number }}"
    )
    text = template.render(Context({"a": Decimal("2000.50"), "b": 12500, "c": None}))
    assert text == "2.000,5|12.500|"
