"""Exceptions raised by the rs4a package.

Every failing call into librs4a returns a status code (``rs4a_status`` in
``include/rs4a.h``); the package turns it into an exception of the class
below that matches the status, carrying the library's own message
(``rs4a_last_error``). Each class also derives from the built-in exception a
Python user would expect (``ValueError`` for bad arguments, ``OSError`` for
unreadable files, ``NotImplementedError`` for unsupported certificates, …), so
existing ``except ValueError:`` code keeps working.
"""
from __future__ import annotations

__all__ = [
    "RS4AError",
    "InvalidArgumentError",
    "NullPointerError",
    "BadHandleError",
    "ShapeError",
    "FileAccessError",
    "FormatError",
    "UnsupportedError",
    "CancelledError",
    "StateError",
    "InternalError",
    "LibraryLoadError",
    "DeviceWarning",
    "error_for_status",
]


class RS4AError(Exception):
    """Base class of every error reported by librs4a or by this package.

    Attributes:
        status: the numeric ``rs4a_status`` (0 when raised before reaching the library).
        status_name: its constant name, e.g. ``"RS4A_ERR_SHAPE"``.
        message: the human-readable message (also ``str(error)``).
    """

    #: The ``rs4a_status`` value this class stands for.
    STATUS: int = -1
    #: Its constant name in ``include/rs4a.h``.
    STATUS_NAME: str = "RS4A_ERR_UNKNOWN"

    def __init__(self, message: str, status: int | None = None, status_name: str | None = None) -> None:
        super().__init__(message)
        self.message: str = message
        self.status: int = self.STATUS if status is None else status
        self.status_name: str = self.STATUS_NAME if status_name is None else status_name

    def __str__(self) -> str:
        return self.message


class InvalidArgumentError(RS4AError, ValueError):
    """A value out of its allowed range, NaN, or an unknown name (RS4A_ERR_INVALID_ARGUMENT)."""

    STATUS = 1
    STATUS_NAME = "RS4A_ERR_INVALID_ARGUMENT"


class NullPointerError(RS4AError, ValueError):
    """A required argument was missing (RS4A_ERR_NULL_POINTER)."""

    STATUS = 2
    STATUS_NAME = "RS4A_ERR_NULL_POINTER"


class BadHandleError(RS4AError, ValueError):
    """A freed or wrong-kind handle reached the library (RS4A_ERR_BAD_HANDLE)."""

    STATUS = 3
    STATUS_NAME = "RS4A_ERR_BAD_HANDLE"


class ShapeError(RS4AError, ValueError):
    """Array sizes or tensor shapes that do not fit (RS4A_ERR_SHAPE)."""

    STATUS = 4
    STATUS_NAME = "RS4A_ERR_SHAPE"


class FileAccessError(RS4AError, OSError):
    """A file could not be opened or read (RS4A_ERR_IO)."""

    STATUS = 5
    STATUS_NAME = "RS4A_ERR_IO"


class FormatError(RS4AError, ValueError):
    """A malformed, truncated or mismatched checkpoint (RS4A_ERR_FORMAT)."""

    STATUS = 6
    STATUS_NAME = "RS4A_ERR_FORMAT"


class UnsupportedError(RS4AError, NotImplementedError):
    """No certificate for this noise and adversary, or a similar gap (RS4A_ERR_UNSUPPORTED)."""

    STATUS = 7
    STATUS_NAME = "RS4A_ERR_UNSUPPORTED"


class CancelledError(RS4AError):
    """A progress callback asked the library to stop (RS4A_ERR_CANCELLED)."""

    STATUS = 8
    STATUS_NAME = "RS4A_ERR_CANCELLED"


class StateError(RS4AError, RuntimeError):
    """The call is not valid now, e.g. a forward pass before weights are loaded (RS4A_ERR_STATE)."""

    STATUS = 9
    STATUS_NAME = "RS4A_ERR_STATE"


class InternalError(RS4AError, RuntimeError):
    """A bug in librs4a (RS4A_ERR_INTERNAL): please report the message."""

    STATUS = 10
    STATUS_NAME = "RS4A_ERR_INTERNAL"


class LibraryLoadError(RS4AError, OSError):
    """librs4a could not be found or loaded, or it lacks functions this package needs."""

    STATUS = -1
    STATUS_NAME = "RS4A_LIBRARY_NOT_LOADED"


class DeviceWarning(UserWarning):
    """Warned when a device other than the CPU is asked for: rs4a always runs on the CPU."""


_BY_STATUS: dict[int, type[RS4AError]] = {
    cls.STATUS: cls
    for cls in (
        InvalidArgumentError,
        NullPointerError,
        BadHandleError,
        ShapeError,
        FileAccessError,
        FormatError,
        UnsupportedError,
        CancelledError,
        StateError,
        InternalError,
    )
}


def error_for_status(status: int, message: str, status_name: str | None = None) -> RS4AError:
    """The exception for a non-zero ``rs4a_status`` with the library's message.

    An unknown status (a newer library than this package) gives a plain ``RS4AError``.
    """
    cls = _BY_STATUS.get(status, RS4AError)
    if not message:
        message = f"librs4a reported {status_name or cls.STATUS_NAME} (status {status}) without a message"
    return cls(message, status=status, status_name=status_name or cls.STATUS_NAME)
