"""« Aperçu » of a Markdown field in the admin's forms (adminsite.markdown): the
text rendered and sanitised exactly as the bilan renders it
(reports.templatetags.narrative), for the people who write it.

POST (CSRF-checked like every form), for the roles that write; at most
MAX_CHARACTERS. Python-Markdown takes quadratic time on some inputs (thousands
of « [ » or « <http:// »: minutes for 50,000 characters), so the rendering runs
in a forked child killed after RENDER_SECONDS: a hostile text costs that much
and answers a French message, never a stuck worker or a 500."""

import os
import select
import signal
import time

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from access.decorators import role_required
from access.roles import Role, role_of
from reports.tables import preview_markers
from reports.templatetags.narrative import render_markdown

MAX_CHARACTERS = 100_000
RENDER_SECONDS = 3.0


def _text_response(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def render_within(text: str, seconds: float) -> str | None:
    """render_markdown(text), or None when it takes longer than `seconds`."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, write, leave without any clean-up
        # (os._exit: no atexit, no finaliser closing the parent's database connection).
        status = 1
        try:
            os.close(read_end)
            data = str(render_markdown(text)).encode()
            while data:
                data = data[os.write(write_end, data) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    chunks, deadline, finished = [], time.monotonic() + seconds, False
    try:
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                break
            chunk = os.read(read_end, 65536)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not finished or os.waitstatus_to_exitcode(status) != 0:
        return None
    return b"".join(chunks).decode()


@role_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) == Role.READER:
        return _text_response(gettext("Les lecteurs n'écrivent aucun texte : pas d'aperçu."), 403)
    text = request.POST.get("text", "")
    if len(text) > MAX_CHARACTERS:
        return _text_response(
            gettext("Texte trop long pour l'aperçu (%(limit)s caractères au plus).")
            % {"limit": f"{MAX_CHARACTERS:,}".replace(",", "\u202f")},
            413,
        )
    html = render_within(text, RENDER_SECONDS)
    if html is None:
        return _text_response(
            gettext(
                "L'aperçu de ce texte n'a pas pu être calculé à temps : simplifiez-le "
                "(des milliers de crochets « [ » ou de chevrons « < », par exemple)."
            ),
            422,
        )
    # Table markers (reports.tables): a note saying which table goes there.
    response = HttpResponse(preview_markers(html), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
