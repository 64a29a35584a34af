"""Files uploaded to the admin's "Import a data package" screen: kept between the preview and the
confirmation, imported by ``import_dataset``'s path, and removed afterwards.

A kept file lives in its own folder under ``settings.PACKAGE_IMPORT_DIR``, named by a random token; the
session holds the token and the file's name, never a path a user could choose. Folders left behind by a
preview nobody confirmed are removed once older than a session.
"""

import re
import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from dataset.importing import ImportReport, import_tables, read_dataset
from dataset.importing.reviewed import Statuses
from dataset.importing.set_based import import_path
from dataset.importing.streams import streamable

_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded file kept on the server: its token (the folder) and its name (what the import reads)."""

    token: str
    name: str

    @property
    def path(self) -> Path:
        return _folder(self.token) / self.name

    def exists(self) -> bool:
        return self.path.is_file()

    def unzipped_size(self) -> int | None:
        """The size of a zip's files once unzipped (what the import reads), or None if it is no zip."""
        if not zipfile.is_zipfile(self.path):
            return None
        with zipfile.ZipFile(self.path) as archive:
            return sum(info.file_size for info in archive.infolist())

    def as_session(self) -> dict[str, str]:
        return {"token": self.token, "name": self.name}

    @classmethod
    def from_session(cls, value) -> "KeptUpload | None":
        """The upload a session names, if the session names one well formed (the session is ours, but a
        path is only ever built from a checked token and a bare file name)."""
        if not isinstance(value, dict):
            return None
        token, name = value.get("token"), value.get("name")
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            return None
        if not isinstance(name, str) or not name or name != get_valid_filename(name):
            return None
        return cls(token, name)


def keep(upload: UploadedFile) -> KeptUpload:
    """Move (or copy) ``upload`` into a new folder of its own and return it; old folders are removed."""
    remove_stale()
    token = secrets.token_urlsafe(32)
    folder = _folder(token)
    folder.mkdir(parents=True, mode=0o700)
    kept = KeptUpload(token, get_valid_filename(Path(upload.name).name))
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        # Streamed to disk by the upload handler: moved, never read into memory (then closed: closing
        # first would delete it).
        shutil.move(temporary(), kept.path)
        upload.close()
    else:
        with kept.path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    return kept


def discard(kept: KeptUpload | None) -> None:
    """Remove a kept upload's folder (nothing if it is gone already)."""
    if kept is not None:
        shutil.rmtree(_folder(kept.token), ignore_errors=True)


def remove_stale() -> None:
    """Remove the folders of previews left unconfirmed for longer than a session lasts."""
    root = Path(settings.PACKAGE_IMPORT_DIR)
    if not root.is_dir():
        return
    oldest = time.time() - settings.SESSION_COOKIE_AGE
    for folder in root.iterdir():
        if folder.is_dir() and _TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < oldest:
            shutil.rmtree(folder, ignore_errors=True)


def import_upload(kept: KeptUpload, *, dry_run: bool, statuses: Statuses) -> ImportReport:
    """Import the kept file as ``import_dataset`` would: set-based when the path streams it (a zip, or a
    CSV file named after its table), the per-row path otherwise (a JSON file). All or nothing.
    ``statuses``: what the curator may write per claim table (``reviewed.statuses_for``)."""
    if streamable(kept.path):
        return import_path(kept.path, dry_run=dry_run, statuses=statuses)
    return import_tables(read_dataset(kept.path), dry_run=dry_run, statuses=statuses)


def _folder(token: str) -> Path:
    return Path(settings.PACKAGE_IMPORT_DIR) / token
