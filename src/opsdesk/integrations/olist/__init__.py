"""Bulk import of the Olist public e-commerce data set (historical orders)."""

from opsdesk.integrations.olist.importer import ImportReport, Progress, import_olist
from opsdesk.integrations.olist.plan import Rejection
from opsdesk.integrations.olist.source import SourceError

__all__ = ["ImportReport", "Progress", "Rejection", "SourceError", "import_olist"]
