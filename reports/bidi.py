"""Right-to-left typography of the Arabic bilan: Latin runs isolated.

In an Arabic line, a French name, an acronym or « Comité de pilotage (CoPil) »
is a left-to-right run; without isolation the Unicode bidirectional algorithm
moves its closing punctuation and neighbouring figures to the wrong side.
Each run is wrapped in First Strong Isolate … Pop Directional Isolate: laid
out in its own direction, it moves as one block (Pango honours them and draws
nothing for them; browsers too). Applied as the "ar" rule of reports.typography,
to the preview and the PDF alike; French shown for want of a translation is a
block of its own (lang="fr" dir="ltr") and is left alone.
"""

import re

FSI, PDI = "\u2068", "\u2069"
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# reports.typography's placeholders (an inline tag, inserted markup): a run never crosses one.
PRIVATE_USE = "\ue000-\uf8ff"
# From a Latin letter to the last Latin letter, figure or closing sign before
# Arabic text, a line's end or a placeholder; a final « . » or « , » is the
# Arabic sentence's.
LATIN_RUN = re.compile(rf"[{LATIN}](?:[^{ARABIC}{PRIVATE_USE}\n{FSI}{PDI}]*[{LATIN}0-9)\]»%])?")


def isolate_left_to_right(text: str) -> str:
    """`text` as one left-to-right block in a right-to-left line."""
    return f"{FSI}{text}{PDI}"


def isolate_latin(text: str, context=None) -> str:
    """`text` with its Latin runs — acronyms, codes beside them, French names — isolated."""
    return LATIN_RUN.sub(lambda match: f"{FSI}{match.group(0)}{PDI}", text)
