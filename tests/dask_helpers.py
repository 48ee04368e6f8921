"""Fault injection for the Dask tests: a worker plugin that kills its own worker process (as a crashing
library or the kernel's OOM killer would) when it starts a task holding a document whose name carries a
marker. Lives in its own module so that the worker processes can import it (tests/ on their path)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin


class KillOn(WorkerPlugin):
    """Kill the worker when it starts a task whose documents' names contain `marker`: every time, or
    only the first time in the whole cluster (`once_flag`: a file created just before that kill)."""

    def __init__(self, marker: str, once_flag: str | None = None) -> None:
        self.marker = marker
        self.once_flag = once_flag
        self.worker: Any = None

    def setup(self, worker: Any) -> None:
        self.worker = worker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or self.worker is None:
            return
        task = self.worker.state.tasks.get(key)
        args = getattr(getattr(task, "run_spec", None), "args", ()) or ()
        items = args[0] if args and isinstance(args[0], list) else []
        if not any(self.marker in getattr(item, "name", "") for item in items):
            return
        if self.once_flag:
            flag = Path(self.once_flag)
            if flag.exists():
                return
            flag.write_text(str(os.getpid()), encoding="ascii")
        os._exit(17)


class KillOnKey(WorkerPlugin):
    """Kill the worker every time it starts a task whose key begins with `prefix` (an index segment's
    build, "evidence-segment-")."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.worker: Any = None

    def setup(self, worker: Any) -> None:
        self.worker = worker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and self.worker is not None and str(key).startswith(self.prefix):
            os._exit(17)
