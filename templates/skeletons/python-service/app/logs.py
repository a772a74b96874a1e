"""One JSON object per line, the shape CloudWatch Logs Insights queries."""

import json
import sys
from datetime import datetime, timezone
from typing import Any, TextIO


class JsonLogger:
    def __init__(self, base: dict[str, Any], stream: TextIO | None = None):
        self._base = base
        self._stream = stream or sys.stdout

    def child(self, **fields: Any) -> "JsonLogger":
        return JsonLogger({**self._base, **fields}, self._stream)

    def _write(self, level: str, message: str, fields: dict[str, Any]) -> None:
        line = {
            "time": datetime.now(timezone.utc).isoformat(),
            "level": level,
            "message": message,
            **self._base,
            **fields,
        }
        self._stream.write(json.dumps(line, default=str) + "\n")
        self._stream.flush()

    def info(self, message: str, **fields: Any) -> None:
        self._write("info", message, fields)

    def error(self, message: str, **fields: Any) -> None:
        self._write("error", message, fields)
