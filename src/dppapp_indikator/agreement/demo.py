"""The demonstration: from raw inputs to the evaluation of the whole agreement.

:func:`run_demo` (``dppapp-indikator demo``) needs no argument:

1. it loads the embedded *Perjanjian Kinerja 2024* (:func:`load_agreement`);
2. it reads the packaged example realisation file ``data/demo_realisations.csv`` (all 21
   indicators, quarterly and annual, in Indonesian notation) with :func:`read_realisations`;
3. it computes indicators from the packaged example raw inputs ``data/demo_inputs.json``
   through the registry (:func:`~dppapp_indikator.calculate`): iBangga, IDG, TFR, the
   violence prevalences, the KLA share, the SDI quality score, NKA and the governance
   percentages;
4. where the computed value is what the agreement measures, it replaces the annual
   realisation of that IKU (and the TW IV one when the year's value is the last quarter's);
5. it evaluates every realisation against its target (:func:`evaluate`).

The example inputs and realisations are **illustrative**, made up to be plausible; they are
not official data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from ..registry import Result
    from .io import ReadResult
    from .model import Agreement

__all__ = [
    "Demo",
    "DemoComputation",
    "DemoEntry",
    "DemoInputs",
    "demo_realisations",
    "load_demo_inputs",
    "run_demo",
]

DEMO_INPUTS = "demo_inputs.json"
DEMO_REALISATIONS = "demo_realisations.csv"


class DemoEntry(BaseModel):
    """Example raw inputs of one registry indicator."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="Registry code of the indicator.")
    iku: int = Field(ge=1, description="Agreement row (IKU) the indicator measures.")
    use_as_realisation: bool = Field(
        description="Whether the computed value replaces the IKU's annual realisation."
    )
    note: str = Field(min_length=1, description="What the inputs are (and why not used).")
    inputs: dict[str, Any] = Field(description="The inputs, as the registry input model takes.")


class DemoInputs(BaseModel):
    """Schema of ``data/demo_inputs.json``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = Field(min_length=1)
    source: str = Field(min_length=1)
    indicators: tuple[DemoEntry, ...] = Field(min_length=1)


@dataclass(frozen=True)
class DemoComputation:
    """One indicator computed from example inputs.

    Attributes
    ----------
    entry : DemoEntry
        The example inputs.
    result : Result
        What :func:`~dppapp_indikator.calculate` returned.
    replaced : dict of str to float or None
        Period -> the realisation of the example file that the computed value replaced
        (empty when the value is not used as a realisation).
    """

    entry: DemoEntry
    result: Result
    replaced: dict[str, float | None]


@dataclass(frozen=True)
class Demo:
    """Everything :func:`run_demo` produced.

    Attributes
    ----------
    agreement : Agreement
        The embedded agreement.
    computations : tuple of DemoComputation
        The indicators computed from example inputs, in agreement order.
    realisations : pandas.DataFrame
        The realisations evaluated: ``number``, ``period``, ``realisation`` and ``source``
        (``"example file"`` or ``"computed: <code>"``).
    evaluation : pandas.DataFrame
        :func:`~dppapp_indikator.agreement.evaluate` of the realisations.
    warnings : tuple of str
        The reader's warnings about the example file (none expected).
    """

    agreement: Agreement
    computations: tuple[DemoComputation, ...]
    realisations: pd.DataFrame
    evaluation: pd.DataFrame
    warnings: tuple[str, ...]


def load_demo_inputs() -> DemoInputs:
    """The packaged example raw inputs (``data/demo_inputs.json``), validated.

    Returns
    -------
    DemoInputs
        ``description``, ``source`` and one :class:`DemoEntry` per indicator.
    """
    from .._data import load_packaged

    return load_packaged(DEMO_INPUTS, DemoInputs)


def demo_realisations(agreement: Agreement | None = None) -> ReadResult:
    """Read the packaged example realisation file (``data/demo_realisations.csv``).

    Parameters
    ----------
    agreement : Agreement, optional
        Checked against (default: the embedded agreement).

    Returns
    -------
    ReadResult
        As :func:`~dppapp_indikator.agreement.io.read_realisations` returns it.
    """
    from . import load_agreement
    from .io import read_realisations

    agreement = agreement or load_agreement()
    resource = resources.files("dppapp_indikator.data").joinpath(DEMO_REALISATIONS)
    with resources.as_file(resource) as path:
        return read_realisations(path, agreement=agreement)


def run_demo(agreement: Agreement | None = None) -> Demo:
    """Run the demonstration: compute example indicators, then evaluate the agreement.

    Parameters
    ----------
    agreement : Agreement, optional
        The agreement to evaluate; the embedded *Perjanjian Kinerja 2024* by default.

    Returns
    -------
    Demo
        The computations (each :class:`~dppapp_indikator.Result` with its value, category
        and components), the realisations used and the evaluation (one row per indicator
        and period, all 21 indicators).

    Raises
    ------
    DataFileError
        If a packaged example file does not match its schema, or an example is attached to
        an IKU whose registry code differs.

    Notes
    -----
    A computed value replaces the ``Tahunan`` realisation of its IKU; when the indicator's
    quarters aggregate by ``"last"`` (the year's value is the year-end value), it replaces
    the ``TW IV`` realisation too. Examples marked ``use_as_realisation: false`` (IKU 4 and
    21, whose agreement targets are quarterly increments, not the computed quantity) are
    computed and shown but not used.

    Examples
    --------
    >>> demo = run_demo()
    >>> demo.evaluation["number"].nunique()
    21
    >>> ibangga = demo.computations[0]
    >>> ibangga.entry.code, round(ibangga.result.value, 2), ibangga.result.category
    ('ibangga', 63.63, 'berkembang')
    """
    import pandas as pd

    from .._data import DataFileError
    from ..registry import calculate
    from . import evaluate, load_agreement

    agreement = agreement or load_agreement()
    read = demo_realisations(agreement)
    frame = read.frame.reset_index(drop=True)
    frame["source"] = "example file"
    computations: list[DemoComputation] = []
    entries = sorted(load_demo_inputs().indicators, key=lambda e: e.iku)
    for entry in entries:
        indicator = agreement.indicator(entry.iku)
        if indicator.registry_code != entry.code:
            raise DataFileError(
                f"data file {DEMO_INPUTS!r}: example {entry.code!r} is attached to IKU "
                f"{entry.iku}, whose registry code is {indicator.registry_code!r}"
            )
        result = calculate(entry.code, entry.inputs)
        replaced: dict[str, float | None] = {}
        if entry.use_as_realisation and result.value is not None:
            periods = ["Tahunan"] + (["TW IV"] if indicator.aggregation == "last" else [])
            for period in periods:
                mask = (frame["number"] == entry.iku) & (frame["period"] == period)
                if mask.any():
                    before = float(frame.loc[mask, "realisation"].iloc[0])
                    replaced[period] = None if math.isnan(before) else before
                    frame.loc[mask, "realisation"] = result.value
                    frame.loc[mask, "source"] = f"computed: {entry.code}"
                else:
                    replaced[period] = None
                    extra = pd.DataFrame(
                        {
                            "number": [entry.iku],
                            "period": [period],
                            "realisation": [result.value],
                            "source": [f"computed: {entry.code}"],
                        }
                    )
                    frame = pd.concat([frame, extra], ignore_index=True)
        computations.append(DemoComputation(entry=entry, result=result, replaced=replaced))
    evaluation = evaluate(agreement, frame)
    return Demo(
        agreement=agreement,
        computations=tuple(computations),
        realisations=frame,
        evaluation=evaluation,
        warnings=read.warnings,
    )
