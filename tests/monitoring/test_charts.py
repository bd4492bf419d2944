"""Server-side SVG charts: readable by people and by screen readers."""

import xml.etree.ElementTree as ET

from monitoring.charts import (
    Point,
    bar_chart_svg,
    format_number,
    line_chart_svg,
    stacked_bar_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [Point("2014", 300, "300 Personen"), Point("2016", 400, "rund 400 Personen")]


def parse(svg):
    return ET.fromstring(str(svg))


def test_chart_is_an_image_with_title_and_values_in_its_description():
    """Screen readers get the title and every value from <title>/<desc>."""
    root = parse(
        line_chart_svg(title="Sprachkurse", description="Teilnehmende.", points=POINTS)
    )
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert "2016: rund 400 Personen" in desc.text


def test_values_are_written_next_to_the_marks():
    """Each value's text appears in the chart itself, not only as a shape."""
    texts = [
        t.text
        for t in parse(bar_chart_svg(title="t", description="d", points=POINTS)).iter(
            f"{SVG}text"
        )
    ]
    assert "300 Personen" in texts and "rund 400 Personen" in texts


def test_target_line_only_with_a_target():
    """A dashed target line and its label appear only when a target is set."""
    without = str(line_chart_svg(title="t", description="d", points=POINTS))
    with_target = str(
        line_chart_svg(
            title="t",
            description="d",
            points=POINTS,
            target=350,
            target_label="Ziel 350",
        )
    )
    assert "stroke-dasharray" not in without
    assert "stroke-dasharray" in with_target and "Ziel 350" in with_target


def test_missing_value_says_so():
    """A bar without a value reads "keine Angabe"."""
    svg = str(
        bar_chart_svg(title="t", description="d", points=[Point("Waldau", None, "")])
    )
    assert "keine Angabe" in svg


def test_titles_are_escaped():
    """Text from the database cannot inject markup into the SVG."""
    svg = str(
        line_chart_svg(title="<script>x</script> & Co", description="d", points=POINTS)
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; Co" in svg
    parse(svg)


def test_german_number_format():
    """Numbers read as Germans write them."""
    assert format_number(2000) == "2.000"
    assert format_number(2.1) == "2,1"
    assert format_number(3_000_000) == "3.000.000"
    assert format_number(0.25) == "0,25"


def test_stacked_segments_are_proportional():
    """Segment widths add up to the bar and follow the counts."""
    svg = parse(
        stacked_bar_svg(
            title="Stand",
            description="d",
            rows=[
                ("1. Bildung", [("a", 1), ("b", 3)]),
                ("2. Kultur", [("a", 0), ("b", 0)]),
            ],
            legend=[("a", "umgesetzt"), ("b", "in Planung")],
        )
    )
    bars = [
        float(r.get("width"))
        for r in svg.iter(f"{SVG}rect")
        if r.get("height") == "22.0"
    ]
    assert len(bars) == 2
    assert abs(bars[1] - 3 * bars[0]) < 1
    assert "keine Angaben" in [t.text for t in svg.iter(f"{SVG}text")]


def test_output_is_deterministic():
    """The same data gives byte-identical SVG (stable PDFs and caches)."""
    assert str(line_chart_svg(title="t", description="d", points=POINTS)) == str(
        line_chart_svg(title="t", description="d", points=POINTS)
    )
