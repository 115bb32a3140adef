"""The lint rule registry: every rule `breachkit lint` can report, in one explicit tuple.

Codes: BK1xx YAML and structure, BK2xx playbook meaning, BK3xx templates. A rule's name
reads as "allow NAME" (ruff's convention), so `ignore = ["duplicate-task-id"]` says what
it allows. Add a rule here, give it a fixture in tests/data/lint/rules/, and regenerate
docs/rules.md (`python -m breachkit.lint.docs > docs/rules.md`); the meta-tests check all
three.
"""

from __future__ import annotations

from breachkit.findings import Rule, Severity

E = Severity.ERROR
W = Severity.WARNING

UNREADABLE_FILE = Rule(
    "BK100",
    "unreadable-file",
    E,
    "The file cannot be read as a playbook or template at all.",
    "A file that is empty, binary, not UTF-8, too large, a directory, missing, nested "
    "absurdly deep or an alias bomb would crash or hang a naive loader; breachkit refuses "
    "it with one clear message instead of a traceback in the middle of an incident.",
    "# a 515-byte alias bomb\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n...",
    "id: customer-data-exposed\nname: Customer data exposed\n...",
)
YAML_SYNTAX_ERROR = Rule(
    "BK101",
    "yaml-syntax-error",
    E,
    "The file is not valid YAML (or uses tabs, tags or several documents).",
    "Nothing else can be checked until the file parses; the position is the parser's.",
    "steps:\n\tidentify:        # a tab\n    goal: [unclosed",
    "steps:\n  identify:\n    goal: Find out what happened.",
)
DUPLICATE_KEY = Rule(
    "BK102",
    "duplicate-key",
    E,
    "A mapping has the same key twice.",
    "YAML parsers silently keep the last value, so half of what you wrote is ignored.",
    "roles:\n  comms: {title: Comms lead}\n  comms: {title: Press officer}",
    "roles:\n  comms: {title: Comms lead}\n  press: {title: Press officer}",
)
WRONG_TYPE = Rule(
    "BK103",
    "wrong-type",
    E,
    "A value has the wrong type: a list or a scalar where a mapping belongs, text for a boolean...",
    "breachkit reads YAML 1.2: `yes`, `on` and `no` are text, not booleans, so "
    "`required: yes` is refused rather than guessed.",
    "facts:\n  - name: summary\n    prompt: What happened?\n    required: yes",
    "facts:\n  - name: summary\n    prompt: What happened?\n    required: true",
)
UNKNOWN_KEY = Rule(
    "BK104",
    "unknown-key",
    E,
    "A key the playbook format does not know (with a did-you-mean).",
    "A misspelt key would otherwise be ignored, and the deadline or fact it meant to set "
    "would silently be missing.",
    "tasks:\n  - id: contain\n    titel: Roll back the release\n    owner: engineer",
    "tasks:\n  - id: contain\n    title: Roll back the release\n    owner: engineer",
)
MISSING_KEY = Rule(
    "BK105",
    "missing-key",
    E,
    "A required key is missing.",
    "Every fact needs a prompt, every task an owner, every step a goal: the run asks for "
    "them when it can least afford a gap.",
    "tasks:\n  - id: contain\n    title: Roll back the release",
    "tasks:\n  - id: contain\n    title: Roll back the release\n    owner: engineer",
)
INVALID_VALUE = Rule(
    "BK106",
    "invalid-value",
    E,
    "A value is of the right type but not allowed (a bad id, an unknown fact type...).",
    "Ids become file names and template variables; fact types and channels drive prompts "
    "and drafts.",
    "facts:\n  - name: Records Affected\n    type: count\n    prompt: How many?",
    "facts:\n  - name: records_affected\n    type: integer\n    prompt: How many?",
)
MISSING_STEP = Rule(
    "BK107",
    "missing-step",
    E,
    "One of the five steps is missing.",
    "Every response goes identify, acknowledge, assure, resolve, compensate; skipping "
    "acknowledge is how a company ends up silent for four days (DOMAIN.md case 2).",
    "steps:\n  identify: {goal: ...}\n  resolve: {goal: ...}",
    "steps:\n  identify: {goal: ...}\n  acknowledge: {goal: ...}\n  assure: {goal: ...}\n"
    "  resolve: {goal: ...}\n  compensate: {goal: ...}",
    "DOMAIN.md, the five steps",
)
MISORDERED_STEPS = Rule(
    "BK108",
    "misordered-steps",
    W,
    "The steps are not written in the order they run.",
    "The steps always run identify, acknowledge, assure, resolve, compensate; a file in "
    "another order misleads whoever reads it at 2 a.m.",
    "steps:\n  identify: ...\n  resolve: ...\n  acknowledge: ...",
    "steps:\n  identify: ...\n  acknowledge: ...\n  assure: ...",
)
INVALID_DURATION = Rule(
    "BK109",
    "invalid-duration",
    E,
    "A duration cannot be read (write 30m, 1h, 72h, 30d, 4bd, 2w or 1mo).",
    "A deadline that cannot be computed is a clock that never runs.",
    "deadline: {within: 3 days, after: discovered}",
    "deadline: {within: 3d, after: discovered}",
)
DUPLICATE_FACT = Rule(
    "BK201",
    "duplicate-fact",
    E,
    "Two facts in the playbook have the same name.",
    "Facts are one namespace for the whole incident: the second would overwrite or "
    "shadow the first, and templates could not tell them apart.",
    "identify:\n  facts: [{name: summary, prompt: What happened?}]\n"
    "resolve:\n  facts: [{name: summary, prompt: What did we fix?}]",
    "identify:\n  facts: [{name: summary, prompt: What happened?}]\n"
    "resolve:\n  facts: [{name: fix_description, prompt: What did we fix?}]",
)
DUPLICATE_TASK_ID = Rule(
    "BK202",
    "duplicate-task-id",
    E,
    "Two tasks in the playbook have the same id.",
    "`breachkit done TASK` marks a task by its id; with two, one of them can never be done.",
    "tasks:\n  - {id: notify, title: Email customers, owner: comms}\n"
    "  - {id: notify, title: Tell the regulator, owner: dpo}",
    "tasks:\n  - {id: notify-customers, title: Email customers, owner: comms}\n"
    "  - {id: notify-regulator, title: Tell the regulator, owner: dpo}",
)
DUPLICATE_DRAFT = Rule(
    "BK203",
    "duplicate-draft",
    E,
    "Two drafts in the playbook have the same name.",
    "Drafts are written to files named after them and approved by name; the second would "
    "overwrite the first. A draft's name defaults to its template's stem.",
    "drafts:\n  - template: notice.j2\n  - template: notice.j2\n    channel: letter",
    "drafts:\n  - template: notice.j2\n  - template: notice.j2\n    channel: letter\n"
    "    name: notice-letter",
)
UNKNOWN_OWNER = Rule(
    "BK204",
    "unknown-owner",
    E,
    "A task's owner is not one of the playbook's roles.",
    "A task nobody owns is a task nobody does; the owner must be a key of `roles`.",
    "roles:\n  comms: {title: Comms lead}\n...\n  - {id: post, title: Post, owner: coms}",
    "roles:\n  comms: {title: Comms lead}\n...\n  - {id: post, title: Post, owner: comms}",
)
UNKNOWN_ANCHOR = Rule(
    "BK205",
    "unknown-anchor",
    E,
    "A deadline counts from an anchor event that does not exist.",
    "Deadlines count from `opened`, `STEP.started`, `STEP.completed` or an anchor the "
    "playbook binds to a fact in `anchors:`; any other name is a clock that never starts.",
    "deadline: {within: 72h, after: discovered}   # no `anchors: {discovered: ...}`",
    "anchors:\n  discovered: discovered_at\n...\ndeadline: {within: 72h, after: discovered}",
    "GDPR Art. 33: 72 hours after becoming aware",
)
INVALID_ANCHOR_FACT = Rule(
    "BK206",
    "invalid-anchor-fact",
    E,
    "An anchor is bound to a fact that no step collects, or that is not a datetime.",
    "The anchor's time is the fact's value: without a datetime fact the deadlines "
    "counted from it cannot be computed.",
    "anchors:\n  discovered: discovered_on   # collected as type: date, or not at all",
    "anchors:\n  discovered: discovered_at\n...\n  - {name: discovered_at, type: datetime, "
    "prompt: When did we find out?}",
)
UNCOLLECTED_FACT = Rule(
    "BK207",
    "uncollected-fact",
    E,
    "A template the playbook uses needs a fact that no step collects.",
    "Templates render with StrictUndefined: a fact nobody is asked for stops the draft "
    "at the worst moment. Facts collected at any step count.",
    "drafts:\n  - template: apology.j2   # uses {{ offer }}, no step collects `offer`",
    "facts:\n  - {name: offer, prompt: What do we offer?}\ndrafts:\n  - template: apology.j2",
)
IMPOSSIBLE_DEADLINE = Rule(
    "BK208",
    "impossible-deadline",
    E,
    "A deadline can never be met: zero time, or counted from its own or a later step.",
    "A step cannot be due after its own completion or a later step's start or end (the "
    "clock would start after the deadline passed); `within: 0m` is due the moment it "
    "starts; `updates: {every: 0m}` never stops.",
    "assure:\n  deadline: {within: 1h, after: resolve.completed}",
    "assure:\n  deadline: {within: 1h, after: acknowledge.completed}",
)
TASK_DUE_AFTER_STEP = Rule(
    "BK209",
    "task-due-after-step",
    W,
    "A task is due after its step's deadline, counted from the same anchor.",
    "The step cannot be finished before its tasks are, so the task's deadline promises "
    "time the step does not have.",
    "deadline: {within: 24h, after: discovered}\ntasks:\n"
    "  - {id: scope, title: Scope, owner: engineer, due: {within: 48h, after: discovered}}",
    "deadline: {within: 24h, after: discovered}\ntasks:\n"
    "  - {id: scope, title: Scope, owner: engineer, due: {within: 12h, after: discovered}}",
)
STEP_DUE_BEFORE_EARLIER_STEP = Rule(
    "BK210",
    "step-due-before-earlier-step",
    W,
    "A step is due before an earlier step, counted from the same anchor.",
    "Steps run in order, so a later step cannot finish before an earlier one; its "
    "deadline is missed whenever the earlier step uses its own time.",
    "identify: {deadline: {within: 72h, after: discovered}}\n"
    "acknowledge: {deadline: {within: 24h, after: discovered}}",
    "identify: {deadline: {within: 24h, after: discovered}}\n"
    "acknowledge: {deadline: {within: 72h, after: discovered}}",
)
MISSING_TEMPLATE = Rule(
    "BK301",
    "missing-template",
    E,
    "A draft or an include names a template that does not exist.",
    "The draft cannot be written; found at lint time, not during the incident.",
    "drafts:\n  - template: holding-statment.j2",
    "drafts:\n  - template: holding-statement.j2",
)
TEMPLATE_SYNTAX_ERROR = Rule(
    "BK302",
    "template-syntax-error",
    E,
    "A template is not valid Jinja.",
    "A template that does not parse cannot render; the line is Jinja's.",
    "Dear {{ recipient.name }\n{% if offer %}We offer {{ offer }}.",
    "Dear {{ recipient.name }}\n{% if offer %}We offer {{ offer }}.{% endif %}",
)
UNKNOWN_TEMPLATE_VARIABLE = Rule(
    "BK303",
    "unknown-template-variable",
    E,
    "A template uses a name that is no fact of any linted playbook, no organisation "
    "field and no built-in.",
    "Templates render with StrictUndefined, so a misspelt name stops the draft; a blank "
    "in a published apology would be worse.",
    "We found that {{ sumary }}. Write to {{ org.contact_mail }}.",
    "We found that {{ summary }}. Write to {{ org.contact_email }}.",
)
INVALID_FRONT_MATTER = Rule(
    "BK304",
    "invalid-front-matter",
    E,
    "A template's front matter is not valid (unknown key, bad channel, unclosed ---).",
    "The front matter says which channel and audience a draft is for; draft checks and "
    "length limits depend on it.",
    "---\nchanel: email\nsubject: Your data\n",
    "---\nchannel: email\nsubject: Your data\n---",
)
TEMPLATE_OUTSIDE_FOLDER = Rule(
    "BK305",
    "template-outside-folder",
    E,
    "A template (or a symlink, or an include) points outside the template folder.",
    "Templates come from pull requests: a symlink to ~/.ssh/id_rsa rendered into a "
    "draft would publish it. Only files inside the folder are read.",
    "templates/notice.j2 -> /etc/passwd\n{% include '../../secrets.txt' %}",
    "templates/notice.j2 (a regular file)\n{% include 'partials/signature.j2' %}",
)

RULES: tuple[Rule, ...] = (
    UNREADABLE_FILE,
    YAML_SYNTAX_ERROR,
    DUPLICATE_KEY,
    WRONG_TYPE,
    UNKNOWN_KEY,
    MISSING_KEY,
    INVALID_VALUE,
    MISSING_STEP,
    MISORDERED_STEPS,
    INVALID_DURATION,
    DUPLICATE_FACT,
    DUPLICATE_TASK_ID,
    DUPLICATE_DRAFT,
    UNKNOWN_OWNER,
    UNKNOWN_ANCHOR,
    INVALID_ANCHOR_FACT,
    UNCOLLECTED_FACT,
    IMPOSSIBLE_DEADLINE,
    TASK_DUE_AFTER_STEP,
    STEP_DUE_BEFORE_EARLIER_STEP,
    MISSING_TEMPLATE,
    TEMPLATE_SYNTAX_ERROR,
    UNKNOWN_TEMPLATE_VARIABLE,
    INVALID_FRONT_MATTER,
    TEMPLATE_OUTSIDE_FOLDER,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule(code: str) -> Rule:
    """The rule for `code`; codes the loaders raise that lint does not know read as BK100."""
    return BY_CODE.get(code, UNREADABLE_FILE)


def check_patterns(patterns: tuple[str, ...] | list[str]) -> list[str]:
    """The patterns (codes, code prefixes or names) that match no rule."""
    return [p for p in patterns if not any(r.code.startswith(p) or r.name == p for r in RULES)]
