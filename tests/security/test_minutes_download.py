"""Meeting minutes are served only to users who may see the meeting."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import MeetingFactory
from tests.security.conftest import PDF_BYTES

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def minutes_url(meeting) -> str:
    return reverse("committees:meeting-minutes", args=[meeting.pk])


def test_the_cp2_focal_point_downloads_the_cp2_minutes_as_an_attachment(client, focal_cp2, cp2_meeting):
    client.force_login(focal_cp2)

    response = client.get(minutes_url(cp2_meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cr-cp2.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_mdcmre_staff_and_readers_download_any_committees_minutes(client, staff, reader, cp2_meeting):
    cp2_meeting.review_state = "validated"
    cp2_meeting.save()
    for user in (staff, reader):
        client.force_login(user)

        assert client.get(minutes_url(cp2_meeting)).status_code == 200


def test_readers_do_not_download_the_minutes_of_a_meeting_not_yet_validated(client, reader, cp2_meeting):
    client.force_login(reader)

    assert client.get(minutes_url(cp2_meeting)).status_code == 404


def test_a_focal_point_of_another_committee_gets_404(client, focal_cp4, cp2_meeting):
    client.force_login(focal_cp4)

    response = client.get(minutes_url(cp2_meeting))

    assert response.status_code == 404


def test_a_user_without_a_role_is_refused_in_french(client, cp2_meeting):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="sans.role", is_staff=True))

    response = client.get(minutes_url(cp2_meeting))

    assert response.status_code == 403
    assert "Votre compte n'a aucun rôle dans SNIA Suivi" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cp2_meeting):
    response = client.get(minutes_url(cp2_meeting))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/committees/meetings/{cp2_meeting.pk}/minutes/"


def test_a_meeting_without_minutes_answers_404(client, staff, cp2):
    client.force_login(staff)

    assert client.get(minutes_url(MeetingFactory(committee=cp2))).status_code == 404


def test_minutes_whose_file_is_missing_answer_404(client, staff, cp2_meeting):
    cp2_meeting.minutes.storage.delete(cp2_meeting.minutes.name)
    client.force_login(staff)

    assert client.get(minutes_url(cp2_meeting)).status_code == 404


def test_docx_minutes_are_served_as_word_documents(client, staff, cp2, media_root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    meeting = MeetingFactory(committee=cp2)
    meeting.minutes.save("cr.docx", ContentFile(buffer.getvalue()))
    client.force_login(staff)

    response = client.get(minutes_url(meeting))

    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="cr.docx"'


def test_uploaded_files_are_not_served_from_media_url(client, staff, cp2_meeting):
    client.force_login(staff)
    assert (cp2_meeting.minutes.storage.path(cp2_meeting.minutes.name)).endswith("cr-cp2.pdf")

    response = client.get(f"/media/{cp2_meeting.minutes.name}")

    assert response.status_code == 404
