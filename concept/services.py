"""Write operations on the concept that carry rules."""

from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Goal, Indicator

INDICATOR_TEXT_REQUIRED = "Ein Indikator braucht einen Text."


def _indicator_save(indicator: Indicator) -> None:
    indicator.full_clean()
    indicator.save()


@transaction.atomic
def goal_indicators_replace(*, goal: Goal, texts: Sequence[str]) -> list[Indicator]:
    """Make ``goal``'s indicators read ``texts``, in this order.

    An indicator whose text is still in the list keeps its row (and its
    footnote and history) and only moves if its position changed; a changed
    text at a position reuses the row that stood there. Rows that are not
    touched are not saved, so a re-import writes no history.
    """
    if any(not text.strip() for text in texts):
        raise ValidationError(INDICATOR_TEXT_REQUIRED, code="indicator_text_required")
    target: list[Indicator | None] = [None] * len(texts)  # row per new position
    unused = list(goal.indicators.order_by("position"))
    # 1. Same text at the same position, then same text anywhere;
    # 2. a changed text reuses the row at its position, if that row is free.
    for matches in (_same_text_and_position, _same_text, _same_position):
        _indicators_claim(target=target, unused=unused, texts=texts, matches=matches)
    # 3. Rows no longer in the list go; this also frees their positions.
    for indicator in unused:
        indicator.delete()
    _indicators_move(target=target, texts=texts)
    for index, text in enumerate(texts):
        if target[index] is None:
            target[index] = Indicator(goal=goal, position=index + 1, text=text)
            _indicator_save(target[index])
    return target


def _same_text_and_position(indicator: Indicator, position: int, text: str) -> bool:
    return indicator.text == text and indicator.position == position


def _same_text(indicator: Indicator, position: int, text: str) -> bool:
    return indicator.text == text


def _same_position(indicator: Indicator, position: int, text: str) -> bool:
    return indicator.position == position


def _indicators_claim(
    *,
    target: list[Indicator | None],
    unused: list[Indicator],
    texts: Sequence[str],
    matches: Callable[[Indicator, int, str], bool],
) -> None:
    """Give each position still without a row the first unused row that
    ``matches`` it (in the order of ``unused``: by old position)."""
    for index, text in enumerate(texts):
        if target[index] is not None:
            continue
        indicator = next((row for row in unused if matches(row, index + 1, text)), None)
        if indicator is not None:
            target[index] = indicator
            unused.remove(indicator)


def _indicators_move(*, target: list[Indicator | None], texts: Sequence[str]) -> None:
    """Give each kept row its new position and text without ever holding two rows
    at one position (a named unique constraint); a cycle such as a swap parks one
    row at a free position first."""
    pending = {
        index: indicator
        for index, indicator in enumerate(target)
        if indicator is not None
        and (indicator.position != index + 1 or indicator.text != texts[index])
    }
    occupied = {indicator.position for indicator in target if indicator is not None}
    while pending:
        moved = False
        for index, indicator in list(pending.items()):
            position = index + 1
            if position == indicator.position or position not in occupied:
                occupied.discard(indicator.position)
                indicator.position, indicator.text = position, texts[index]
                _indicator_save(indicator)
                occupied.add(position)
                del pending[index]
                moved = True
        if not moved:
            index, indicator = next(iter(pending.items()))
            occupied.discard(indicator.position)
            indicator.position = max(occupied | {len(texts)}) + 1
            _indicator_save(indicator)
            occupied.add(indicator.position)
