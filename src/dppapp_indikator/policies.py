"""Named policies: every behaviour choice is a word, never a bare boolean.

Each policy is a :class:`typing.Literal` type (for type checkers and pydantic models) plus a
tuple of its allowed values (for run-time checks via :func:`check_policy`).

Missing data (``MissingPolicy``)
    ``"raise"``
        A missing (NaN) input raises :class:`~dppapp_indikator.InvalidInputError`.
    ``"propagate"``
        NaN in gives NaN out for that element; nothing is dropped, row counts are preserved.
    ``"reweight"``
        For weighted aggregations: weights are renormalised over the available components
        (COINr's ``a_amean``), subject to a minimum-availability threshold below which the
        result is NaN.

Lonely PSU (``LonelyPSUPolicy``), as R ``survey`` 4.x ``options(survey.lonely.psu)``:
``"fail"``, ``"remove"``, ``"certainty"``, ``"adjust"``, ``"average"``. A take-all stratum
(sampling fraction 1) is never lonely; ``SurveyDesign(lonely_psu_domain=True)`` is R's
``options(survey.adjust.domain.lonely = TRUE)`` (the rule also applies to a stratum with a
single PSU inside a domain).

Confidence-interval methods (``CIMethod``): ``"normal"``, ``"t"`` for means and totals;
``"logit"``, ``"xlogit"``, ``"wald"``, ``"wilson"``, ``"beta"`` (Korn-Graubard) for
proportions (on a replicate design ``"logit"`` uses the replicate variance of the logit and
``"xlogit"`` the delta method, as R's ``svyciprop``).

Polarity (``Polarity``): ``"higher"`` (higher is better) or ``"lower"`` (lower is better).

Quarter-to-year aggregation (``QuarterAggregation``): ``"sum"`` (the quarters add up),
``"last"`` (cumulative values: the last reported quarter), ``"constant"`` (the same value every
quarter).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from ._checks import check_choice

MissingPolicy: TypeAlias = Literal["raise", "propagate", "reweight"]
MISSING_POLICIES: tuple[MissingPolicy, ...] = ("raise", "propagate", "reweight")

LonelyPSUPolicy: TypeAlias = Literal["fail", "remove", "certainty", "adjust", "average"]
LONELY_PSU_POLICIES: tuple[LonelyPSUPolicy, ...] = (
    "fail",
    "remove",
    "certainty",
    "adjust",
    "average",
)

CIMethod: TypeAlias = Literal["normal", "t", "logit", "xlogit", "wald", "wilson", "beta"]
CI_METHODS: tuple[CIMethod, ...] = ("normal", "t", "logit", "xlogit", "wald", "wilson", "beta")

Polarity: TypeAlias = Literal["higher", "lower"]
POLARITIES: tuple[Polarity, ...] = ("higher", "lower")

QuarterAggregation: TypeAlias = Literal["sum", "last", "constant"]
QUARTER_AGGREGATIONS: tuple[QuarterAggregation, ...] = ("sum", "last", "constant")

Direction: TypeAlias = Literal["positive", "negative"]
DIRECTIONS: tuple[Direction, ...] = ("positive", "negative")


def check_policy(name: str, value: object, allowed: tuple[str, ...]) -> None:
    """Raise :class:`~dppapp_indikator.InvalidInputError` unless ``value`` is allowed.

    Parameters
    ----------
    name : str
        The parameter name, used in the message.
    value : object
        The value received.
    allowed : tuple of str
        The allowed policy names, e.g. :data:`MISSING_POLICIES`.

    Examples
    --------
    >>> check_policy("missing", "raise", MISSING_POLICIES)
    >>> try:
    ...     check_policy("missing", "ignore", MISSING_POLICIES)
    ... except ValueError as error:
    ...     print(error)
    `missing` must be one of 'raise', 'propagate', 'reweight'; got 'ignore'
    """
    check_choice(name, value, allowed)
