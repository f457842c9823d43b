"""Field groups shared by several entities."""

from __future__ import annotations

from typing import Any

from hub.schemas.base import BOOLEAN, COUNTRY, DECIMAL, INTEGER, REGION, STRING, Field, FieldError

POSTAL_ADDRESS_FIELDS: tuple[Field, ...] = (
    Field("organization", STRING, description="Company name on the address."),
    Field("first_name", STRING, description="First name of the addressee."),
    Field("last_name", STRING, description="Last name of the addressee."),
    Field("street", STRING, required=True, description="First street line."),
    Field("street2", STRING, description="Second street line."),
    Field("city", STRING, required=True, description="City."),
    Field("postal_code", STRING, description="Postal or ZIP code."),
    Field("country", COUNTRY, required=True, description="ISO 3166-1 alpha-2 code, e.g. US."),
    Field("region", REGION, description='Region code, "CA" or "US-CA" (ISO 3166-2).'),
    Field("phone", STRING, description="Phone number as written."),
)

UNIT_FIELDS: tuple[Field, ...] = (
    Field("code", STRING, required=True, description='Unit code, e.g. "item", "set", "kg".'),
    Field("precision", INTEGER, default=0, description="Decimal places allowed (default 0)."),
    Field("conversion_rate", DECIMAL, description="Primary units per one of this unit."),
    Field("sell", BOOLEAN, description="Whether the unit can be sold."),
)


def region_check(prefix: str, address: dict[str, Any] | None) -> list[FieldError]:
    """A region written with its country ("US-CA") must belong to the address's country."""
    if not address:
        return []
    region = address.get("region") or ""
    country = address.get("country")
    if "-" in region and region.split("-")[0] != country:
        return [FieldError(f"{prefix}region", f'"{region}" is not a region of {country}')]
    return []
