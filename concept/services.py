"""Write operations on the concept that carry rules."""

from collections.abc import Sequence

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
    existing = list(goal.indicators.order_by("position"))
    target = [None] * len(texts)  # the existing row for each new position
    unused = list(existing)
    # 1. Same text at the same position, then same text anywhere.
    for index, text in enumerate(texts):
        for indicator in unused:
            if indicator.text == text and indicator.position == index + 1:
                target[index] = indicator
                unused.remove(indicator)
                break
    for index, text in enumerate(texts):
        if target[index] is None:
            for indicator in unused:
                if indicator.text == text:
                    target[index] = indicator
                    unused.remove(indicator)
                    break
    # 2. A changed text reuses the row at its position, if that row is free.
    for index in range(len(texts)):
        if target[index] is None:
            for indicator in unused:
                if indicator.position == index + 1:
                    target[index] = indicator
                    unused.remove(indicator)
                    break
    # 3. Rows no longer in the list go; this also frees their positions.
    for indicator in unused:
        indicator.delete()
    _indicators_move(target=target, texts=texts)
    for index, text in enumerate(texts):
        if target[index] is None:
            target[index] = Indicator(goal=goal, position=index + 1, text=text)
            _indicator_save(target[index])
    return target


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
