"""Which programmes get a chapter in a year's bilan.

A programme without content for the year is not given a page of « Non
renseigné » headings: it is named, with the others, in one paragraph after the
synthesis (templates/reports/bilan/without_content.html), at the anchor its
chapter would have, so that the contents and any link still lead to it. A year
may ask for every chapter (ReportingYear.full_chapters), to keep the structure
of an earlier edition.
"""


def has_content(chapter: dict) -> bool:
    """Whether a programme has content for the year, and so a chapter of its own
    (`chapter` as reports.bilan builds it).

    It has when the year gives it anything to print beyond its headings:
    - a record placed in it (a session, an état d'avancement, a university
      programme, a study, or the committees' meetings under the governance
      action): validated ones in the published bilan, drafts too in a preview
      that shows them;
    - narrative: its introduction, or a section about one of its objectives;
    - a challenge, a measure for next year or a recommendation.
    Its purpose and its list of objectives are the strategy's, the same every
    year: they alone do not make a chapter.
    """
    return bool(
        chapter["introduction"]
        or any(not subsection.is_empty for subsection in chapter["subsections"])
        or chapter["challenges"]
        or chapter["measures"]
        or chapter["recommendations"]
    )


def with_chapter(chapters: list[dict], full_chapters: bool) -> tuple[list[dict], list[dict]]:
    """(the chapters printed, the programmes named without a chapter: their
    programme and anchor), each in the order given; every chapter printed when
    the year asks for `full_chapters` (ReportingYear.full_chapters)."""
    if full_chapters:
        return chapters, []
    printed, without = [], []
    for chapter in chapters:
        if has_content(chapter):
            printed.append(chapter)
        else:
            without.append({"programme": chapter["programme"], "anchor": chapter["anchor"]})
    return printed, without
