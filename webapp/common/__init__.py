"""What every blueprint shares: the app's services, the HTML-or-JSON answer, the error pages.

Public interface:
    init_app(app)        services, the one error handler, template helpers
    services()           the app's Services (settings, store, search index, vocabularies)
    respond(template, data, status=200, **extra)   JSON twin under /api/, else the HTML page
    wants_json()         does this request want JSON
    int_arg(name, default, minimum, maximum)        a query argument as an int, or 400
    date_arg(name)       a date query argument (YYYY, YYYY-MM or YYYY-MM-DD), or 400
    request_fields()     a request's fields, from a JSON object body or a form
    error_response(status, title, message)          the one error answer (HTML or JSON)
    DOC_TYPE_LABELS      document type -> its label on pages
"""

from .errors import error_response, init_errors, wants_json
from .helpers import DOC_TYPE_LABELS, date_arg, int_arg, request_fields, respond, url_with
from .services import Services, services


def init_app(app) -> None:
    Services.install(app)
    init_errors(app)
    from .helpers import init_helpers

    init_helpers(app)


__all__ = ["DOC_TYPE_LABELS", "Services", "date_arg", "error_response", "init_app", "int_arg", "request_fields",
           "respond", "services", "url_with", "wants_json"]
