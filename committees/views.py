from pathlib import PurePath

from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect

from access.decorators import role_required
from access.rules import visible_to
from committees.models import Meeting

# The only two types an upload may have (see Meeting.minutes' validators).
MINUTES_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@role_required
def stored_minutes(request: HttpRequest, name: str) -> HttpResponseRedirect:
    """Where a stored file's URL leads (see MinutesStorage): the meeting's door below."""
    meeting = get_object_or_404(visible_to(Meeting.objects.all(), request.user), minutes=name)
    return redirect("committees:meeting-minutes", pk=meeting.pk)


@role_required
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    """Serves a meeting's minutes to whoever may see the meeting.

    Uploaded files are never served from MEDIA_URL: this view is their only
    door. A meeting out of the user's scope answers 404, like one that does
    not exist, so that ids cannot be probed.
    """
    meeting = get_object_or_404(visible_to(Meeting.objects.all(), request.user), pk=pk)
    if not meeting.minutes:
        raise Http404
    name = PurePath(meeting.minutes.name).name
    content_type = MINUTES_CONTENT_TYPES.get(PurePath(name).suffix.lower())
    if content_type is None:
        raise Http404
    try:
        file = meeting.minutes.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, as_attachment=True, filename=name, content_type=content_type)
    # Browsers must take the declared type, never guess one from the bytes.
    response["X-Content-Type-Options"] = "nosniff"
    return response
