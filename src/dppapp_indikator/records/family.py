"""Registry records of the family indices (methods/family#ibangga)."""

from __future__ import annotations

from pydantic import Field

from .._arrays import as_float
from .._bands import category_label
from ..family import ibangga
from ..registry import Computation, Indicator, IndicatorInput, register


class IbanggaInput(IndicatorInput):
    """Inputs of iBangga from its dimension indices (methods/family#ibangga-dims)."""

    ketenteraman: float = Field(ge=0, le=100, description="Dimension index [index 0-100].")
    kemandirian: float = Field(ge=0, le=100, description="Dimension index [index 0-100].")
    kebahagiaan: float = Field(ge=0, le=100, description="Dimension index [index 0-100].")


def _compute_ibangga(inputs: IbanggaInput) -> Computation:
    value = as_float(ibangga(inputs.ketenteraman, inputs.kemandirian, inputs.kebahagiaan))
    return Computation(
        value=value,
        components={
            "ketenteraman": inputs.ketenteraman,
            "kemandirian": inputs.kemandirian,
            "kebahagiaan": inputs.kebahagiaan,
        },
        category=category_label("ibangga", value),
        method="mean of the three dimension indices (methods/family#ibangga-dims)",
    )


register(
    Indicator(
        code="ibangga",
        name_id="Indeks Pembangunan Keluarga (iBangga)",
        name_en="Family Development Index",
        unit="index 0-100",
        polarity="higher",
        iku=1,
        legal_basis=(
            "UU 52/2009; Peraturan BKKBN Nomor 3 Tahun 2022 tentang Pengukuran Keberhasilan "
            "Pembangunan Keluarga melalui Indeks Pembangunan Keluarga"
        ),
        formula="iBangga = (I_ketenteraman + I_kemandirian + I_kebahagiaan) / 3",
        function=ibangga,
        input_model=IbanggaInput,
        compute=_compute_ibangga,
        # Indonesia 2021, BKKBN (published iBangga 54.01)
        examples=({"ketenteraman": 55.99, "kemandirian": 52.09, "kebahagiaan": 53.96},),
    )
)
