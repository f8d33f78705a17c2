"""The batch scan: ingest a dataset, resolve identities, run every model, write the clues."""

from qingfeng.scan.service import ScanReport, run_scan

__all__ = ["ScanReport", "run_scan"]
