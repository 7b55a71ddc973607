"""The one error type of PlanetTracker: what is wrong, with what, and what is accepted."""

from __future__ import annotations

from http import HTTPStatus


class ApiError(Exception):
    """A request that cannot be answered, carrying everything a door needs to say why.

    `status` is the HTTP status the doors answer with, `code` a stable machine-readable
    name, `parameter` the offending request parameter (None when no single one is at
    fault) and `accepted` a short description of what would have been valid.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        parameter: str | None = None,
        accepted: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter
        self.accepted = accepted
        self.headers = headers or {}

    @classmethod
    def from_status(cls, status: int) -> ApiError:
        """The error for what a framework refused before any route ran (e.g. 413)."""
        if status == 413:
            return cls(413, "body-too-large", "the request body is too large")
        return cls(status, "http-error", HTTPStatus(status).phrase)


def invalid(parameter: str, message: str, accepted: str) -> ApiError:
    """Return the 400 error for a parameter that was given but cannot be used."""
    return ApiError(400, "invalid-parameter", message, parameter=parameter, accepted=accepted)
