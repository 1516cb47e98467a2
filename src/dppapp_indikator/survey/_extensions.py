r"""Covariance, contrasts, quantiles and calibration: methods shared by every survey design.

:class:`DesignExtensions` is a base of :class:`~dppapp_indikator.survey.design.SurveyDesign`
and :class:`~dppapp_indikator.survey.replicate.ReplicateDesign`; each method works on both
(Taylor linearisation or replicates) and on pandas, Polars and Dask data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .calibration import CalibrationMethod
from .quantile import QuantileRule

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["DesignExtensions"]


class DesignExtensions:
    """``vcov``, ``contrast``, ``quantile``, ``post_stratify``, ``rake`` and ``calibrate``."""

    __slots__ = ()

    def vcov(
        self,
        kind: str,
        y: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        x: str | None = None,
        missing: str = "raise",
    ) -> pd.DataFrame:
        r"""Covariance matrix of the estimates of one call (R ``vcov(svyby(..., covmat = TRUE))``).

        Parameters
        ----------
        kind : {"mean", "total", "ratio", "proportion"}
            The estimator, as the method of the same name.
        y : str or list of str
            Outcome column(s).
        by : str or list of str, optional
            Domain columns.
        x : str, optional
            Denominator column (``kind="ratio"`` only).
        missing : {"raise", "drop"}
            Missing outcome values, as in ``mean``.

        Returns
        -------
        pandas.DataFrame
            Square, labelled by estimate: the domain (``"E"``; several ``by`` columns joined
            by ``":"``), ``"domain:variable"`` for several outcomes (R's names), or the
            variable without ``by`` [unit of the estimate, squared].

        Raises
        ------
        InvalidInputError
            If ``kind`` is unknown, a column does not exist, or ``x`` is missing for a ratio.

        Notes
        -----
        Taylor designs: $\hat\Sigma = \sum_h (1 - f_h) \frac{n_h}{n_h - 1} \sum_i
        (z_{hi} - \bar z_h)(z_{hi} - \bar z_h)^\top$ over the PSU totals of the influence
        values of all estimates, from the same pass as the estimates (no extra pass over the
        rows). Replicate designs: $c \sum_r c_r (\hat\theta_r - \bar\theta)
        (\hat\theta_r - \bar\theta)^\top$.

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``svyby(covmat = TRUE)``, ``vcov``), 2023.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6,
        ...                      "kota": ["A", "B", "A", "B", "A", "B"],
        ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0]})
        >>> SurveyDesign(data, weights="w", psu="psu").vcov("mean", "y", by="kota").round(4)
                A       B
        A  1.3333  2.3333
        B  2.3333  4.3333
        """
        from .contrast import design_vcov

        return design_vcov(self, kind, y, by, x=x, missing=missing)

    def contrast(
        self,
        kind: str,
        y: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        coefficients: Mapping[str, float] | None = None,
        function: Callable[[dict[str, float]], float] | None = None,
        x: str | None = None,
        level: float = 0.95,
        df: float | None = None,
        missing: str = "raise",
    ) -> pd.DataFrame:
        r"""A linear or smooth contrast of estimates with its SE (R ``svycontrast``).

        Parameters
        ----------
        kind, y, by, x, missing
            The estimates, as in :meth:`vcov`.
        coefficients : dict, optional
            Linear contrast $\sum_j c_j \hat\theta_j$: ``{estimate name: coefficient}``
            (names as the labels of :meth:`vcov`; the others get 0), e.g.
            ``{"Jakarta Utara": 1, "Jakarta Selatan": -1}``.
        function : callable, optional
            A smooth function of the estimates, given as a dict ``{name: value}``, e.g.
            ``lambda e: e["A"] / e["B"]``. Exactly one of ``coefficients`` and ``function``.
        level : float
            Confidence level [share, in (0, 1)].
        df : float, optional
            Degrees of freedom of the interval and test; None: the normal quantile (R's
            ``confint`` default).

        Returns
        -------
        pandas.DataFrame
            One row: ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``statistic``
            ($\hat\theta / \mathrm{SE}$) and ``p_value`` (two-sided, "contrast = 0").

        Raises
        ------
        InvalidInputError
            If both or neither of ``coefficients`` / ``function`` are given, a name is not an
            estimate, every coefficient is zero, an estimate used is undefined, or the
            function fails or has a non-finite gradient.

        Notes
        -----
        Linear: $\mathrm{Var} = c^\top \hat\Sigma c$. Smooth, Taylor designs: the delta
        method $\nabla f^\top \hat\Sigma \nabla f$ with the gradient by central differences
        (Richardson extrapolation); replicate designs: $f$ of each replicate's estimates,
        then the replicate variance (as R).

        References
        ----------
        1. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``svycontrast``), 2023.
        2. K. M. Wolter, *Introduction to Variance Estimation*, 2nd ed., Springer, 2007
           (chapter 6, Taylor series methods).

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "w": [2.0] * 6,
        ...                      "kota": ["A", "B", "A", "B", "A", "B"],
        ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 9.0]})
        >>> design = SurveyDesign(data, weights="w", psu="psu")
        >>> design.contrast("mean", "y", by="kota",
        ...                 coefficients={"B": 1, "A": -1})[["estimate", "se"]].round(4)
           estimate   se
        0       2.0  1.0
        """
        from .contrast import design_contrast

        return design_contrast(
            self,
            kind,
            y,
            by,
            coefficients=coefficients,
            function=function,
            x=x,
            level=level,
            df=df,
            missing=missing,
        )

    def quantile(
        self,
        y: str,
        q: float | Sequence[float] = 0.5,
        by: str | Sequence[str] | None = None,
        rule: QuantileRule = "math",
        *,
        level: float = 0.95,
        df: float | None = None,
        missing: str = "raise",
    ) -> pd.DataFrame:
        r"""Quantiles with Woodruff confidence intervals, per domain (R ``svyquantile``).

        Parameters
        ----------
        y : str
            Numeric outcome column [unit of the variable].
        q : float or list of float
            Probabilities [share 0-1], e.g. 0.5 for the median.
        by : str or list of str, optional
            Domain columns.
        rule : str
            R's ``qrule``: ``"math"`` (default), ``"school"``, ``"shahvaish"``, ``"hf1"`` ...
            ``"hf9"``.
        level : float
            Confidence level [share, in (0, 1)].
        df : float, optional
            Degrees of freedom; default, per domain, R's ``degf`` of the domain (Taylor: its
            PSUs with non-zero weight minus its strata; replicates: the rank of its replicate
            weights minus 1); ``math.inf`` gives the normal quantile.
        missing : {"raise", "drop"}
            Missing values of ``y`` inside the domains.

        Returns
        -------
        pandas.DataFrame
            One row per domain and probability: the ``by`` columns, ``q``, ``estimate``,
            ``se``, ``ci_low``, ``ci_high``, ``df``, ``n`` (rows used with non-zero weight). A
            limit is NaN where the interval for the distribution function leaves [0, 1] (R
            prints NA).

        Raises
        ------
        InvalidInputError
            If a column does not exist or is not numeric, ``q`` is outside [0, 1], ``rule``
            is unknown, or ``y`` is missing under ``missing="raise"``.

        Notes
        -----
        The estimate is the weighted quantile under ``rule``; with
        $\hat p = \hat F(\hat q)$ the weighted share of values at or below it (a domain mean
        with its design-based SE), the interval is (R's ``interval.type = "mean"``)

        $$
        [\hat Q(\hat p - t_{df}\,\mathrm{SE}(\hat p)),\;
         \hat Q(\hat p + t_{df}\,\mathrm{SE}(\hat p))],
        \qquad \mathrm{SE}(\hat q) = \frac{\text{upper} - \text{lower}}{2\, t_{df}}.
        $$

        The rows of the outcome and domain columns are read into memory (one sort per
        domain).

        References
        ----------
        1. R. S. Woodruff, "Confidence intervals for medians and other position measures",
           *Journal of the American Statistical Association* 47, 635-646, 1952.
        2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``svyquantile``), 2023.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "w": [1.0] * 8,
        ...                      "y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]})
        >>> SurveyDesign(data, weights="w", psu="psu").quantile("y")[["q", "estimate"]]
             q  estimate
        0  0.5       4.0
        """
        from .quantile import design_quantile

        result: pd.DataFrame = design_quantile(
            self, y, q, by, rule, level=level, df=df, missing=missing
        )
        return result

    def post_stratify(self, column: str, totals: Mapping[Any, float] | Any) -> Any:
        r"""Post-stratified copy of the design (R ``postStratify``).

        Parameters
        ----------
        column : str
            The post-stratification variable (categorical; several variables: combine them
            into one column first).
        totals : dict or pandas.DataFrame
            Population size of every level, ``{level: total}`` [persons, > 0], or a
            DataFrame with ``column`` and one column of totals.

        Returns
        -------
        SurveyDesign or ReplicateDesign
            A design of the same class whose weights (a new column ``<weights>_calibrated``)
            sum to the totals in every level.

        Raises
        ------
        InvalidInputError
            If a level in the data has no total, a level has no sampled row (an empty cell),
            a total is not positive, or the column has missing values (each message names
            the margin and the level).

        Notes
        -----
        $w_i = d_i N_c / \hat N_c$. Taylor designs linearise with the residuals from the
        post-stratum means (R ``svyrecvar``): $z_i - w_i \bar u_c$ with $\bar u_c$ the
        weighted mean of the influence values per unit of weight in the row's cell.
        Replicate designs post-stratify every replicate.

        References
        ----------
        1. D. Holt and T. M. F. Smith, "Post stratification", *Journal of the Royal
           Statistical Society A* 142, 33-46, 1979.
        2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``postStratify``), 2023.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 2, 3, 4], "w": [1.0] * 4,
        ...                      "sex": ["L", "P", "P", "L"], "y": [1.0, 2.0, 3.0, 4.0]})
        >>> design = SurveyDesign(data, weights="w", psu="psu")
        >>> design.post_stratify("sex", {"L": 30, "P": 10}).total("y")["estimate"].round(1)
        0    100.0
        Name: estimate, dtype: float64
        """
        from ._calibrated import calibrate_design

        return calibrate_design(self, "post_stratify", {column: totals})

    def rake(
        self,
        margins: Mapping[str, Mapping[Any, float] | Any],
        tolerance: float = 1e-7,
        max_iter: int = 50,
    ) -> Any:
        r"""Raked copy of the design: iterative proportional fitting (R ``rake``).

        Parameters
        ----------
        margins : dict
            ``{column: {level: total}}`` for every margin [persons, > 0]; every margin must
            sum to the same population size.
        tolerance : float
            Convergence: every level total within this relative distance of its target.
        max_iter : int
            Sweeps over all margins before raising.

        Returns
        -------
        SurveyDesign or ReplicateDesign
            A design of the same class with the raked weights (``<weights>_calibrated``).

        Raises
        ------
        InvalidInputError
            For a level without total, an empty level, a non-positive total, or margins
            summing to different sizes (naming margin and level).
        CalibrationError
            If ``max_iter`` sweeps do not converge (naming the margin and level furthest
            off).

        Notes
        -----
        Each sweep post-stratifies on every margin in turn. Taylor designs linearise as R
        (``svyrecvar``): ten backfitting sweeps
        $z \leftarrow z - w^{(m)} \overline{(z / w^{(m)})}$ over the levels of each margin
        $m$. Replicate designs rake every replicate.

        References
        ----------
        1. W. E. Deming and F. F. Stephan, "On a least squares adjustment of a sampled
           frequency table when the expected marginal totals are known", *Annals of
           Mathematical Statistics* 11, 427-444, 1940.
        2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``rake``), 2023.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 2, 3, 4], "w": [1.0] * 4,
        ...                      "sex": ["L", "L", "P", "P"], "kota": ["A", "B", "A", "B"],
        ...                      "y": [1.0, 2.0, 3.0, 4.0]})
        >>> raked = SurveyDesign(data, weights="w", psu="psu").rake(
        ...     {"sex": {"L": 6, "P": 4}, "kota": {"A": 5, "B": 5}})
        >>> raked.total("y")["estimate"].round(3)
        0    23.0
        Name: estimate, dtype: float64
        """
        from ._calibrated import calibrate_design

        return calibrate_design(self, "rake", margins, tolerance=tolerance, max_iter=max_iter)

    def calibrate(
        self,
        totals: Mapping[str, Any],
        method: CalibrationMethod = "linear",
        bounds: tuple[float, float] | None = None,
        *,
        tolerance: float = 1e-7,
        max_iter: int = 50,
    ) -> Any:
        r"""Calibrated copy of the design (R ``calibrate``): linear, raking or logit.

        Parameters
        ----------
        totals : dict
            ``{categorical column: {level: total}, numeric column: total}``; a categorical
            margin lists every level (their sum is the population size, R's intercept).
        method : {"linear", "raking", "logit"}
            Distance function (R's ``calfun``).
        bounds : (float, float), optional
            Bounds of the g-weights $w_i / d_i$ [ratio, lower < 1 < upper]; required for
            ``"logit"``.
        tolerance : float
            Convergence: every $|T_j - \hat T_j| / (1 + |T_j|)$ below it (R's ``epsilon``).
        max_iter : int
            Newton iterations (R's ``maxit``).

        Returns
        -------
        SurveyDesign or ReplicateDesign
            A design of the same class with the calibrated weights (``<weights>_calibrated``).

        Raises
        ------
        InvalidInputError
            For a level without total, an empty level, a missing calibration value, or
            invalid bounds (naming the margin and the level).
        CalibrationError
            If the totals cannot be met within the bounds (names the total furthest off).

        Notes
        -----
        $g_i = 1 + F(x_i^\top \lambda)$ solves $\sum_i d_i g_i x_i = T$ (Newton steps as R's
        ``grake``). Taylor designs linearise with the regression residuals
        $z_i - w_i x_i^\top B$, $B = (X^\top D X)^{-1} \sum_i x_i z_i / g_i$ (R's
        ``svyrecvar``); replicate designs calibrate every replicate.

        References
        ----------
        1. J.-C. Deville and C.-E. Särndal, "Calibration estimators in survey sampling",
           *Journal of the American Statistical Association* 87, 376-382, 1992.
        2. T. Lumley, *survey: analysis of complex survey samples*, R package version 4.1
           (``calibrate``), 2023.

        Examples
        --------
        >>> import pandas as pd
        >>> from dppapp_indikator import SurveyDesign
        >>> data = pd.DataFrame({"psu": [1, 2, 3, 4], "w": [1.0] * 4,
        ...                      "sex": ["L", "L", "P", "P"], "age": [20.0, 30.0, 40.0, 50.0]})
        >>> design = SurveyDesign(data, weights="w", psu="psu")
        >>> cal = design.calibrate({"sex": {"L": 5, "P": 5}, "age": 360.0})
        >>> cal.total("age")["estimate"].round(6)
        0    360.0
        Name: estimate, dtype: float64
        """
        from ._calibrated import calibrate_design

        return calibrate_design(
            self,
            "calibrate",
            totals,
            method=method,
            bounds=bounds,
            tolerance=tolerance,
            max_iter=max_iter,
        )
