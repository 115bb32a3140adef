"""Families of phrasings, compiled once at import.

Each family is a set of alternatives with synonyms and inflections, so that a rule
judges what a draft *means* ("sorry", "we apologise", "that was our mistake") rather
than one wording. Gaps between words are bounded (`{0,3}` words) so that no pattern
backtracks across a whole paragraph of untrusted input.

The families were written from the cases in DOMAIN.md and the rule docs; the held-out
paraphrases in tests/data/checks/heldout/ were written afterwards to test them.
"""

from __future__ import annotations

import re
from re import Pattern


def rx(*alternatives: str, flags: int = re.IGNORECASE) -> Pattern[str]:
    """One compiled pattern matching any of `alternatives`."""
    return re.compile("|".join(f"(?:{a})" for a in alternatives), flags)


def words(text: str) -> frozenset[str]:
    """A set of lower-case words, written as prose so the lists stay readable."""
    return frozenset(text.split())


W = r"(?:[\w'-]+\s+)"  # one word and the space after it
WE = r"(?:we|i)"
# "we're", "I've": the contraction follows without a space, so these carry their own
WE_BE = r"(?:we|i)(?:'re|'m|\s+(?:are|am))"
WE_HAVE = r"(?:we|i)(?:'ve|\s+have)"
BE = r"(?:are|am|'re|'m|were|was|is)"
NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|a\s+hundred|hundred)"
)
# Digits are bounded: an unbounded [\d,.]* backtracks quadratically on "1,1,1,..."
DIGITS = r"\d[\d,.]{0,15}"
NUMBER = rf"(?:{DIGITS}(?:\s*%)?|{NUMBER_WORD})"
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

# --- apologies ---------------------------------------------------------------------

APOLOGY = rx(
    r"\bsorry\b",
    r"\bapolog(?:y|ies|ise|ize|ised|ized|ises|izes|ising|izing)\b",
    rf"\b{WE}\s+(?:were|was)\s+wrong\b",
    r"\b(?:our|my)\s+(?:own\s+)?(?:mistake|fault|error|failure)\b",
    rf"\b(?:{WE_HAVE}|{WE})\s+(?:failed|let)\s+you\b",
    rf"\b(?:{WE_HAVE}|{WE})\s+made\s+(?:a|an)\s+{W}?(?:mistake|error)\b",
    rf"\b{WE}\s+(?:fully\s+)?(?:take|accept)\s+(?:full\s+|complete\s+|total\s+)?responsibility\b",
    r"\bforgive\s+(?:us|me)\b",
    rf"\b{WE}\s+(?:deeply\s+|sincerely\s+|truly\s+|bitterly\s+)?regret\s+(?:that\s+)?"
    rf"(?:we|i|our|my|not|failing|having|letting|exposing|sending)\b",
    rf"\b{WE}\s+(?:messed|screwed)\s+up\b",
    rf"\b{WE}\s+got\s+(?:this|it)\s+(?:badly\s+)?wrong\b",
)

# "We take responsibility" in its many forms: the part of an apology that matters most
# (2016 study of 755 people). Active first-person verbs of the failure count too.
RESPONSIBILITY = rx(
    rf"\b{WE}\s+(?:fully\s+)?(?:take|accept|bear|own|assume)\s+(?:full\s+|complete\s+|total\s+|"
    r"sole\s+)?(?:the\s+)?(?:responsibility|blame)\b",
    rf"\b{WE_BE}\s+(?:fully\s+|solely\s+|entirely\s+|wholly\s+)?"
    r"(?:responsible|accountable|to\s+blame|at\s+fault)\b",
    r"\b(?:our|my)\s+(?:own\s+)?(?:mistake|fault|error|failure|doing|responsibility|"
    r"negligence|oversight)\b",
    r"\b(?:the\s+)?(?:mistake|fault|error|failure|responsibility|blame)\s+(?:is|was|lies\s+with|"
    r"rests\s+with)\s+(?:entirely\s+|solely\s+|only\s+)?(?:ours|mine|us|me)\b",
    rf"\b(?:{WE_HAVE}|{WE})\s+made\s+(?:a|an)\s+{W}?(?:mistake|error)\b",
    rf"\b(?:{WE_HAVE}|{WE})\s+(?:failed|let\s+you\s+down|got\s+(?:this|it)\s+(?:badly\s+)?"
    r"wrong|messed\s+up|screwed\s+up|fell\s+short|dropped\s+the\s+ball)\b",
    rf"\b{WE}\s+(?:were|was)\s+wrong\b",
    rf"\b{WE}\s+(?:fully\s+)?(?:own|acknowledge|admit|accept)\s+(?:this|that|the|our|my)\s+"
    r"(?:[\w-]+\s+)?(?:mistake|error|failure|fault|failings?)\b",
    rf"\b{WE}\s+(?:should|ought\s+to)(?:'ve|\s+have|\s+never)\b",
    rf"\b{WE}\s+(?:should\s+not|shouldn't)\s+have\b",
    rf"\b{WE}\s+(?:did\s+not|didn't|failed\s+to|never)\s+(?:properly\s+|adequately\s+|"
    r"sufficiently\s+)?(?:protect|secure|test|check|catch|notice|encrypt|follow|review|act|"
    r"respond|tell|live\s+up|take|keep|safeguard|hash|patch|fix)\b",
    rf"\b{WE}\s+(?:\w+ly\s+)?(?:exposed|leaked|mishandled|neglected|overlooked|misconfigured|"
    r"broke|introduced)\b",
    rf"\b{WE}\s+(?:accidentally|mistakenly|wrongly|inadvertently|carelessly|wrongfully)\s+\w+",
    rf"\b{WE}\s+left\s+{W}{{0,4}}?(?:open|unprotected|exposed|unencrypted|public|visible|"
    r"accessible|unsecured)\b",
    rf"\b{WE}\s+stored\s+{W}{{0,4}}?(?:in\s+plain\s*text|unencrypted|unhashed|without)\b",
    r"\bour\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:caused|allowed|exposed|let|broke)\b",
    r"\b(?:this|it)\s+(?:is|was)\s+(?:all\s+)?on\s+(?:us|me)\b",
    r"\bno\s+excuse\b",
    r"\bthe\s+(?:mistake|error|failure)\s+was\s+(?:ours|mine)\b",
)

# --- wording that undoes an apology -------------------------------------------------

TROUBLE = (
    r"(?:inconvenience[sd]?|trouble|confusion|disruption|frustration|difficult(?:y|ies)|hassle|"
    r"annoyance|concern|worry|alarm|anxiety|distress|issues?|problems?)"
)
NON_APOLOGY_REGRET = rf"\bregret(?:s|ted)?\s+(?:any|the|this|all|some)\s+{W}{{0,2}}?{TROUBLE}\b"
NON_APOLOGY_FOR_TROUBLE = (
    rf"\b(?:apolog\w+|sorry|regret\w*)\s+(?:[\w']+\s+){{0,4}}?(?:for|about)\s+"
    rf"(?:any|the|this|all|some)\s+{W}{{0,2}}?{TROUBLE}\b"
)
NON_APOLOGY_INCONVENIENCE = r"\b(?:any|the|this|all|some)\s+(?:[\w-]+\s+)?inconvenience\b"
NON_APOLOGY_PASSIVE = (
    r"\b(?:mistakes|errors|missteps)\s+(?:were|have\s+been|had\s+been|got)\s+made\b"
)
NON_APOLOGY_HEDGE = (
    r"\b(?:this|it|that|which|we|the\s+\w+|what)\s+(?:may|might|could)\s+(?:possibly\s+)?"
    r"(?:have\s+)?(?:caused|cause|created|create|resulted\s+in|result\s+in|led\s+to|lead\s+to|"
    r"brought)\b"
)
NON_APOLOGY_CONDITIONAL = (
    r"\b(?:sorry|apolog\w+|regret\w*)\s+(?:[\w']+\s+){0,3}?(?:if|in\s+case|to\s+the\s+extent"
    r"(?:\s+that)?)\s+(?:you|anyone|someone|any\s+of\s+you|(?:any\s+|some\s+)?(?:customers?|"
    r"users?|members?|people|readers?)|this|it)\b"
)
NON_APOLOGY_ANYONE = (
    r"\b(?:sorry|apolog\w+)\s+(?:[\w']+\s+){0,3}?to\s+(?:anyone|anybody|any\s+(?:customers?|"
    r"users?|members?|of\s+you)|those\s+(?:of\s+you\s+)?who\s+(?:may|might|feel|felt|were|"
    r"believe))\b"
)
NON_APOLOGY_FEELINGS = (
    r"\bsorry\s+(?:that\s+)?(?:you|some\s+of\s+you|anyone|people)\s+(?:feel|felt|were\s+upset|"
    r"are\s+upset|were\s+offended|are\s+offended|see\s+it|saw\s+it|think)\b"
)
NON_APOLOGY = rx(
    NON_APOLOGY_REGRET,
    NON_APOLOGY_FOR_TROUBLE,
    NON_APOLOGY_INCONVENIENCE,
    NON_APOLOGY_PASSIVE,
    NON_APOLOGY_HEDGE,
    NON_APOLOGY_CONDITIONAL,
    NON_APOLOGY_ANYONE,
    NON_APOLOGY_FEELINGS,
)

# --- minimising -----------------------------------------------------------------------

SMALL_AMOUNT = (
    rf"(?:{NUMBER}|a\s+few|a\s+couple|a\s+handful|a\s+small|a\s+tiny|a\s+very\s+small|"
    r"a\s+limited|a\s+minority|a\s+fraction|several|some|one\s+or\s+two)"
)
MIN_ONLY = (
    r"\b(?:only|just|merely|mere|barely)\s+(?:(?:for|about|around|approximately|roughly|some|"
    r"affected|impacted|exposed|involved|lasted|a\s+total\s+of)\s+){0,2}"
    + SMALL_AMOUNT
    + r"\b(?:\s+(?:of\s+)?[\w-]+)?"
)
MIN_BRIEF = (
    r"\b(?:only|just|merely)\s+(?:very\s+)?(?:briefly|momentarily|temporarily|for\s+a\s+(?:very\s+)?"
    r"(?:short|brief|limited)\s+(?:time|period|while|window))\b"
)
MIN_FEW = (
    r"\b(?:a\s+)?(?:very\s+|relatively\s+|extremely\s+|vanishingly\s+)?(?:small|tiny|limited|"
    r"negligible|insignificant|minimal|minuscule|low)\s+(?:number|percentage|fraction|portion|"
    r"subset|group|amount|proportion|share|handful|count|minority)\s+of\b",
    r"\bhandful\s+of\b",
    r"\b(?:very|relatively|extremely)\s+few\s+(?:[\w-]+\s+)?(?:users|customers|accounts|members|"
    r"people|records|subscribers|clients)\b",
    r"\b(?:a\s+)?(?:tiny|small)\s+(?:minority|fraction)\b",
    r"\b(?:less|fewer)\s+than\s+(?:\d[\d.,]*\s*%|one\s+percent|1\s+percent|a\s+(?:fraction|"
    r"tiny|small))",
)
MIN_NO_EFFECT = (
    r"\b(?:no|zero|little|minimal|negligible|limited)\s+(?:[\w-]+\s+){0,2}?(?:effect|impact|"
    r"consequences?|risk|implications?)\s+(?:on|to|for)\s+(?:[\w'-]+\s+){0,3}?(?:security|safety|"
    r"privacy|data|accounts?|customers?|users?|members?|you|information)\b",
    r"\b(?:did|does|do|will|would|has|have|had)\s*(?:not|n't)\s+(?:\w+\s+)?(?:affect|impact|"
    r"compromise|put|threaten|endanger)\s+(?:[\w'-]+\s+){0,3}?(?:security|safety|privacy|data|"
    r"accounts?|information|at\s+risk)\b",
    r"\b(?:your\s+)?(?:data|information|account|accounts|details)\s+(?:is|are|was|were|remains?|"
    r"stays?)\s+(?:completely\s+|perfectly\s+|totally\s+|entirely\s+|still\s+)?(?:safe|secure)\b",
    r"\b(?:poses?|posed|presents?|presented)\s+(?:no|little|minimal|negligible|a\s+low)\s+"
    r"(?:real\s+)?(?:risk|threat|danger)\b",
)
MIN_NO_EVIDENCE = (
    r"\b(?:no|not\s+(?:found|seen|detected)\s+any|n't\s+(?:found|seen|detected)\s+any|"
    r"not\s+aware\s+of\s+any)\s+(?:\w+\s+)?(?:evidence|indications?|signs?|reason\s+to\s+"
    r"(?:believe|think|suspect)|reports?)\s+(?:[\w'-]+\s+){0,5}?(?:misuse|misused|abuse|abused|"
    r"fraud\w*|exploit\w*|accessed|used|stolen|harm|compromise\w*|acquired|viewed|downloaded|"
    r"copied|taken|exfiltrated|malicious)",
    rf"\b{WE}\s+(?:do\s+not|don't|have\s+no\s+reason\s+to)\s+(?:believe|think|expect)\s+"
    r"(?:that\s+)?(?:[\w'-]+\s+){0,5}?(?:misused|accessed|used|stolen|viewed|affected|at\s+risk|"
    r"compromised|downloaded|harmed)",
    r"\b(?:highly\s+|very\s+)?unlikely\s+(?:that\s+)?(?:[\w'-]+\s+){0,5}?(?:misused|accessed|used|"
    r"stolen|viewed|affected|harmed|compromised|be\s+misused|be\s+used)\b",
)
MIN_MINOR = (
    r"\b(?:minor|small|brief|isolated|low[- ]risk|insignificant|short[- ]lived|harmless|"
    r"trivial|limited|temporary|momentary)\s+(?:security\s+|technical\s+|data\s+|privacy\s+)?"
    r"(?:issue|incident|glitch|hiccup|problem|bug|event|exposure|outage|error|matter|lapse|blip|"
    r"leak|breach|snafu)s?\b"
)
MIN_MINOR_PREDICATE = (
    r"\b(?:issue|incident|glitch|hiccup|problem|bug|exposure|outage|error|lapse|leak|breach)\s+"
    r"(?:was|is|has\s+been|proved|remained)\s+(?:very\s+|extremely\s+|relatively\s+)?(?:minor|"
    r"brief|short[- ]lived|isolated|small|trivial|harmless|momentary|insignificant)\b"
)
MIN_NO_WORRY = (
    r"\bnothing\s+to\s+(?:worry|be\s+(?:worried|concerned|alarmed))\b",
    r"\bno\s+(?:need|reason|cause)\s+(?:for|to)\s+(?:any\s+)?(?:alarm|concern|worry|panic|"
    r"be\s+(?:alarmed|concerned|worried))\b",
    r"\b(?:don't|do\s+not)\s+(?:need\s+to\s+)?(?:worry|panic|be\s+(?:alarmed|concerned|worried))\b",
)
MIN_ONLY_DATA = (
    r"\bonly\s+(?:your\s+|the\s+|their\s+|our\s+(?:customers'|users'|members')\s+)?(?:e-?mail|"
    r"names?|user\s*names?|basic|non-sensitive|public|publicly|limited|contact|low-risk)\b"
)

# --- defensiveness, blame, burden, platitudes, deflection ------------------------------

DEFENSIVE = (
    r"\bfeature,?\s+not\s+a\s+bug\b",
    r"\bnot\s+(?:a|really\s+a)\s+bug\b",
    r"\b(?:working|works|worked|functioning|functions|functioned|behaving|behaves|behaved|"
    r"performing|performed|operating|operated)\s+(?:exactly\s+|precisely\s+|just\s+)?(?:as|like)\s+"
    r"(?:it\s+(?:was|is|should)\s+)?(?:intended|designed|expected|it\s+should|specified|planned)\b",
    r"\b(?:by|as)\s+design\b",
    rf"\b{WE}(?:'ve\s+done|\s+(?:did|have\s+done))\s+nothing\s+wrong\b",
    rf"\b{WE}\s+(?:did\s+not|didn't)\s+do\s+anything\s+wrong\b",
    r"\b(?:not|n't|none\s+of\s+(?:it|this|that)\s+(?:was|is))\s+(?:\w+\s+)?(?:our|my)\s+fault\b",
    r"\bno\s+fault\s+of\s+(?:our|my)\s+own\b",
    r"\b(?:this|it|that)\s+(?:was|is|has\s+been)\s+not\s+(?:a|an|really\s+a)\s+(?:[\w-]+\s+)?"
    r"(?:breach|hack|vulnerability|leak|security\s+(?:issue|incident|problem|flaw))\b",
    r"\b(?:this|it|that)\s+(?:wasn't|isn't)\s+(?:a|an|really\s+a)\s+(?:[\w-]+\s+)?"
    r"(?:breach|hack|vulnerability|leak|security\s+(?:issue|incident|problem|flaw))\b",
    r"\b(?:no\s+(?:system|company|organi[sz]ation|website|service)|nothing)\s+(?:is|can\s+be)\s+"
    r"(?:ever\s+)?(?:100\s*%|completely|perfectly|totally|fully|entirely)\s+(?:secure|safe|"
    r"immune)\b",
    r"\bno\s+(?:company|organi[sz]ation|business|one)\s+is\s+immune\b",
    r"\bno\s+(?:way|means)\s+(?:of|to)\s+(?:know|knowing|predict|predicting|foresee|foreseeing|"
    r"prevent|preventing)\b",
    r"\bcould(?:\s+not|n't)\s+have\s+(?:been\s+)?(?:known|predicted|foreseen|prevented|"
    r"anticipated)\b",
)

DEFENSIVE_PRACTICE = (
    rf"\b(?:{WE_HAVE}|{WE})\s+(?:always\s+|fully\s+)?(?:followed|complied\s+with|met|exceeded|"
    r"adhered\s+to|follow|comply\s+with|meet|exceed|adhere\s+to)\s+(?:all\s+)?"
    r"(?:relevant\s+|applicable\s+)?(?:industry|best|standard|recognised|recognized)\b"
)

OTHERS = (
    r"(?:vendor|supplier|partner|contractor|sub-?contractor|provider|third[- ]part(?:y|ies)|"
    r"outside\s+(?:firm|company|party)|external\s+(?:firm|company|party|provider|service)|"
    r"processor|(?:hosting|cloud|service|software|payment|e-?mail|it)\s+(?:company|provider|"
    r"partner|vendor)|consultan(?:t|cy)|agency|outsourc\w+|affiliate|reseller|integrator|"
    r"host)(?:s|'s|s'|')?"
)
BLAME_FAULT = (
    rf"\b{OTHERS}\s+{W}{{0,2}}?(?:fault|error|mistake|negligence|failure|oversight|"
    r"misconfiguration|blunder|carelessness|lapse)s?\b"
)
BLAME_CAUSE = (
    r"\b(?:due\s+to|caused\s+by|because\s+of|(?:the\s+)?(?:direct\s+)?result\s+of|resulted\s+from|"
    r"stemm(?:ed|ing)\s+from|originat(?:ed|ing)\s+(?:at|with|from)|traced\s+(?:back\s+)?to|"
    r"attributable\s+to|blame\s+(?:lies\s+)?(?:with|on)|fault\s+(?:lies\s+)?with|responsibility\s+"
    r"(?:lies|rests)\s+with|introduced\s+by|made\s+by|on\s+the\s+part\s+of)\s+(?:a|an|the|our|"
    rf"one\s+of\s+our|their)\s+{W}{{0,3}}?{OTHERS}\b"
)
BLAME_FAULT_BY = (
    r"\b(?:fault|error|mistake|negligence|failure|oversight|misconfiguration|blunder|lapse)s?\s+"
    r"(?:by|of|at|on\s+the\s+part\s+of)\s+(?:a|an|the|our|one\s+of\s+our|their)\s+"
    rf"{W}{{0,3}}?{OTHERS}\b"
)
BLAME_RESPONSIBLE = (
    rf"\b(?:a|an|the|our)\s+{W}{{0,2}}?{OTHERS}\s+(?:was|is|were|are)\s+(?:solely\s+|fully\s+|"
    r"entirely\s+|wholly\s+)?(?:responsible|to\s+blame|at\s+fault|liable)\b"
)
BLAME_VICTIM = (
    rf"\b{WE}(?:'re|'ve\s+been|\s+(?:were|are|was|have\s+been|too\s+were))\s+(?:also\s+|"
    r"ourselves\s+|too\s+)?"
    r"(?:the\s+|a\s+)?victims?\b",
    r"\bvictims?\s+of\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:attack|crime|hack|cyber-?attack|"
    r"criminal)",
)
BLAME_SOPHISTICATED = (
    r"\b(?:highly\s+|extremely\s+|very\s+|incredibly\s+)?(?:sophisticated|advanced|"
    r"state-sponsored|nation-state|determined)\s+(?:[\w-]+\s+)?(?:attack|attackers?|actors?|"
    r"criminals?|hackers?|adversar(?:y|ies)|campaign|threat|intrusion|operation)s?\b"
)
BLAME_USERS = (
    r"\b(?:users?|customers?|members?|you|people|those)\s+(?:who\s+(?:[\w'-]+\s+){1,3})?(?:should|"
    r"ought\s+to)(?:'ve|\s+have)\b",
    r"\b(?:rogue|junior|single|lone|individual|former|disgruntled)\s+(?:employee|staff\s+member|"
    r"engineer|developer|intern|team\s+member|worker|contractor)\b",
    r"\b(?:an?\s+)?(?:employee|staff|engineer|developer|intern|individual)(?:'s)?\s+"
    r"(?:error|mistake|negligence|carelessness)\b",
)

HELP_OFFER = rx(
    rf"\b(?:anything|something|what(?:ever)?)\s+(?:else\s+)?(?:that\s+)?{WE}\s+(?:can|could|might|"
    r"may|should|are\s+able\s+to|am\s+able\s+to)\s+(?:[\w'-]+\s+){0,2}?(?:do|help|assist|rectify|"
    r"fix|offer|make|improve|change)\b",
    rf"\bif\s+{WE}\s+can\s+(?:be\s+of\s+(?:any\s+)?(?:further\s+|more\s+)?(?:help|assistance|"
    r"service|use)|help|assist|do\s+(?:anything|something))\b",
    rf"\b(?:in\s+)?any\s+(?:other\s+)?way\s+{WE}\s+(?:can|could|might)\b",
    rf"\bhow\s+{WE}\s+(?:can|could|might|should)\s+(?:make\s+(?:it|this|things)\s+(?:right|up)|"
    r"make\s+amends|earn\s+back|regain|win\s+back|compensate|do\s+better|help|fix|rectify)",
    rf"\bwhat\s+(?:else\s+)?(?:can|could|should|might|may)\s+{WE}\s+do\b",
    r"\bwhat\s+(?:would|will|might|could)\s+(?:make\s+(?:it|this|things)\s+right|help)\b",
    r"\bwhat\s+you\s+(?:would\s+like|want|need|expect|wish)\s+(?:us|me)\s+to\s+do\b",
    r"\b(?:anything|something)\s+(?:else\s+)?(?:you\s+)?(?:need|want|would\s+like)\s+from\s+"
    r"(?:us|me)\b",
)
ASK = rx(
    r"\blet\s+(?:me|us)\s+know\b",
    r"\btell\s+(?:me|us)\b",
    r"\breach\s+out\b",
    r"\b(?:contact|email|e-mail|call|phone|message|ping|write\s+to|text)\s+(?:me|us)\b",
    r"\bget\s+in\s+touch\b",
    r"\bhesitate\b",
    r"\breply\b",
    r"\brespond\b",
    r"\bask\b",
    r"\bdrop\s+(?:me|us)\b",
    r"\?",
    r"\bfeel\s+free\b",
    r"\bwelcome\s+(?:your|any)\b",
    rf"\b{WE}(?:'d|\s+would)\s+(?:love|like)\s+to\s+hear\b",
    r"\bshare\s+(?:your\s+|any\s+)?(?:ideas|thoughts|suggestions)\b",
    r"\b(?:just|simply)\s+say\b",
)

SECURITY_WORD = rx(
    r"\b(?:security|secure|privacy|private|data|information|protect\w*|safety|safe|trust|"
    r"confidential\w*|personal|safeguard\w*)\b"
)
PLATITUDE_SERIOUS = (
    r"\btak(?:e|es|ing|en)\s+(?:[\w'-]+\s+){0,6}?(?:security|privacy|protection|safety|data|"
    r"information|confidentiality|safeguarding)\s+(?:[\w'-]+\s+){0,5}?(?:very\s+|extremely\s+|"
    r"incredibly\s+|most\s+|really\s+|so\s+|highly\s+|quite\s+)?seriously\b",
    r"\b(?:security|privacy|protection|safety|data|information)\s+(?:[\w'-]+\s+){0,5}?(?:we|i)"
    r"(?:'ve|\s+have)?\s+(?:always\s+)?(?:take|taken)\s+(?:very\s+|extremely\s+|incredibly\s+|most\s+|really\s+)?seriously\b",
)
PLATITUDE_PRIORITY = (
    r"\b(?:is|are|remains?|has\s+always\s+been|have\s+always\s+been|will\s+always\s+be|was|"
    r"continues\s+to\s+be)\s+(?:our|my|the|a)\s+(?:very\s+|absolute\s+)?(?:top|highest|"
    r"number[- ]one|#1|first|main|primary|greatest|utmost|foremost|biggest)\s+(?:priority|"
    r"concern|commitment|focus)\b",
    r"\b(?:is|are|remains)\s+(?:absolutely\s+)?paramount\b",
    r"\bof\s+(?:the\s+)?(?:utmost|paramount|highest|greatest|critical)\s+importance\b",
    r"\b(?:top|highest|number[- ]one|#1)\s+priority\b",
    r"\b(?:core|heart)\s+of\s+(?:everything|all|what)\b",
)
PLATITUDE_VALUE = (
    rf"\b{WE}\s+(?:deeply\s+|truly\s+|greatly\s+|really\s+|highly\s+)?(?:value|respect|cherish|"
    r"care\s+(?:deeply\s+|greatly\s+)?about|honou?r)\s+(?:your|the|our\s+\w+'?)\s+(?:\w+\s+)?"
    r"(?:privacy|security|trust|data|confidence)\b",
    rf"\b(?:{WE_BE}|{WE}\s+(?:remain|have\s+always\s+been))\s+(?:deeply\s+|fully\s+|strongly\s+|"
    r"firmly\s+|absolutely\s+|wholly\s+)?(?:committed|dedicated)\s+to\s+(?:\w+\s+){0,2}?"
    r"(?:protect\w*|safeguard\w*|secur\w*|privacy|keeping)",
)

DEFLECTION_HARD = (
    r"\bno\s+(?:authority|mandate|permission|authori[sz]ation)\s+to\s+(?:make|give|issue|comment|"
    r"speak|say|discuss)\b",
    r"\b(?:not|n't)\s+(?:\w+\s+)?(?:authori[sz]ed|allowed|permitted|at\s+liberty)\s+to\s+"
    r"(?:comment|discuss|speak|say|make|give|issue)\b",
    r"\b(?:not|n't)\s+in\s+a\s+position\s+to\s+(?:comment|discuss|speak|say|make)\b",
    r"\bno\s+comment\b",
    r"\b(?:cannot|can't|can\s+not|will\s+not|won't|do\s+not|don't)\s+(?:comment|speculate)\b",
    r"\b(?:refer|direct|forward|send)\s+(?:all\s+|any\s+)?(?:[\w-]+\s+)?(?:questions|inquiries|"
    r"enquiries|"
    r"requests|complaints)\s+to\s+(?:our\s+|the\s+)?(?:legal|pr|press|communications|media|"
    r"lawyers)",
    r"\bno\s+(?:official\s+)?(?:statement|comment|information)\s+(?:to\s+(?:make|share|give)\s+)?"
    r"(?:at\s+this\s+(?:time|point|stage)|yet|for\s+now|right\s+now)\b",
    r"\b(?:waiting|wait)\s+for\s+(?:an?\s+)?(?:official\s+)?(?:statement|instructions|"
    r"approval|sign-?off)\s+from\b",
)
DEFLECTION_SOFT = (
    r"\b(?:not|n't|unable)\s+(?:\w+\s+)?(?:able\s+)?to\s+(?:share|disclose|confirm|provide)\s+"
    r"(?:any\s+)?(?:further\s+|more\s+)?(?:details|information|specifics)\b",
)

PLACEHOLDER = rx(
    r"\{\{.{0,200}?\}\}",
    r"\{%.{0,200}?%\}",
    r"\[\s*(?:first[\s_-]*name|last[\s_-]*name|full[\s_-]*name|name|customer[\s_-]*name|"
    r"company(?:[\s_-]*name)?|date|time|number|amount|insert\b[^\]\n]{0,60}|tbd|todo|x{2,}|"
    r"your\s+name|recipient|link|url|phone|email)\s*\]",
    r"<\s*(?:first[\s_-]*name|name|date|insert\b[^>\n]{0,60}|recipient|company)\s*>",
    r"\blorem\s+ipsum\b",
    r"(?-i:\b(?:TODO|TBD|TBC|FIXME|XXX+)\b)",
)
NAME_FIELD = rx(r"name|recipient|salutation|greeting")

# --- what a notice must contain -----------------------------------------------------------

GREETING = re.compile(
    r"^[#>*_\s]*(?P<greet>dear|hi|hello|hey|greetings|good\s+(?:morning|afternoon|evening)|"
    r"to\s+whom\s+it\s+may\s+concern|attention|attn)\b[ \t,:]*(?P<rest>[^\n]*)",
    re.IGNORECASE,
)
GENERIC_ADDRESSEE = words(
    """customer customers client clients user users member members subscriber subscribers
    valued loyal friend friends all everyone everybody sir sirs madam madame colleague
    colleagues shopper shoppers patient patients holder holders account there folks community
    reader readers supporter supporters partner partners guest guests patron patrons visitor
    visitors player players fans fan people cardholder cardholders policyholder policyholders
    resident residents team whom concern buyer buyers owner owners student students parent
    parents family valued-customer user/customer sir/madam"""
)
NAME_TITLES = words("mr mrs ms miss mx dr prof professor")

HEADINGS: dict[str, str] = {
    "What Happened": r"what\s+happened",
    "What Information Was Involved": (
        r"what\s+(?:personal\s+)?(?:information|data)\s+(?:was|were|is)\s+involved"
    ),
    "What We Are Doing": r"what\s+we\s+(?:are|'re)\s+doing",
    "What You Can Do": r"what\s+you\s+can\s+do",
    "For More Information": r"for\s+more\s+information",
}
_HEADING_WRAP = (
    r"(?im)^[ \t]*(?:#{{1,6}}[ \t]*)?(?:\*\*|__|\*|_)?[ \t]*(?P<words>{words})[ \t]*"
    r"(?:\*\*|__|\*|_)?[ \t]*(?::|\?|$)"
)


def heading(words: str) -> Pattern[str]:
    """A heading line: `## What Happened`, `**What Happened**`, `What happened:` ..."""
    return re.compile(_HEADING_WRAP.format(words=words))


HEADING_RE: dict[str, Pattern[str]] = {title: heading(w) for title, w in HEADINGS.items()}
NOTICE_TITLE = rx(r"\bnotice\s+of\s+(?:a\s+)?(?:data\s+)?(?:security\s+)?breach\b")

DATE_OR_TIME = rx(
    rf"\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b",
    rf"\b(?:in|during|since|until|by|from|early|late|mid|mid-|end\s+of|beginning\s+of|between|"
    rf"through|last|this|of)\s+(?:early\s+|late\s+|mid-?)?{MONTH}\b",
    rf"\b{MONTH}\s+(?:19|20)\d{{2}}\b",
    r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b",
    r"\b(?:in|since|during|from|until|before|after|between|of|early|late|mid-?)\s+(?:19|20)\d{2}\b",
    r"\b(?:19|20)\d{2}\s+(?:breach|incident|attack|intrusion|hack|leak)\b",
    rf"\b{WEEKDAY}\b",
    r"\b(?:yesterday|today|tonight|last\s+(?:night|week|month|year|weekend)|this\s+(?:morning|"
    r"afternoon|evening|week|month)|earlier\s+(?:today|this\s+(?:week|month)))\b",
    r"\b\d{1,2}:\d{2}\b",
    r"\b(?:\d+|a|an|one|two|three|four|five|six|few|several)\s+(?:days?|weeks?|months?|hours?|"
    r"years?)\s+(?:ago|earlier|before)\b",
)

DATA_KIND = (
    r"\b(?:e-?mail\s+address(?:es)?|e-?mails?|passwords?|password\s+hash(?:es)?|(?:full\s+|first\s+|"
    r"last\s+|real\s+)?names?|user\s*names?|(?:postal|home|mailing|billing|shipping|street|ip|"
    r"delivery)\s+address(?:es)?|addresses|phone\s+numbers?|telephone\s+numbers?|mobile\s+"
    r"numbers?|(?:credit|debit|payment|bank)\s+cards?|card\s+(?:numbers?|details)|payment\s+"
    r"(?:details|information|data|methods?)|bank\s+(?:account|details)|account\s+(?:numbers?|"
    r"details)|social\s+security\s+numbers?|ssns?|driver'?s?\s+licen[cs]es?|passports?|dates?\s+"
    r"of\s+birth|birth\s*dates?|birthdays?|purchase\s+history|order\s+history|orders|purchases|"
    r"medical|health|diagnos\w+|prescriptions?|insurance|tax|salary|location\s+data|messages|"
    r"photos|security\s+questions?|tokens?|api\s+keys?|credentials|login\s+details)\b"
)
DATA_KIND_RE = rx(DATA_KIND)
EXPOSURE = rx(
    r"\b(?:accessed|exposed|stolen|leaked|compromised|copied|downloaded|viewed|visible|published|"
    r"disclosed|sent|taken|breached|obtained|acquired|involved|affected|includ\w+|contain\w*|"
    r"consist\w*|limited\s+to|shown|displayed|revealed|seen|read|impacted|at\s+risk|exfiltrated)\b"
)

HAPPENED = rx(
    rf"\b(?:we|our\s+{W}{{0,2}}?(?:team|engineers|staff|systems?|monitoring|tools?))\s+{W}?"
    r"(?:discovered|detected|learned|learnt|found|noticed|identified|became\s+aware|were\s+"
    r"(?:alerted|notified|told|informed)|confirmed|determined|uncovered|realised|realized|saw)\b",
    r"\b(?:was|were|had\s+been|has\s+been|have\s+been|got|became)\s+(?:[\w-]+\s+)?(?:accessed|"
    r"exposed|stolen|leaked|compromised|copied|downloaded|viewed|visible|published|disclosed|sent|"
    r"taken|breached|obtained|acquired|exfiltrated|shown|displayed|made\s+public|posted|emailed|"
    r"mailed|available|hacked)\b",
    rf"\b(?:a|an|the|our)\s+{W}{{0,2}}?(?:bug|error|flaw|vulnerability|misconfiguration|attack|"
    r"intrusion|attacker|hacker|intruder|mistake|glitch|breach)\s+(?:[\w-]+\s+)?(?:in|on|at|"
    r"allowed|let|caused|exposed|gave|meant|made|that|which)\b",
    r"\b(?:someone|an?\s+(?:attacker|hacker|intruder|criminal|outsider)|criminals|hackers|"
    r"an?\s+unauthori[sz]ed\s+(?:party|person|user|third\s+party))\s+(?:[\w-]+\s+)?(?:gained|got|"
    r"accessed|broke|stole|downloaded|copied|obtained|used|exploited)\b",
    r"\bunauthori[sz]ed\s+access\b",
    r"\b(?:publicly|openly)\s+(?:readable|accessible|available|visible|exposed|listed)\b",
    rf"\b(?:a|an|the|our)\s+{W}{{0,3}}?(?:server|bucket|database|file|page|system|release|update|"
    r"change|laptop|backup|setting|link|script|configuration|api|endpoint|e-?mail|spreadsheet|"
    r"report|export|device|phone)s?\s+(?:\w+\s+)?(?:made|left|exposed|allowed|let|showed|sent|"
    r"leaked|published|displayed|revealed|gave|caused|meant)\b",
    rf"\b{WE}\s+(?:\w+ly\s+)?(?:exposed|leaked|sent|published|emailed|mailed|shared|disclosed|"
    r"released|shipped|deployed)\b",
)

# Stems: each takes any ending (fix, fixed, fixing), so one list covers the tenses. Not
# "writ-", "ask", "use" or a bare "take": "we are writing to tell you" and "we take
# security seriously" are no measures.
DOING_STEMS = (
    r"(?:fix|patch|clos|reset|rotat|revok|disabl|remov|delet|add|introduc|chang|updat|upgrad|hir|"
    r"engag|brought\s+in|bring\w*\s+in|notif|report|contact|implement|deploy|enabl|requir|"
    r"strengthen|mov|migrat|encrypt|secur|block|restrict|replac|review|audit|retrain|train|"
    r"roll\w*\s+back|revert|shut\w*\s+down|investigat|work|put|monitor|stop|contain|invalidat|"
    r"logg\w*\s+out|sign\w*\s+out|forc|set\w*\s+up|buil|begun|began|start|launch|commission|"
    r"tighten|harden|limit|taken|taking|took|expir|switch|lock|suspend|isolat|repair|correct|restor|send|"
    r"sent|cancel|terminat|rebuil|redesign|rewr|"
    r"segregat|separat|delet|purg|erase|wip|clean|scan|test|check|hash|salt|rehash|appoint)"
)
DOING = rx(
    rf"\b(?:we|our\s+{W}{{0,2}}?(?:team|engineers|staff|company|developers))(?:'ve|'re|'ll|\s+"
    r"(?:have|has|had|are|is|will|can\s+confirm\s+we))?\s+(?:now\s+|already\s+|also\s+|since\s+|"
    r"immediately\s+|quickly\s+|permanently\s+|then\s+|just\s+|been\s+|promptly\s+)?"
    + DOING_STEMS
    + r"\w*\b(?!\s+you\b)",
    r"\b(?:has|have)\s+(?:now\s+|since\s+|already\s+|all\s+)?been\s+(?:fixed|patched|closed|reset|"
    r"rotated|revoked|disabled|removed|deleted|secured|blocked|encrypted|changed|updated|replaced|"
    r"invalidated|contained|taken\s+offline|shut\s+down|corrected|repaired|resolved|expired|"
    r"locked|logged\s+out|suspended|terminated)\b",
    r"\b(?:steps|measures|actions|changes|safeguards)\s+(?:that\s+)?(?:we(?:'ve|\s+have)\s+|"
    r"we\s+are\s+|we're\s+)?(?:taken|taking|made|making|put\s+in\s+place|introduced|adopted)\b",
    r"\bwe(?:'ll|\s+will)\s+(?:never|no\s+longer)\b",
    r"\b(?:from\s+(?:today|now\s+on|now|this\s+\w+|next\s+\w+)|starting\s+(?:today|now|this\s+"
    r"\w+)|going\s+forward|in\s+future|from\s+now\s+on)\b",
)

YOU_CAN = rx(
    r"\byou(?:'ll\s+need\s+to|'d\s+(?:want|like)\s+to|\s+(?:can|could|should|may\s+(?:want|wish)\s+to|"
    r"might\s+(?:want|wish)\s+to|need\s+to|must|will\s+need\s+to|ought\s+to))\s+(?!(?:reach|contact|call|email|e-mail|"
    r"write|read|ask|trust|be\s+sure|rest\s+assured|see|have|expect|hear)\b)",
    r"\bwe\s+(?:strongly\s+)?(?:recommend|suggest|advise|urge|encourage)\b",
    r"\bwe\s+(?:ask|invite)\s+(?:you|all\s+\w+)\s+to\b",
    r"\bplease\s+(?:[\w-]+\s+)?(?:change|reset|update|enable|turn\s+on|watch|monitor|review|check|"
    r"be\s+(?:alert|wary|careful|vigilant|cautious|suspicious)|look\s+out|consider|use|sign\s+up|"
    r"enrol|enroll|freeze|place|contact\s+your\s+bank|log\s+in|sign\s+in|set\s+up|choose|pick|"
    r"delete|remove|revoke|keep\s+an\s+eye|don't|do\s+not|never|ignore)\b",
    r"(?:^|(?<=\n))[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])?[ \t]*(?:change|reset|update|enable|"
    r"turn\s+on|watch|monitor|review|check|be\s+(?:alert|wary|careful|vigilant|suspicious)|look\s+out|consider|"
    r"use\s+a|sign\s+up|enrol|enroll|freeze|place\s+a|set\s+up|choose|delete|keep\s+an\s+eye|"
    r"don't|do\s+not|never)\b",
    r"\b(?:change|reset|update)\s+(?:your|the|any)\s+(?:[\w-]+\s+)?passwords?\b",
    r"\b(?:enable|turn\s+on|set\s+up|use|switch\s+on)\s+(?:[\w-]+\s+)?(?:two|2)[- ]?(?:factor|"
    r"step)\b",
    r"\b(?:credit|security)\s+freeze\b",
    r"\bfraud\s+alert\b",
    r"\b(?:watch|look)\s+(?:out\s+)?for\s+(?:[\w-]+\s+)?(?:e-?mails?|phishing|messages|calls|texts|"
    r"scams|charges|transactions|activity)\b",
    r"\b(?:steps|things)\s+(?:that\s+)?you\s+can\s+take\b",
    r"\bprotect\s+(?:yourself|your\s+account)\b",
)

BARE_URL = (
    r"\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:com|org|net|io|co|uk|de|fr|eu|example|info|app|dev|gov)"
    r"/[^\s)]*"
)
MORE_INFO = rx(
    r"\bfor\s+(?:more|further|additional|full|the\s+latest)\s+(?:information|details|info|"
    r"updates)\b",
    r"\b(?:more|further|additional)\s+(?:information|details|info)\s+(?:is\s+|are\s+|will\s+be\s+)?"
    r"(?:available|at|on|in|here)\b",
    r"\b(?:learn|read|find\s+out|see)\s+more\b",
    r"\bFAQs?\b",
    r"\bfrequently\s+asked\b",
    r"\bif\s+you\s+have\s+(?:any\s+)?(?:[\w-]+\s+)?questions\b",
    r"\bquestions\s+(?:about|on|regarding)\b",
    r"\bforum\b",
    r"\bhelp\s+(?:centre|center|page)\b",
    r"\b(?:full|detailed|public)\s+(?:report|post|write-?up|account|timeline)\b",
    r"https?://\S+",
    r"\bwww\.\S+",
    BARE_URL,
    r"\banswers\s+to\s+(?:[\w-]+\s+)?questions\b",
)

EMAIL_ADDRESS = r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}"
PHONE = r"(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b"
CONTACT_DETAIL = rx(EMAIL_ADDRESS, PHONE, r"https?://\S+", r"\bwww\.\S+")
CONTACT = rx(
    EMAIL_ADDRESS,
    PHONE,
    r"\b(?:contact|call|email|e-mail|write\s+to|reach|phone|text|message|ring)\s+(?:us|me|our\s+"
    r"[\w\s]{0,30}?|the\s+[\w\s]{0,30}?|my\s+[\w\s]{0,30}?)\s*(?:at|on|via|by|through|using|"
    r"directly|anytime|any\s+time)\b",
    r"\breply\s+(?:to\s+)?(?:this|directly|to\s+(?:me|us))\b",
    r"\bjust\s+reply\b",
    r"\b(?:hotline|helpline|call\s+cent(?:re|er)|support\s+(?:team|desk|line)|help\s+desk)\b",
    r"\bforum\s+thread\b",
    r"\b(?:my|our)\s+(?:direct\s+)?(?:line|number|address|e-?mail)\s+is\b",
)

PEOPLE = (
    r"(?:data\s+subjects|individuals|people|persons|customers|users|members|employees|patients|"
    r"residents|subscribers|clients|account\s+holders|accounts|children|students|consumers|"
    r"cardholders|households)"
)
COUNT = (
    r"(?:(?:approximately|about|around|roughly|an\s+estimated|estimated|some|up\s+to|at\s+least|"
    r"over|more\s+than|fewer\s+than|less\s+than|nearly|almost)\s+)?" + DIGITS + r"\s*(?:k|thousand|"
    r"million|m|billion)?"
)
PEOPLE_COUNT = rx(
    rf"{COUNT}\s+{W}{{0,2}}?{PEOPLE}\b",
    rf"\b(?:hundreds|thousands|millions|dozens|tens\s+of\s+thousands)\s+of\s+{W}?{PEOPLE}\b",
    rf"\b(?:all|every|each)\s+{W}{{0,2}}?(?:members?|users?|customers?|accounts?|subscribers?|"
    r"clients?|patients?|employees?)\b",
    rf"\b(?:one\s+of|among)\s+{COUNT}\b",
    r"\bhow\s+many\b",
)
RECORDS_COUNT = rx(
    rf"{COUNT}\s+{W}{{0,3}}?(?:records|entries|rows|files|documents|e-?mails|messages|accounts|"
    r"data\s+sets|datasets)\b",
    r"\b(?:number|count)\s+of\s+(?:\w+\s+)?records\s+(?:is|was|remains)\s+(?:not\s+yet\s+known|"
    r"unknown|being\s+(?:determined|assessed))\b",
)
NUMBERS_UNKNOWN = rx(
    r"\b(?:not\s+yet\s+known|unknown|being\s+(?:determined|assessed|established)|will\s+follow|"
    r"in\s+(?:a\s+)?(?:later|further|follow-up)\s+(?:phase|notification|report))\b"
)
DPO = rx(r"\bdata\s+protection\s+officer\b", r"\b(?-i:DPO)\b")
CONSEQUENCES = rx(
    r"\bconsequences?\b",
    r"\b(?:risks?)\s+(?:of|to|for|that|include)\b",
    r"\b(?:could|may|might|can|would)\s+(?:\w+\s+)?(?:lead|result|expose|allow|enable|be\s+used)\b",
    r"\b(?:likely|possible|potential)\s+(?:impact|harm|effects?)\b",
    r"\b(?:phishing|fraud|identity\s+theft|account\s+takeover|credential\s+stuffing|financial\s+"
    r"loss|distress|discrimination|reputational\s+damage|impersonat\w+|scams?|blackmail|extortion)\b",
)
MEASURES = rx(
    r"\bmeasures\b",
    r"\bmitigat\w+\b",
    r"\bremedia\w+\b",
    r"\bwe\s+(?:propose|plan|intend)\s+to\b",
)
NATURE = rx(
    r"\bnature\s+of\s+(?:the\s+)?(?:personal\s+data\s+)?breach\b",
    r"\b(?:confidentiality|integrity|availability)\s+breach\b",
)
TOLL_FREE = rx(
    r"\b(?:\+?1[\s.-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[\s.-]?\d{3}[\s.-]?\d{4}\b",
    r"\btoll[- ]free\b",
)
LAW_ENFORCEMENT = rx(
    r"\blaw\s+enforcement\b",
    r"\bpolice\b",
    r"\b(?-i:FBI)\b",
    r"\b(?:criminal|federal)\s+investigation\b",
)

IDENTITY_DATA = rx(
    r"\bsocial\s+security\s+numbers?\b",
    r"\b(?-i:SSNs?)\b",
    r"\bdriver'?s?\s+licen[cs]es?(?:\s+numbers?)?\b",
    r"\b(?:state|california|government)\s+(?:identification|id)\s+(?:card\s+)?(?:numbers?)?\b",
    r"\bpassport\s+numbers?\b",
    r"\btax\s+(?:identification|id)\s+numbers?\b",
    r"\bnational\s+(?:insurance|identity|id)\s+numbers?\b",
)
IDENTITY_SERVICE = rx(
    r"\b(?:identity|credit|id)\s+(?:theft\s+)?(?:protection|monitoring|restoration|prevention|"
    r"mitigation|insurance|services?|watch)\b"
)
LONG_ENOUGH = rx(
    r"\b(?:1[2-9]|[2-9]\d)\s*(?:-\s*)?months?\b",
    r"\b(?:twelve|eighteen|twenty-four|thirty-six)\s*(?:-\s*)?months?\b",
    r"\b(?:one|two|three|five|a|1|2|3|5|full)\s*(?:-\s*)?years?\b",
    r"\blifetime\b",
    r"\b(?:annual|yearly)\b",
)
NEGATION = rx(
    r"\b(?:not|no|never|neither|nor|without|cannot|can't|won't|unable|none|n't)\b",
)

OFFER = rx(
    r"\b(?:free|complimentary|bonus|extra|additional)\s+(?:[\w-]+\s+){0,2}?(?:months?|years?|"
    r"weeks?|subscriptions?|service|membership|upgrade|access|plan|credits?|monitoring|shipping|"
    r"delivery|gifts?|trial|products?|samples?|tickets?|seats?|storage|protection|account)\b",
    r"\b(?:for\s+free|free\s+of\s+charge|at\s+no\s+(?:extra\s+|additional\s+)?(?:cost|charge)|on\s+"
    r"(?:us|the\s+house)|complimentary)\b",
    r"\blifetime\s+(?:[\w-]+\s+)?(?:membership|subscription|account|access|plan|upgrade)\b",
    rf"\b(?:[$€£]\s?{DIGITS}|{DIGITS}\s?(?:%|percent|dollars|euros|pounds))\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:off|discount|credit|voucher|coupon|refund|gift\s+card|value)\b",
    r"\b(?:discount|voucher|coupon|gift\s+card|promo(?:tion(?:al)?)?\s+code|refund(?:ed|s)?|"
    r"reimburs\w+|rebate)\b",
    r"\b(?:account|store|service|bill|billing)\s+credit\b",
    r"\bcredit(?:ed|ing)?\s+(?:of\s+|to\s+)?(?:your|each|every|all|affected)\b",
    r"\bcredit(?:ed|ing)?\s+(?:you\s+)?(?:with\s+)?(?:[$€£]\s?\d|\d[\d,.]{0,15}\s*(?:dollars|euros|pounds))",
    r"[$€£]\s?\d[\d,.]{0,15}\s+(?:[\w-]+\s+){0,3}?(?:to|into|on|off)\s+your\s+(?:account|bill|next)\b",
    r"\b(?:credit|identity)\s+(?:theft\s+)?(?:monitoring|protection|restoration)\b",
    r"\bupgrad(?:e|ed|ing)\s+(?:you\b|your\s+(?:account|plan|membership|subscription)|(?:every|all|"
    r"each)\s+(?:affected\s+)?(?:member|user|customer|account|subscriber)s?)",
    rf"\b(?:{NUMBER}|a|an|one)\s+(?:extra\s+|additional\s+|bonus\s+)?(?:months?|years?|weeks?)"
    r"(?:'s?)?\s+(?:of\s+)?(?:free|premium|pro|paid|service|subscription|membership|credit\s+"
    r"monitoring|access)\b",
    r"\b(?:months?|years?|weeks?|subscription|membership|service)\s+(?:[\w-]+\s+){0,2}?(?:are|is|"
    r"will\s+be)\s+(?:free|on\s+us|complimentary)\b",
    r"\bwaiv(?:e|ed|ing)\s+(?:[\w-]+\s+){0,3}?(?:fees?|charges?|subscriptions?|costs?|payments?)\b",
    r"\bcompensat(?:e|ion)\s+(?:you|for|of|each|every|all|affected)\b",
    r"\b(?:we(?:'ll|\s+will)|we(?:'re|\s+are))\s+(?:also\s+)?(?:covering|cover|paying\s+for|pay\s+"
    r"for)\b",
)

UPDATE_WORD = rx(
    r"\bupdat\w*\b",
    r"\bpost\s+(?:again|more|an?\s+(?:\w+\s+)?update|further|news)\b",
    r"\breport\s+back\b",
    r"\bhear\s+(?:back\s+)?from\s+us\b",
    r"\b(?:hear|have|share|say|tell\s+you|know|publish|learn)\s+more\b",
    r"\bback\s+to\s+you\b",
    r"\bshare\s+(?:more|further|an?\s+update|what|the\s+(?:next|latest))\b",
    r"\bwrite\s+(?:to\s+you\s+)?again\b",
    r"\blet\s+you\s+know\b",
    r"\bkeep\s+you\s+(?:posted|informed|up\s+to\s+date)\b",
    r"\bget\s+back\s+to\s+you\b",
    r"\bfollow[- ]up\b",
    r"\b(?:more|further)\s+(?:news|information|details)\b",
    r"\bcheck\s+back\b",
    r"\bstatus\b",
    r"\bnext\s+(?:report|bulletin|post|briefing|message|note)\b",
)
NEXT_UPDATE = re.compile(r"\bnext\s+(?:[\w-]+\s+)?update\b", re.IGNORECASE)
CLOCK = (
    rf"(?:\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?|\d{{1,2}}\s*[ap]\.?m\.?|noon|midday|midnight|"
    rf"\d+\s*(?:-\s*\d+\s*)?(?:hours?|hrs?|minutes?|mins?|h)\b|(?:one|two|three|four|five|six|"
    rf"twelve|twenty-four|a\s+couple\s+of)\s+(?:hours?|minutes?)|an\s+hour|the\s+(?:next\s+)?hour|"
    rf"tomorrow|tonight|{WEEKDAY}|{MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}|(?:the\s+)?end\s+of\s+"
    r"(?:the\s+)?(?:day|business|today)|eod|this\s+(?:morning|afternoon|evening))"
)
TIME_ANCHOR = rx(
    r"\b(?:by|at|within|in|before|every|until|no\s+later\s+than|around|approximately|on|after|"
    rf"from)\s+(?:the\s+next\s+|about\s+|approximately\s+|around\s+|roughly\s+)?{CLOCK}",
    r"\b(?:hourly|tomorrow|tonight|later\s+today|this\s+(?:morning|afternoon|evening))\b",
    r"\bevery\s+(?:\d+\s+|few\s+|couple\s+of\s+|other\s+)?(?:hours?|minutes?|mins?|days?|"
    r"morning|evening)\b",
    rf"\b{CLOCK}\s+(?:utc|gmt|cet|cest|bst|[ecmp][sd]?t|local\s+time)\b",
)
ANY_CLOCK = rx(CLOCK)

SENIOR_TITLE = rx(
    r"\bchief\s+(?:[\w-]+\s+){0,3}?officer\b",
    r"\bchief\s+executive\b",
    r"(?-i:\bC[EOTFIRSMP]O\b|\bCISO\b|\bCDO\b|\bCPO\b)",
    r"\b(?:co-?)?founder\b",
    r"\b(?:vice\s+)?president\b",
    r"(?-i:\b(?:S|E)?VP\b)",
    r"\bmanaging\s+director\b",
    r"\b(?:executive\s+|general\s+|security\s+|technical\s+|engineering\s+|operations\s+|"
    r"privacy\s+)?director\b",
    r"\bhead\s+of\s+\w+",
    r"\bgeneral\s+counsel\b",
    r"\bchair(?:man|woman|person)?\b",
    r"\b(?:owner|proprietor|principal|partner|publisher|editor-in-chief|dean|superintendent|"
    r"administrator)\b",
    r"\bdata\s+protection\s+officer\b",
    r"(?-i:\bDPO\b)",
)
PERSON_NAME = re.compile(
    r"\b[A-Z][a-z'\u00c0-\u024f-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'\u00c0-\u024f-]+|van|de|von|der|da|"
    r"di|le|la|del|dos|du)){1,3}\b"
)
NOT_A_NAME = words(
    """team support customer customers service services security privacy care the your our
    sincerely regards best thanks thank warm kind yours cordially respectfully inc ltd llc gmbh
    corp co limited plc ag sa group management staff department office trust safety help desk
    communications relations everyone all of us at chief executive officer president founder
    director head vice general counsel"""
)
TEAM_SIGNOFF = re.compile(
    r"^[\s\-\u2014\u2013*_]*(?:the\s+)?(?:[A-Z][\w&.'-]*\s+){0,3}?(?:team|support|customer\s+"
    r"(?:support|service|care|success)|management|staff|security\s+team|privacy\s+team|"
    r"trust\s+(?:&|and)\s+safety|help\s*desk|department|everyone\s+at\s+\S+|all\s+of\s+us"
    r"(?:\s+at\s+\S+)?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
