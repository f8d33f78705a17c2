"""Every table and column of the data contract, declared once.

Ingest types and validates against these declarations; models, entity
resolution and the synthetic county read the same names from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

CONTRACT_VERSION = 1


class ColumnType(StrEnum):
    ID18 = "id18"
    USCC = "uscc"
    DATE = "date"
    MONTH = "month"
    MONEY = "money"
    TEXT = "text"
    INTEGER = "integer"
    RATIO = "ratio"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    PARTY_ID = "party_id"  # id18 of a person or uscc of a company (shareholders.holder_id)

    @property
    def warehouse_type(self) -> str:
        """The DuckDB type a column of this contract type is stored as."""
        return _WAREHOUSE_TYPES[self]


_WAREHOUSE_TYPES = {
    ColumnType.ID18: "VARCHAR",
    ColumnType.USCC: "VARCHAR",
    ColumnType.DATE: "DATE",
    ColumnType.MONTH: "DATE",  # first day of the month
    ColumnType.MONEY: "DECIMAL(18,2)",
    ColumnType.TEXT: "VARCHAR",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.RATIO: "DOUBLE",
    ColumnType.DATETIME: "TIMESTAMP",
    ColumnType.BOOLEAN: "BOOLEAN",
    ColumnType.PARTY_ID: "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = ColumnType.TEXT
    key: bool = False
    choices: tuple[str, ...] = ()
    """The values the contract names. Others are kept as written (the contract types them as text)."""

    @property
    def is_identity(self) -> bool:
        """Identity columns are normalised: trimmed, upper-cased, 15 digits converted to 18."""
        return self.name in IDENTITY_COLUMNS


@dataclass(frozen=True)
class Table:
    name: str
    source: str
    columns: tuple[Column, ...]
    person_column: str | None = None
    """The column that names the person a record is about; entity resolution links it to `persons`."""
    describes_person: bool = False
    """Whether the record carries name, gender and birth date, so that it can be linked probabilistically."""
    key_columns: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "key_columns", tuple(c.name for c in self.columns if c.key))

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")


IDENTITY_COLUMNS = frozenset(
    {
        "id_number",
        "approver_id",
        "legal_rep_id",
        "holder_id",
        "owner_id",
        "worker_id",
        "id_number_a",
        "id_number_b",
    }
)

T = ColumnType
C = Column

GENDER = ("M", "F")

TABLES: tuple[Table, ...] = (
    Table(
        "persons",
        "household registration",
        (
            C("id_number", T.ID18, key=True),
            C("name"),
            C("gender", choices=GENDER),
            C("birth_date", T.DATE),
            C("household_id"),
            C("region_code"),
            C("village"),
            C("address"),
            C("phone"),
        ),
    ),
    Table(
        "deaths",
        "civil affairs, cremation, police deregistration",
        (
            C("record_id", key=True),
            C("id_number", T.ID18),
            C("name"),
            C("gender", choices=GENDER),
            C("birth_date", T.DATE),
            C("death_date", T.DATE),
            C("source"),
        ),
        person_column="id_number",
        describes_person=True,
    ),
    Table(
        "imprisonments",
        "justice bureau",
        (
            C("record_id", key=True),
            C("id_number", T.ID18),
            C("name"),
            C("gender", choices=GENDER),
            C("birth_date", T.DATE),
            C("start_date", T.DATE),
            C("end_date", T.DATE),
        ),
        person_column="id_number",
        describes_person=True,
    ),
    Table(
        "pension_payments",
        "human resources and social security",
        (
            C("payment_id", key=True),
            C("id_number", T.ID18),
            C("name"),
            C("month", T.MONTH),
            C("amount", T.MONEY),
            C("bank_account"),
            C("region_code"),
            C("scheme", choices=("resident", "employee")),
        ),
        person_column="id_number",
    ),
    Table(
        "medical_claims",
        "medical insurance",
        (
            C("claim_id", key=True),
            C("id_number", T.ID18),
            C("name"),
            C("provider_id"),
            C("provider_name"),
            C("claim_type", choices=("inpatient", "outpatient", "pharmacy")),
            C("admission_date", T.DATE),
            C("discharge_date", T.DATE),
            C("settle_date", T.DATE),
            C("total_amount", T.MONEY),
            C("fund_amount", T.MONEY),
        ),
        person_column="id_number",
    ),
    Table(
        "subsidy_payments",
        "agriculture and rural affairs, civil affairs, education",
        (
            C("payment_id", key=True),
            C("id_number", T.ID18),
            C("name"),
            C("program"),
            C("pay_date", T.DATE),
            C("amount", T.MONEY),
            C("bank_account"),
            C("village"),
            C("region_code"),
            C("approver_id", T.ID18),
        ),
        person_column="id_number",
    ),
    Table(
        "officials",
        "organisation department",
        (
            C("id_number", T.ID18),
            C("name"),
            C("organization"),
            C("position"),
            C("level", choices=("village", "township", "county", "city", "province")),
            C("region_code"),
            C("start_date", T.DATE),
            C("end_date", T.DATE),
        ),
        person_column="id_number",
    ),
    Table(
        "relations",
        "household and kinship records",
        (
            C("id_number_a", T.ID18),
            C("id_number_b", T.ID18),
            C("relation", choices=("spouse", "parent", "child", "sibling", "in_law")),
        ),
    ),
    Table(
        "companies",
        "market regulation, enterprise registry",
        (
            C("credit_code", T.USCC, key=True),
            C("name"),
            C("legal_rep_id", T.ID18),
            C("legal_rep_name"),
            C("registered_date", T.DATE),
            C("address"),
            C("phone"),
            C("status", choices=("active", "revoked", "cancelled")),
        ),
    ),
    Table(
        "shareholders",
        "enterprise registry",
        (
            C("credit_code", T.USCC),
            C("holder_id", T.PARTY_ID),
            C("holder_name"),
            C("share_ratio", T.RATIO),
        ),
    ),
    Table(
        "vehicles",
        "vehicle registration",
        (
            C("plate", key=True),
            C("owner_id", T.ID18),
            C("owner_name"),
            C("registered_date", T.DATE),
            C("value", T.MONEY),
        ),
    ),
    Table(
        "enrollments",
        "education",
        (
            C("id_number", T.ID18),
            C("name"),
            C("gender", choices=GENDER),
            C("birth_date", T.DATE),
            C("school"),
            C("start_date", T.DATE),
            C("end_date", T.DATE),
        ),
        person_column="id_number",
        describes_person=True,
    ),
    Table(
        "tenders",
        "public resource trading centre",
        (
            C("tender_id", key=True),
            C("buyer_org"),
            C("title"),
            C("method", choices=("open", "invited", "direct")),
            C("budget", T.MONEY),
            C("publish_date", T.DATE),
        ),
    ),
    Table(
        "bids",
        "public resource trading centre",
        (
            C("tender_id"),
            C("bidder_code", T.USCC),
            C("bid_amount", T.MONEY),
            C("contact_phone"),
            C("contact_address"),
            C("submitted_at", T.DATETIME),
            C("won", T.BOOLEAN),
        ),
    ),
    Table(
        "contracts",
        "finance bureau, procurement",
        (
            C("contract_id", key=True),
            C("tender_id"),
            C("buyer_org"),
            C("supplier_code", T.USCC),
            C("amount", T.MONEY),
            C("sign_date", T.DATE),
            C("method", choices=("open", "invited", "direct")),
            C("approver_id", T.ID18),
        ),
    ),
    Table(
        "projects",
        "housing and construction",
        (
            C("project_id", key=True),
            C("name"),
            C("contractor_code", T.USCC),
            C("start_date", T.DATE),
            C("end_date", T.DATE),
            C("workers", T.INTEGER),
        ),
    ),
    Table(
        "wage_payments",
        "dedicated wage accounts",
        (
            C("project_id"),
            C("worker_id", T.ID18),
            C("month", T.MONTH),
            C("amount", T.MONEY),
        ),
    ),
)

_BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The contract's table called `name`."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"the data contract has no table {name!r}") from None
