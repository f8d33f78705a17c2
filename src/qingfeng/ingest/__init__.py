"""Ingest: a dataset folder into typed warehouse tables, with quarantine and lineage (docs/ingest.md)."""

from qingfeng.ingest.api import ingest_dataset
from qingfeng.ingest.dataset import DatasetError
from qingfeng.ingest.summary import IngestSummary, LoadStatus, TableLoad

__all__ = ["DatasetError", "IngestSummary", "LoadStatus", "TableLoad", "ingest_dataset"]
