"""What every blueprint shares: the app's services, the HTML-or-JSON answer, the error pages.

Public interface:
    init_app(app)        services, the one error handler, template helpers
    services()           the app's Services (settings, store, search index, vocabularies)
    respond(template, data, status=200, **extra)   JSON twin under /api/, else the HTML page
    wants_json()         does this request want JSON
    int_arg(name, default, minimum, maximum)        a query argument as an int, or 400
"""

from .errors import init_errors, wants_json
from .helpers import int_arg, respond, url_with
from .services import Services, services


def init_app(app) -> None:
    Services.install(app)
    init_errors(app)
    from .helpers import init_helpers

    init_helpers(app)


__all__ = ["Services", "init_app", "int_arg", "respond", "services", "url_with", "wants_json"]
