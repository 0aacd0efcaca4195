# The constraint apart from the data migration before it: PostgreSQL cannot build
# an index in the transaction that deleted rows with deferred checks pending.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_separate_duplicate_institution_acronyms"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='institution',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('acronym'), condition=models.Q(('acronym', ''), _negated=True), name='institution_acronym_unique_ci', violation_error_message='Une autre institution porte déjà ce sigle (majuscules et minuscules confondues) : choisissez-en un autre ou laissez-le vide.'),
        ),
    ]
