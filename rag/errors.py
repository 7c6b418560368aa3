"""User-facing errors: each carries one line that the CLI and UI print as is.

Anything that is not a `RagError` is a bug and keeps its traceback.
"""


class RagError(Exception):
    """A problem the user can fix; `str(err)` is the whole message."""

    exit_code = 1


class QuestionError(RagError):
    """The question is empty, too long or contains control characters."""

    exit_code = 2


class IndexMissingError(RagError):
    """There is no index where one was expected."""

    exit_code = 3


class IndexInvalidError(RagError):
    """The index is damaged, or was built by another embedder or format version."""

    exit_code = 3


class ModelError(RagError):
    """The generator model cannot be found, read or loaded."""

    exit_code = 4


class IndexBusyError(RagError):
    """Another process kept the index's writer lock for longer than we may wait."""

    exit_code = 3


class IndexConflictError(RagError):
    """The live version changed under a writer that did not hold the lock (a bug, or a foreign tool)."""

    exit_code = 3


class NotIndexedError(RagError):
    """A document named for removal is not in the index."""

    exit_code = 1
