import pytest
from django.core.files.base import ContentFile

from tests.factories import CommitteeFactory, MeetingFactory

PDF_BYTES = b"%PDF-1.4\n% compte-rendu CP2\n%%EOF\n"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cp2_meeting(db, media_root):
    """A CP2 meeting of 2020 whose minutes are a stored PDF (CP2: the `cp2` fixture's committee)."""
    meeting = MeetingFactory(committee=CommitteeFactory(code="CP2"))
    meeting.minutes.save("cr-cp2.pdf", ContentFile(PDF_BYTES))
    return meeting
