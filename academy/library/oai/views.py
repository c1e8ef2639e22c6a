"""The OAI-PMH endpoint: GET or POST, no login, no language prefix (harvesters)."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from academy.core.db_router import reads_from_replica

from .protocol import Provider


@csrf_exempt  # harvesters POST without a session (OAI-PMH 2.0 §3.1.1.2); nothing is written
@reads_from_replica
def endpoint(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    params = request.GET if request.method == "GET" else request.POST
    args = {name: params.getlist(name) for name in params}
    base_url = request.build_absolute_uri(request.path)
    body = Provider(base_url).respond(args)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
