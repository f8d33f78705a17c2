"""The audit log: an append-only, hash-chained record of every change and every view of sensitive data."""
