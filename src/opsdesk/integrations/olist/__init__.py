"""Bulk import of the Olist public e-commerce data set (historical orders)."""

from opsdesk.integrations.olist import source
from opsdesk.integrations.olist.importer import ImportReport, Progress, import_olist
from opsdesk.integrations.olist.plan import Rejection
from opsdesk.integrations.olist.source import SourceError

# ``source`` (file names, required columns, ``rows``) is public for other readers of
# Olist folders, such as the delay-risk evaluation.
__all__ = ["ImportReport", "Progress", "Rejection", "SourceError", "import_olist", "source"]
