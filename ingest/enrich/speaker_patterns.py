"""The words and patterns that mark who speaks around a quote (verbs of saying, tags, statement
introductions, datelines, names as printed); shared by the stages of attribution."""

from __future__ import annotations

import re

FINITE = (
    "said|says|say|stated|states|state|added|adds|noted|notes|explained|explains|explain|wrote|writes|write|"
    "declared|declares|asserted|asserts|assert|argued|argues|argue|emphasized|emphasizes|stressed|stresses|stress|"
    "warned|warns|warn|urged|urges|urge|told|tells|continued|continues|concluded|concludes|highlights|highlighted|"
    "cites|cited|documents|documented|reported|reports|recommended|recommends|remarked|observed|observes|"
    "acknowledged|insisted|announced|commented|comments|affirmed|expressed concern regarding|expressed concern about|expressed|"
    "reads|read|released the following statement|issued the following statement|had this to say|"
    "responded|responds|replied|replies|answered|answers|asked|asks|inquired|inquires"
)
PARTICIPLE = (
    "stating|saying|noting|adding|explaining|writing|declaring|warning|urging|concluding|recommending|"
    "detailing|showing|highlighting|citing|documenting|arguing|asserting|emphasizing|calling for|demanding"
)
VERB = re.compile(rf"\b(?:(?P<part>{PARTICIPLE})|(?P<fin>{FINITE}))\b")
VERB_START = re.compile(rf"^(?:{FINITE})\b")
VERB_AFTER_SPEAKER = re.compile(rf"\s+(?:{FINITE})\b")
# A whole sentence that is only a quote's tag ("Reichert explained."): a name or a pronoun, then a verb.
TAG_SENTENCE = re.compile(rf"^(?P<who>(?:[A-Z][\w.’'-]*\s+){{1,3}}?|[Hh]e\s+|[Ss]he\s+)(?:{FINITE})\s*[.!]\s")
EMBEDDED_VERB = re.compile(
    r"(?:^|\bthat\b|,)\s*(?P<np>(?:the\s+|The\s+)?[A-Za-z][\w’'.-]*(?:\s+[A-Za-z][\w’'.-]*){0,5}?)\s+"
    r"(?:raised|expressed|said|stated|reported|concluded|found|warned|alleged|noted|wrote|declared)\b"
)
ACCORDING_END = re.compile(r"\b(?:according to|[Ii]n the words of) (?P<who>[^,:;“”\"]+?)\s*[,:]?\s*$")
ACCORDING = re.compile(r"\baccording to (?P<who>[^,:;.“”\"]+)")
POSSESSIVE_WORDS = re.compile(
    r"(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['’]s\s+(?:(?:full|complete|prepared|opening|floor|closing|written)\s+)?"
    r"(?i:remarks|statement|testimony|words|speech)\b")
# "WASHINGTON, DC –", "Washington DC - ", "WASHINGTON—": a hyphen needs a space before it ("Hau-yip" is a name).
DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.]*,?\s*){1,3}(?:\s-{1,2}|[–—]{1,2})\s*")
# A person's name as news and releases print it ("Sonya A. Zoghlin", "Patrick Carlineo Jr.").
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # letters of names as printed ("Velázquez", "Gutiérrez")
NAME = (rf"[{_UP}][{_LOW}]+(?:-[{_UP}{_LOW}]+)?(?:\s+[A-Z]\.)?(?:\s+[{_UP}][{_LOW}]+(?:-[{_UP}{_LOW}]+)?){{1,2}}"
         r"(?:,?\s+Jr\.)?")
# A name the text shows to be a person: followed by an age or a role ("Singh Jabarjung, 24,",
# "Sonya A. Zoghlin, Carlineo’s attorney,") or by a verb of saying.
NAMED_SOURCE = re.compile(
    rf"(?<![\w.])(?P<name>{NAME})(?=,\s+(?:\d{{1,3}},|(?:the|a|an|another|one|who|whose|former|his|her)\s"
    rf"|[A-Z][\w’'-]*['’]s\s)|\s+(?:{FINITE})\b|\s+of\s+(?:the\s+)?[A-Z][\w&’'-]+(?:\s+[A-Z][\w&’'-]+)*,)")
STATEMENT_INTRO = re.compile(
    r"\b(?:released|issued|made|gave|delivered|offered|provided|put out|shared|submitted)\s+(?:the\s+following|a|an|this|"
    r"these|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:statements?|remarks|comments|testimony)\b")
STATEMENT_FROM = re.compile(r"\b(?:[Ss]tatements?|[Rr]emarks|[Cc]omments)\s+(?:from|by)\s+[A-Z][^:]{2,80}:\s*$")
# A heading before a statement: "Remarks by Rep. David Price", "Floor Statement by Rep. Gene Green House
# Amendment to ...": the longest run of capitalised words after it that is a person.
REMARKS_HEADING = re.compile(
    r"\b(?:Statement|Remarks|Testimony|Speech)\s+(?:of|by|from)\s+(?P<who>(?:[A-Z][\w.’'-]*\s+){0,8}[A-Z][\w’'-]*)")
# A statement's label that names nobody: "Remarks as prepared for delivery:", "The full statement follows:".
NAMELESS_STATEMENT = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:The|A)\s+)?(?:(?:full|complete|prepared|written)\s+)?(?:[Rr]emarks|[Ss]tatement|[Tt]estimony)"
    r"(?:\s+as\s+prepared(?:\s+for\s+delivery)?|\s+follows|\s+below|\s+is\s+below)?\s*:\s*$")
POSSESSIVE_STATEMENT = re.compile(
    r"\b(?P<pronoun>[Hh]is|[Hh]er|[Tt]heir)\s+(?:full\s+|complete\s+|prepared\s+|opening\s+)?"
    r"(?:statements?|remarks|comments|testimony|floor speech|speech)\b[^“\"]{0,80}:\s*$")
# "John B. Larson (D-CT)", "Rick Larsen, WA-02": a member of Congress by party or district.
PARTY_TAGGED = re.compile(rf"(?<![\w.])(?P<name>{NAME})(?=\s*\((?:[DRI]-|[A-Z]{{2}}-\d)|,\s+[A-Z]{{2}}-\d|,\s+[DRI]-[A-Z])")
# Who says something in a narrative sentence: "Trump said", "Smith told".
SAYER = re.compile(rf"(?<![\w.])(?P<name>{NAME}|[A-Z][a-z]+)\s+(?:said|says|told|tells|stated|added)\b")
PARTY_TAG = re.compile(r"\s*\((?:[DRI]-|[A-Z]{2}-\d)[^()]{0,30}\)")  # "(R-TX-13)": no words of a name
OFFICE_OF = re.compile(r"^Office of (?:(?:Rep\.|Sen\.|Senator|Congressman|Congresswoman|Representative)\s+)?"
                        r"(?P<name>.+)$")
APPOSITIVE = re.compile(
    rf"^(?P<name>{NAME}|[A-Z][a-z]+),\s+(?P<role>(?:the|a|an|his|her|its|their|[A-Z][\w’'-]*['’]s)\s.+?),?$")
SENTENCE_SUBJECT = re.compile(rf"^(?P<name>{NAME}|[A-Z][a-z]+(?:-[A-Za-z]+)?)\b(?!\s+[A-Z])")
LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:Today|Yesterday|Tonight|Last night|Earlier|Later|Meanwhile|However|In addition|Also|Separately|Together|"
    r"[A-Z][a-z]{3,}(?:ally|ically|ately|ntly|ously|ively|arly|ably|edly|ingly)|"  # "Specifically,", "Additionally,"
    r"(?:This|Last|Earlier this|Later this) (?:week|month|year|morning|afternoon|evening)|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
    r"(?:st|nd|rd|th)?(?:,\s*\d{4})?|"  # "On Thursday, October 2nd, I stated": a date, then the subject
    r"(?:On|In|During|Following|After|Before|Prior to|Since|At|With|As|While|When|Upon|Amid|Ahead of|"
    r"[A-Z][a-z]+ing)\s[^,]{1,160}),\s*)+")
TRAILING_ADVERB = re.compile(
    r"(?:\s+(?:also|further|again|then|now|today|later|earlier|once\s+again|has|have|had|is|are|was|were|will|would|"
    r"(?:went|goes|go)\s+on\s+to|continued\s+to|\w+ly))+\s*$")
SPEAKER_CUT = re.compile(
    r"\s+(?:in (?:a|the|his|her|their) (?:joint |written |separate |recent |prepared )?(?:letter|statement|release|interview|"
    r"speech|report|testimony|remarks|comments|op-ed|column)|on \w+day|"
    r"during|at the|at a|when|while|who|which|after|before|regarding|concerning|referring to|in response to|"
    r"in reference to)\b.*$")
# A person described, not named: "The newly-elected GOP whip", "the senator", "the Texas Republican".
DESCRIBED_PERSON = re.compile(
    r"^(?:the|The)\s+(?P<role>(?:[\w.’'-]+\s+){0,3}(?:whip|senator|congressman|congresswoman|lawmaker|chairman|"
    r"chairwoman|ranking member|spokesman|spokeswoman|spokesperson|governor|mayor|ambassador|minister|Republican|"
    r"Democrat))$", re.IGNORECASE)
PRONOUNS = {"he", "she", "they", "we", "it", "this", "i"}
DEGREE = re.compile(r",?\s+(?:Ph\.\s?D\.?|M\.D\.|Ed\.D\.|J\.D\.|Esq\.)(?=[,;:\s]|$)")
DATE_START = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+\d")
DATE_WORD = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                        r"May|June|July|August|September|October|November|December")
POSSESSED_DOCUMENT = re.compile(
    r"^(?P<who>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]*)['’]s\s+(?:[a-z-]+\s+){0,2}?(?:letter|statement|remarks|"
    r"testimony|words|speech|message|op-ed|column|e-?mail|memo|note|announcement|release|post|tweet)\b")
FRAGMENT_HEADS = {"not", "his", "her", "its", "our", "their", "my", "your", "it's", "it’s", "there", "here", "only",
                   "just", "even"}
DETERMINER_HEADS = {"this", "that", "these", "those", "the", "a", "an"}
FRAGMENT_TAILS = {"two", "three", "four", "both", "same", "should", "would", "will", "can", "could", "may", "must",
                   "is", "are", "was", "were", "has", "have", "had", "also", "only", "first", "last", "fact", "way",
                   "waiver", "legislation", "bill", "measure", "funding", "money", "program", "amendment", "act"}
# A person named after these words is an object, not who speaks ("in reaction to President Trump").
OBJECT_BEFORE = re.compile(
    r"\b(?:to|on|about|of|regarding|after|by|against|with|for|from|toward|towards|at|following|honoring|"
    r"praising|thanking|welcoming|congratulating|mourning|criticizing|urging)\s+(?:the\s+)?$")
# Whom a letter is sent to or a meeting is with: "wrote to Speaker Paul Ryan", "a letter to U.S. General
# Services Administration (GSA)Administrator Emily Murphy", "his meeting with Indian Prime Minister Narendra Modi".
ADDRESSEE_BEFORE = re.compile(
    r"\b(?:to|with|from|of|on|about|regarding|urging|asking|thanking|by)\s+(?:the\s+)?(?:[A-Z(][\w.()&’'-]*\s*){0,7}$")
NOT_SPEAKERS = {"many", "some", "others", "several", "most", "all", "both", "few", "each", "and", "or", "but",
                 "there", "which", "who", "that", "these", "those", "now", "then", "here", "today", "meanwhile",
                 "still", "yet", "so", "also", "instead", "as", "while", "when", "if", "after", "before", "since",
                 "though", "although", "because", "per", "in", "on", "at", "for", "with", "from", "by", "to"}
DETERMINERS = {"The", "the", "A", "a", "An", "an", "This", "this", "That", "that", "Its", "its", "Their", "their"}
THIRD_PERSON_TITLE = (r"(?:President|Vice President|Congressman|Congresswoman|Representative|Rep\.|Senator|Sen\.|"
                      r"Chairman|Chairwoman|Chair|Ranking Member|Leader|Speaker|Secretary|Governor|Gov\.|Mayor|"
                      r"Dr\.|Mr\.|Mrs\.|Ms\.|Commandant|Admiral|Adm\.|Colonel|Col\.|General|Gen\.|Judge|Justice|"
                      r"Ambassador|Professor|Sheriff|Chief)")


def unglue(text: str) -> str:
    """Words glued where markup was lost, apart (for reading an attribution only; the stored quote
    text is never changed): ',” saidMr. Shelton' -> 'said Mr. Shelton', 'Executive Directoradded,'
    -> 'Executive Director added,'."""
    text = re.sub(r"\b(said|says|added|stated|wrote|noted)(?=[A-Z])", r"\1 ", text)
    text = re.sub(r"\b([A-Z][a-z]{3,})(?=(?:[A-Z][a-z]+))", r"\1 ", text)  # "said CollinsFrom 1976", "PriceWednesday"
    text = DEGREE.sub("", text)  # "Dr. Timothy P. Shriver Ph.D., Chairman": the degree is no part of the name
    return re.sub(r"\b([A-Z][a-z]{3,})(said|added|stated)(?=[\s,.:])", r"\1 \2", text)
