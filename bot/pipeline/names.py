"""Small closed word lists that name cleaning needs: titles, honorifics, name suffixes.

These are facts of English usage (how titles and honorifics are written before a name), not
facts about any article. They are kept apart so mentions, aliases and descriptions agree.
"""

from __future__ import annotations

# Honorifics: stripped from a name into its title, but never a description on their own.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "messrs", "mme", "m", "herr",
    "madam", "madame", "monsieur",
})

# Words that make a title when written before a person's name ("President", "Chancellor").
# A span that directly follows one of them is a person even when the tagger says otherwise.
TITLE_WORDS = frozenset({
    "president", "president-elect", "vice", "prime", "minister", "premier", "chancellor",
    "secretary", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
    "governor", "gov", "mayor", "king", "queen", "prince", "princess", "emperor", "empress",
    "pope", "cardinal", "bishop", "archbishop", "rabbi", "imam", "ayatollah", "sheikh",
    "general", "gen", "admiral", "adm", "colonel", "col", "lt", "lieutenant", "major", "maj",
    "captain", "capt", "sergeant", "sgt", "commander", "marshal", "judge", "justice",
    "ambassador", "envoy", "chairman", "chairwoman", "chairperson", "chair", "ceo", "cfo",
    "director", "spokesman", "spokeswoman", "spokesperson", "speaker", "leader", "chief",
    "professor", "lawmaker", "legislator", "mp", "deputy", "commissioner", "editor", "author",
    "analyst", "economist", "official", "diplomat", "coach", "founder", "head", "attorney",
    "counsel", "reverend", "rev", "father", "brother", "sister", "lord", "lady", "baron",
    "count", "duke", "duchess", "tsar", "czar", "sultan", "emir", "crown", "dictator",
    "opposition", "activist", "candidate", "nominee", "correspondent", "columnist",
    "commentator", "fellow", "researcher", "adviser", "advisor", "aide", "strongman",
    "counselor", "officer", "executive", "premier-elect",
}) | HONORIFICS

# Lower-case words that may open a title ("former Secretary of State", "then editor").
TITLE_MODIFIERS = frozenset({
    "former", "then", "late", "acting", "interim", "deputy", "vice", "ex", "incoming",
    "outgoing", "current", "retired", "sitting", "chief", "senior", "assistant", "associate",
    "co", "first", "longtime", "veteran",
})

# Nouns that, after a person's name, make the phrase an institution: "the Abe administration".
GOVERNANCE_NOUNS = frozenset({"administration", "government", "cabinet", "regime", "presidency"})

# Name suffixes that are not surnames ("Martin Luther King Jr.").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "esq"})

# Words of web-page chrome that leak into text as glued CamelCase runs ("ChevronIcon").
UI_WORDS = frozenset({
    "icon", "arrow", "chevron", "artboard", "button", "menu", "logo", "svg", "path", "layer",
    "close", "share", "print", "mail", "email", "search", "twitter", "facebook", "linkedin",
    "instagram", "whatsapp", "youtube", "rss", "toggle", "nav", "dropdown", "caret", "sketch",
})

# UI words that are never a name on their own (brands such as "Twitter" are left out).
CHROME_WORDS = UI_WORDS - {"twitter", "facebook", "linkedin", "instagram", "whatsapp", "youtube"}

# Endings of words that name a doctrine or policy built on a name ("Thatcherism", "Abenomics"):
# such a word is not a mention of the person inside it.
DOCTRINE_ENDINGS = ("ism", "isms", "nomics")

# Lower-case particles that belong to a surname ("de Gaulle", "van der Leyen", "al-Assad").
NAME_PARTICLES = frozenset({
    "de", "van", "von", "der", "den", "del", "della", "di", "da", "du", "dos", "das", "la", "le",
    "al", "el", "bin", "ibn", "ben", "ter", "ten", "zu", "y",
})

# Role nouns that only people hold: an entity in apposition with one of them is a person
# ("Olaf Scholz, the German chancellor") even when the tagger called it an organization.
PERSON_ROLE_NOUNS = frozenset({
    "president", "minister", "chancellor", "secretary", "senator", "governor", "mayor",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "professor", "fellow", "diplomat",
    "analyst", "economist", "researcher", "adviser", "advisor", "author", "editor", "journalist",
    "columnist", "correspondent", "commentator", "activist", "lawmaker", "politician",
    "candidate", "premier", "wife", "husband", "son", "daughter", "father", "mother", "brother",
    "sister", "widow", "king", "queen", "prince", "princess", "emperor", "general", "admiral",
    "scholar", "historian", "lecturer", "novelist", "writer", "businessman", "businesswoman",
    "billionaire", "confidant", "deputy", "envoy", "chairman", "chairwoman", "speaker",
})
