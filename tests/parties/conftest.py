"""The two centres of the tenancy tests, for the lookups that must stay within one."""

from tests.tenancy.conftest import centres  # noqa: F401  (fixture)
