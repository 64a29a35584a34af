"""``import_dataset``: the admin's tables or ``export_dataset``'s data package, all or nothing, in bulk."""

from dataset.importing.files import TABLES, DatasetError, read_dataset
from dataset.importing.report import ImportReport, Problem
from dataset.importing.tables import import_tables

__all__ = ["TABLES", "DatasetError", "ImportReport", "Problem", "import_tables", "read_dataset"]
