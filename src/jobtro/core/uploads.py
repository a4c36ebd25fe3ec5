"""Stop keeping an oversized upload as soon as it passes the limit.

The file's bytes beyond the limit are read and dropped (never written to disk or held
in memory); the form's other fields, the CSRF token among them, still arrive, so the
view can answer with its Danish "file too large" message. The reverse proxy's body
limit (docs/operations.md) is what stops the bytes at the door.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class MaxSizeUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_BYTES:
            # Read by the view (request.upload_too_large); the handler always has a request.
            setattr(self.request, "upload_too_large", True)  # noqa: B010
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
