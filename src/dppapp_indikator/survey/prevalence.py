r"""Prevalence of violence from survey microdata: PKP (IKU 7) and PKA (IKU 9),
methods/violence#violence.

The prevalence is the weighted share of respondents with the outcome, in percent, with a
design-based (Taylor-linearised) standard error and confidence interval. The age group is a
*domain* of the full design: respondents outside the age range get zero weight, they are never
deleted, so every PSU stays in the variance (methods/survey#survey, binding lessons). The same holds
for
the regions of ``by``.

For the computation from counts (or from weighted totals already estimated) see
:func:`dppapp_indikator.violence.pkp` and :func:`dppapp_indikator.violence.pka`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._checks import InvalidInputError
from ._ci import ProportionCIMethod
from ._layer import Request, Restriction
from .design import DeffReference, SurveyDesign, SurveyMissingPolicy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["PKA_AGE_RANGE", "PKP_AGE_RANGE", "pka_survey", "pkp_survey", "survey_prevalence"]

#: Women aged 15-64 (PKP, SPHPN), in completed years, both ends included.
PKP_AGE_RANGE: tuple[int, int] = (15, 64)
#: Children and young people aged 13-24 (PKA, SNPHAR), in completed years, both ends included.
PKA_AGE_RANGE: tuple[int, int] = (13, 24)

_PERCENT_COLUMNS = ("estimate", "se", "ci_low", "ci_high")


def survey_prevalence(
    design: SurveyDesign,
    outcome: str,
    *,
    age: str | None = None,
    age_range: tuple[float, float] | None = None,
    by: str | Sequence[str] | None = None,
    ci_method: ProportionCIMethod = "logit",
    level: float = 0.95,
    df: float | None = None,
    missing: SurveyMissingPolicy = "raise",
    deff: DeffReference = "srswor",
    sex: str | None = None,
    sex_value: Any = None,
) -> pd.DataFrame:
    r"""Prevalence in percent from survey microdata, per domain, with SE and CI.

    Parameters
    ----------
    design : SurveyDesign
        The survey design of the microdata (one row per respondent).
    outcome : str
        Column of the 0/1 (or boolean) outcome, e.g. "experienced at least one form of
        violence in the last 12 months".
    age : str, optional
        Column of the age in completed years [years]; required with ``age_range``.
    age_range : (float, float), optional
        The age group, both ends included in completed years [years]: a respondent belongs
        to it when ``low <= age < high + 1`` (a fractional age 64.7 is 64 completed years).
        Respondents outside it, or with a missing age, get zero weight (R's ``subset``).
    by : str or list of str, optional
        Domain columns, e.g. the region (kabupaten/kota).
    ci_method : {"logit", "xlogit", "wald", "wilson", "beta"}
        Confidence interval, as :meth:`SurveyDesign.proportion` (``"beta"`` for prevalences
        near 0 in small domains).
    level : float
        Confidence level [share, in (0, 1)].
    df : float, optional
        Degrees of freedom of the interval; default the domain's (its PSUs with non-zero
        weight minus its strata).
    missing : {"raise", "drop"}
        Missing outcome values in the domain: raise, or zero weight (R's ``na.rm``).
    deff : {"srswor", "srswr"}
        Reference variance of the design effect.
    sex : str, optional
        Column of the respondent's sex; with ``sex_value`` the subpopulation is the rows
        whose sex equals ``sex_value`` (the others get zero weight, never deleted).
    sex_value : optional
        The label of the sex to keep (e.g. ``"P"``, perempuan); required with ``sex``.

    Returns
    -------
    pandas.DataFrame
        One row per domain: the ``by`` columns, ``estimate``, ``se``, ``ci_low``,
        ``ci_high`` [percent 0-100], ``df``, ``deff``, ``n`` (respondents in the domain used)
        and ``n_psu``; ``attrs["unit"]`` is ``"percent"``.

    Raises
    ------
    InvalidInputError
        If ``age`` and ``age_range`` are not given together, if ``age_range`` is not an
        ordered pair of numbers, if ``sex`` is given without ``sex_value`` (or the
        reverse), if ``sex_value`` never occurs in the ``sex`` column, if the outcome is
        not 0/1, and as :meth:`SurveyDesign.proportion`.

    Notes
    -----
    methods/violence#violence: with $y_i$ the outcome and $\delta_{di}$ the domain (age group and
    region) indicator,

    $$
    P_d = 100 \cdot \frac{\sum_i w_i \delta_{di} y_i}{\sum_i w_i \delta_{di}},
    $$

    with the linearised SE of a ratio over the full design (methods/survey#survey), both multiplied
    by 100, and the interval of ``ci_method`` on the share scale, multiplied by 100.

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 7 and IKU 9,
       2024.
    2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
       (``svyciprop``, ``svyby``), 2023.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({
    ...     "psu": [1, 1, 2, 2, 3, 3, 4, 4], "w": [1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 2.0, 2.0],
    ...     "age": [16, 70, 30, 40, 25, 12, 50, 64], "violence": [1, 1, 0, 1, 0, 0, 0, 1],
    ... })
    >>> design = SurveyDesign(data, weights="w", psu="psu")
    >>> out = survey_prevalence(design, "violence", age="age", age_range=(15, 64))
    >>> out[["estimate", "n", "n_psu"]].round(2)
       estimate  n  n_psu
    0     50.0  6      4
    """
    if not isinstance(design, SurveyDesign):
        raise InvalidInputError("design", "must be a SurveyDesign", type(design).__name__)
    if not isinstance(outcome, str):
        raise InvalidInputError("outcome", "must be a column name (str)", outcome)
    restriction = _age_restriction(age, age_range)
    subpopulation = _sex_filter(design, sex, sex_value, "sex_value")
    by_columns: tuple[str, ...] = (
        () if by is None else ((by,) if isinstance(by, str) else tuple(by))
    )
    request = Request(
        "proportion", (outcome,), None, by_columns, missing, restriction, subpopulation
    )
    result = design._estimate(request, ci=ci_method, level=level, df=df, deff=deff, many=False)
    for column in _PERCENT_COLUMNS:
        result[column] = result[column] * 100.0
    result.attrs["unit"] = "percent"
    return result


def pkp_survey(
    design: SurveyDesign,
    outcome: str,
    age: str,
    *,
    by: str | Sequence[str] | None = None,
    ci_method: ProportionCIMethod = "logit",
    level: float = 0.95,
    df: float | None = None,
    missing: SurveyMissingPolicy = "raise",
    sex: str | None = None,
    female: Any = None,
) -> pd.DataFrame:
    r"""PKP, Prevalensi Kekerasan terhadap Perempuan (IKU 7), from SPHPN microdata.

    Parameters
    ----------
    design : SurveyDesign
        The design of the records (SPHPN or SPHP Daerah interview women only; a survey
        of both sexes needs ``sex`` and ``female``).
    outcome : str
        Column: 1 if the woman experienced at least one form of violence (physical,
        psychological, sexual, economic, restriction of activity) in the last 12 months,
        else 0 (or boolean).
    age : str
        Column of the woman's age in completed years [years]; the domain is 15-64.
    by : str or list of str, optional
        Domain columns, e.g. the region.
    ci_method : {"logit", "xlogit", "wald", "wilson", "beta"}
        Confidence interval (default logit, as R's ``svyciprop``).
    level : float
        Confidence level [share, in (0, 1)].
    df : float, optional
        Degrees of freedom; default the domain's.
    missing : {"raise", "drop"}
        Missing outcome policy.
    sex : str, optional
        Column of the respondent's sex. Given alone, the design must hold one sex only
        (women); with ``female`` the domain is restricted to the rows labelled ``female``.
    female : optional
        The label of women in ``sex`` (e.g. ``"P"``).

    Returns
    -------
    pandas.DataFrame
        As :func:`survey_prevalence` [percent 0-100]; lower is better.

    Raises
    ------
    InvalidInputError
        If ``sex`` holds more than one value and ``female`` is not given (men would be
        counted as women), if ``female`` is given without ``sex`` or never occurs in it,
        and as :func:`survey_prevalence`.

    Notes
    -----
    methods/violence#violence, with women aged 15-64 as a domain of the full design:

    $$
    \mathrm{PKP} = 100 \cdot \frac{\sum_i w_i \delta_i y_i}{\sum_i w_i \delta_i},
    \qquad \delta_i = 1[15 \le \mathrm{age}_i < 65].
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 7, 2024.
    2. KemenPPPA and BPS, *Survei Pengalaman Hidup Perempuan Nasional (SPHPN)*, 2021.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({
    ...     "psu": [1, 1, 2, 2, 3, 3], "w": [1.0] * 6, "age": [20, 70, 35, 44, 15, 64],
    ...     "violence": [1, 1, 0, 0, 1, 0], "region": ["a", "a", "b", "b", "a", "b"],
    ... })
    >>> design = SurveyDesign(data, weights="w", psu="psu")
    >>> pkp_survey(design, "violence", "age")[["estimate", "n"]]
       estimate  n
    0      40.0  5
    >>> both = data.assign(sex=["P", "L", "P", "L", "P", "P"])
    >>> design = SurveyDesign(both, weights="w", psu="psu")
    >>> pkp_survey(design, "violence", age="age", sex="sex", female="P")[["estimate", "n"]]
       estimate  n
    0      50.0  4
    """
    if sex is not None and female is not None:
        _sex_filter(design, sex, female, "female")  # names `female` in its messages
    if sex is not None and female is None:
        values = _distinct(design, sex)
        if len(values) > 1:
            raise InvalidInputError(
                "female",
                f"is required: column {sex!r} holds {len(values)} values "
                f"({', '.join(repr(v) for v in values[:5])}); name the label of women "
                "(e.g. female='P') so that men are not counted",
                None,
            )
        sex = None
    return survey_prevalence(
        design,
        outcome,
        age=age,
        age_range=PKP_AGE_RANGE,
        by=by,
        ci_method=ci_method,
        level=level,
        df=df,
        missing=missing,
        sex=sex,
        sex_value=female,
    )


def pka_survey(
    design: SurveyDesign,
    outcome: str,
    age: str,
    *,
    by: str | Sequence[str] | None = None,
    ci_method: ProportionCIMethod = "logit",
    level: float = 0.95,
    df: float | None = None,
    missing: SurveyMissingPolicy = "raise",
    sex: str | None = None,
    sex_value: Any = None,
) -> pd.DataFrame:
    r"""PKA, Prevalensi Kekerasan terhadap Anak (IKU 9), from SNPHAR microdata.

    Parameters
    ----------
    design : SurveyDesign
        The design of the SNPHAR records (children and young people, boys and girls).
    outcome : str
        Column: 1 if the respondent experienced physical, psychological or sexual violence
        in the last 12 months, else 0 (or boolean).
    age : str
        Column of the age in completed years [years]; the domain is 13-24.
    by : str or list of str, optional
        Domain columns, e.g. the region or sex.
    ci_method : {"logit", "xlogit", "wald", "wilson", "beta"}
        Confidence interval (default logit, as R's ``svyciprop``).
    level : float
        Confidence level [share, in (0, 1)].
    df : float, optional
        Degrees of freedom; default the domain's.
    missing : {"raise", "drop"}
        Missing outcome policy.
    sex : str, optional
        Column of the respondent's sex, to restrict the prevalence to one sex (with
        ``sex_value``); by default PKA covers girls and boys.
    sex_value : optional
        The label of the sex to keep (e.g. ``"P"`` for girls); required with ``sex``.

    Returns
    -------
    pandas.DataFrame
        As :func:`survey_prevalence` [percent 0-100]; lower is better.

    Raises
    ------
    InvalidInputError
        As :func:`survey_prevalence`.

    Notes
    -----
    methods/violence#violence, with ages 13-24 as a domain of the full design:

    $$
    \mathrm{PKA} = 100 \cdot \frac{\sum_i w_i \delta_i y_i}{\sum_i w_i \delta_i},
    \qquad \delta_i = 1[13 \le \mathrm{age}_i < 25].
    $$

    References
    ----------
    1. Dinas PPAPP Provinsi DKI Jakarta, *Perjanjian Kinerja Tahun 2024*, IKU 9, 2024.
    2. KemenPPPA, *Survei Nasional Pengalaman Hidup Anak dan Remaja (SNPHAR)*, 2021.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({
    ...     "psu": [1, 1, 2, 2, 3, 3], "w": [2.0, 1.0, 1.0, 1.0, 2.0, 2.0],
    ...     "age": [13, 30, 24, 17, 12, 20], "violence": [True, True, False, True, True, False],
    ... })
    >>> design = SurveyDesign(data, weights="w", psu="psu")
    >>> pka_survey(design, "violence", "age")[["estimate", "n", "n_psu"]]
       estimate  n  n_psu
    0      50.0  4      3
    """
    return survey_prevalence(
        design,
        outcome,
        age=age,
        age_range=PKA_AGE_RANGE,
        by=by,
        ci_method=ci_method,
        level=level,
        df=df,
        missing=missing,
        sex=sex,
        sex_value=sex_value,
    )


def _distinct(design: SurveyDesign, column: str) -> list[Any]:
    """The distinct non-missing values of a column of the design's data (one pass)."""
    from ._engine import grouped_sums, require_columns

    require_columns(design.data, [column], "sex")
    table = grouped_sums(design.data, [column], [], count="_n")
    return [v.item() if hasattr(v, "item") else v for v in table[column].dropna().tolist()]


def _sex_filter(
    design: SurveyDesign, sex: str | None, value: Any, parameter: str
) -> tuple[tuple[str, Any], ...]:
    """The ``(column, value)`` subpopulation of one sex (empty when ``sex`` is None)."""
    if sex is None and value is None:
        return ()
    if sex is None:
        raise InvalidInputError("sex", "must name the sex column when a sex label is given", None)
    if not isinstance(sex, str):
        raise InvalidInputError("sex", "must be a column name (str)", sex)
    values = _distinct(design, sex)
    if value is None:
        raise InvalidInputError(
            parameter,
            f"is required with sex={sex!r} (values: {', '.join(repr(v) for v in values[:5])})",
            None,
        )
    if value not in values:
        raise InvalidInputError(
            parameter,
            f"does not occur in column {sex!r} (values: {', '.join(repr(v) for v in values[:5])})",
            value,
        )
    return ((sex, value),)


def _age_restriction(age: str | None, age_range: tuple[float, float] | None) -> Restriction | None:
    if age is None and age_range is None:
        return None
    if age is None or age_range is None:
        raise InvalidInputError(
            "age_range" if age_range is None else "age",
            "must be given together with `age` / `age_range`",
            age_range if age_range is None else age,
        )
    if not isinstance(age, str):
        raise InvalidInputError("age", "must be a column name (str)", age)
    try:
        low, high = (float(v) for v in age_range)
    except (TypeError, ValueError):
        raise InvalidInputError(
            "age_range", "must be a pair of numbers (low, high)", age_range
        ) from None
    if math.isnan(low) or math.isnan(high) or low > high:
        raise InvalidInputError("age_range", "must be an ordered pair low <= high", age_range)
    return Restriction(age, low, high + 1.0)
