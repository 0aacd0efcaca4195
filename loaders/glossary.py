# ruff: noqa: E501 - wording copied verbatim from the sources stays on one line.
"""The glossary of acronyms that `load_reference` loads (programmes.models.Acronym).

The acronyms of the 2020 bilan excerpt (../shared/reference/bilan-2020-extrait.md)
and of the demo data. The expansion is the one the report gives where it gives
one (« Comité de Pilotage (CoPil) », « la migration des enfants non accompagnés
ou séparés (ENAS) »), else the organisation's official French name. Left out,
because no source spells them out: AMUDDU and INDIMAJ (project names, not
acronyms), ENRPU (a university of the excerpt's table we cannot name), « ONU »
(only ever in « ONU Femmes », a name), CT (never written in the text).
"""

from loaders.loading import load_row
from loaders.reference_data import BIT, ENABEL, EUROPEAN_UNION, HCP, MDCMRE, OIM, UNHCR
from programmes.models import Acronym

ACRONYMS = [
    ("ANAPEC", "Agence nationale de promotion de l'emploi et des compétences"),
    ("ARMIP-PRM", "Africa Regional Migration Program"),  # the report's "(ARMIP-PRM)"
    ("BIT", BIT),
    ("CIST", "Conférence internationale des statisticiens du travail"),
    ("CJH", "Clinique juridique Hijra"),  # "Clinique juridique Hijra (CJH)"
    ("CoPil", "Comité de pilotage"),  # "Comité de Pilotage (CoPil)"
    ("COVID-19", "maladie à coronavirus 2019"),  # the WHO's French name
    ("CP", "Comité programmes"),  # "Comités Programmes (CP)"
    ("DEPOMI", "Déploiement des politiques migratoires au niveau régional"),
    ("ENABEL", ENABEL),
    ("ENAS", "enfants non accompagnés ou séparés"),
    ("ENSA", "École nationale supérieure de l'administration"),
    ("FFU", "Fonds fiduciaire d'urgence"),  # "Fonds Fiduciaire d'Urgence (FFU) de l'Union Européenne"
    ("GAR", "gestion axée sur les résultats"),  # "la gestion axée sur les résultats (GAR)"
    ("HCP", HCP),
    ("ISIC", "Institut supérieur de l'information et de la communication"),
    ("MDCMRE", MDCMRE),
    (
        "MENFPESRS",
        "Ministère de l'Éducation nationale, de la Formation professionnelle, de l'Enseignement supérieur et de la Recherche scientifique",
    ),
    ("MRE", "Marocains résidant à l'étranger"),
    ("MTIP", "Ministère du Travail et de l'Insertion professionnelle"),
    ("OFPPT", "Office de la formation professionnelle et de la promotion du travail"),
    ("OIM", OIM),
    ("OIT", "Organisation internationale du Travail"),
    ("OSC", "organisations de la société civile"),  # "organisations de la société civile (OSC)"
    ("OSP", "objectif spécifique"),  # "Ses objectifs spécifiques … (OSP 24)"
    ("PDR", "Plan de développement régional"),  # "les Plans de Développement Régionaux"
    ("RDPP", "Programme régional de développement et de protection en Afrique du Nord"),
    ("SEA", "exploitation et abus sexuels"),  # "l'exploitation et des abus sexuels (SEA)"
    ("SNIA", "Stratégie nationale d'immigration et d'asile"),
    ("TAIEX", "Programme d'assistance technique et d'échange d'informations"),
    ("UE", EUROPEAN_UNION),
    ("UH2", "Université Hassan II de Casablanca"),
    ("UIZ", "Université Ibn Zohr d'Agadir"),
    ("UM5", "Université Mohammed V de Rabat"),
    ("UMI", "Université Moulay Ismaïl de Meknès"),
    ("UMP", "Université Mohammed Premier d'Oujda"),
    ("UNHCR", UNHCR),
    ("UNODC", "Office des Nations Unies contre la drogue et le crime"),
    ("USMS", "Université Sultan Moulay Slimane de Béni Mellal"),
]


def load_glossary() -> None:
    """Each acronym once; an expansion staff rewrote, or an entry they deleted, stays so."""
    for sigle, expansion in ACRONYMS:
        # A sigle staff typed first is adopted, whatever its case: « COPIL » is « CoPil ».
        load_row(
            Acronym, sigle, [{"sigle": sigle}, {"sigle__iexact": sigle}], {"expansion": expansion}, fill=True
        )
