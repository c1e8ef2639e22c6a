from django.template import Context, Template

from academy.core.charts import bar_chart_svg


def test_a_bar_chart_has_a_bar_per_row_scaled_to_the_largest_value():
    svg = bar_chart_svg([("A", 10), ("B", 5)], title="Shares")
    assert svg.count("<rect") == 2
    assert 'width="360.0"' in svg and 'width="180.0"' in svg
    assert 'role="img"' in svg and "<title>Shares</title>" in svg


def test_a_fixed_scale_and_unit_are_used():
    svg = bar_chart_svg([("Rating", 2.5)], title="t", max_value=5, unit=" / 5")
    assert 'width="180.0"' in svg
    assert "2.50 / 5" in svg


def test_labels_and_title_are_escaped():
    svg = bar_chart_svg([("<b>x</b>", 1)], title='"quoted" <t>')
    assert "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg
    assert "&quot;quoted&quot;" in svg


def test_the_template_tag_renders_the_chart():
    html = Template("{% load charts %}{% bar_chart rows title='T' max_value=4 %}").render(
        Context({"rows": [("Бағалау", 4)]})
    )
    assert "Бағалау" in html and 'width="360.0"' in html


def test_no_rows_give_an_empty_chart():
    assert "<rect" not in bar_chart_svg([], title="none")
