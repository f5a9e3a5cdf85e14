"""The centre's case ledger (台账) as an Excel workbook: export, and import of the
historical ledger (validated row by row, all or nothing, idempotent)."""
