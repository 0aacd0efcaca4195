from django.conf import settings
from django.db import migrations


def create_profiles(apps, schema_editor):
    """Accounts created before profiles existed get one, with the defaults
    (notifications on); new accounts get theirs when created."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    UserProfile = apps.get_model("accounts", "UserProfile")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    UserProfile.objects.bulk_create([UserProfile(user_id=pk) for pk in missing])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_profiles_and_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
