/**
 * Label selectors, Teleport expressions (globs and `^…$`), label expressions and templates, one
 * row per behaviour. The behaviours come from upstream's tests and code (named per table); the
 * rows and wording are ours.
 */
import { describe, expect, it } from 'vitest';
import {
  compileTeleportExpression,
  Unevaluable,
  UpstreamError,
} from '../../../src/evaluators/access/go-regexp';
import { compileSelector } from '../../../src/evaluators/access/label-selectors';
import { compileLabelExpression } from '../../../src/evaluators/access/label-expressions';
import {
  applyLabelsTraits,
  applyValueTraits,
  isValidUnixLogin,
  isValidWindowsLogin,
} from '../../../src/evaluators/access/templates';

type Outcome = boolean | 'error' | 'unevaluated';

const outcomeOf = (value: unknown): Outcome =>
  value instanceof UpstreamError
    ? 'error'
    : value instanceof Unevaluable
      ? 'unevaluated'
      : (value as boolean);

// role.go MatchLabels / MatchLabelGetter; role_test.go TestMatchLabels.
const SELECTORS: [string, Record<string, string[]>, Record<string, string>, Outcome][] = [
  ['an empty selector matches nothing', {}, { a: 'b' }, false],
  ['*: * matches a resource without labels', { '*': ['*'] }, {}, true],
  ['a key must exist', { env: ['*'] }, {}, false],
  ['* as a value accepts any value of an existing key', { env: ['*'] }, { env: 'x' }, true],
  ['keys compare exactly', { Env: ['prod'] }, { env: 'prod' }, false],
  ['every key must match', { env: ['prod'], team: ['a'] }, { env: 'prod', team: 'b' }, false],
  ['any listed value may match', { env: ['dev', 'prod'] }, { env: 'prod' }, true],
  ['a glob is anchored', { env: ['prod-*'] }, { env: 'x-prod-1' }, false],
  ['a glob matches', { env: ['prod-*'] }, { env: 'prod-1' }, true],
  ['a glob star does not cross a newline', { env: ['a*b'] }, { env: 'a\nb' }, false],
  ['other glob characters are literal', { env: ['a.b'] }, { env: 'axb' }, false],
  ['^…$ is a regexp', { env: ['^prod-[0-9]+$'] }, { env: 'prod-12' }, true],
  [
    '^…$ is searched as Go does (alternation escapes the anchors)',
    { env: ['^a|b$'] },
    { env: 'xxb' },
    true,
  ],
  ['a regexp Go refuses is an error', { env: ['^a(?=b)$'] }, { env: 'ab' }, 'error'],
  [
    'a regexp where RE2 and Go differ is not evaluated',
    { env: ['^\\u0041$'] },
    { env: 'A' },
    'unevaluated',
  ],
  ['*: x is a literal key', { '*': ['x'] }, { a: 'x' }, false],
  [
    'a failing key and an erroring key depend on map order',
    { a: ['^(x$'], b: ['y'] },
    { a: 'x' },
    'unevaluated',
  ],
];

describe('label selectors', () => {
  it.each(SELECTORS)('%s', (_name, selector, labels, expected) => {
    expect(outcomeOf(compileSelector(selector).match(labels))).toBe(expected);
  });
});

// lib/utils/replace.go MatchString / GlobToRegexp; utils replace_test.go.
const EXPRESSIONS: [string, string, string, boolean][] = [
  ['plain text is exact', 'abc', 'abc', true],
  ['plain text is not a prefix', 'abc', 'abcd', false],
  ['leading star', '*.example.com', 'a.example.com', true],
  ['middle stars in order', 'a*b*c', 'axxbyyc', true],
  ['middle stars out of order', 'a*b*c', 'acb', false],
  ['overlapping prefix and suffix', 'ab*ba', 'aba', false],
  ['regexp metacharacters in a glob', 'a+b', 'a+b', true],
];

describe('Teleport expressions (glob or ^…$)', () => {
  it.each(EXPRESSIONS)('%s', (_name, expression, input, expected) => {
    expect(compileTeleportExpression(expression)(input)).toBe(expected);
  });
});

// lib/services/label_expressions.go; label_expressions_test.go.
const LABELS = { env: 'prod', team: 'payments', 'owner-a': 'alice', 'owner-b': 'bob' };
const TRAITS = { teams: ['payments', 'search'], email: ['Alice.Smith@example.com'], empty: [] };
const LABEL_EXPRESSIONS: [string, string, Outcome][] = [
  ['equality of a label', 'labels["env"] == "prod"', true],
  ['inequality', 'labels["env"] != "prod"', false],
  ['a dotted label reference', 'labels.env == "prod"', true],
  ['a missing label is empty', 'labels["nope"] == ""', true],
  ['raw (backtick) strings', 'labels[`env`] == `prod`', true],
  ['Go escapes in strings', 'labels["env"] == "pro\\x64"', true],
  ['single quotes are Go runes: an error', "labels['env'] == 'prod'", 'error'],
  ['contains on traits', 'contains(user.spec.traits["teams"], labels["team"])', true],
  ['a missing trait is an empty list', 'contains(user.spec.traits["nope"], "x")', false],
  ['contains_any', 'contains_any(user.spec.traits["teams"], labels_matching("owner-*"))', false],
  [
    'contains_all of an empty list is false',
    'contains_all(user.spec.traits["teams"], user.spec.traits["empty"])',
    false,
  ],
  ['contains_all', 'contains_all(user.spec.traits["teams"], "search")', true],
  ['regexp.match is anchored glob', 'regexp.match(labels["env"], "pro*")', true],
  ['regexp.match with ^…$', 'regexp.match(labels["env"], "^p.o")', false],
  ['labels_matching collects values', 'contains(labels_matching("owner-*"), "bob")', true],
  ['email.local', 'contains(email.local(user.spec.traits["email"]), "Alice.Smith")', true],
  [
    'strings.lower',
    'contains(strings.lower(email.local(user.spec.traits["email"])), "alice.smith")',
    true,
  ],
  ['strings.upper', 'contains(strings.upper(labels["env"]), "PROD")', true],
  [
    'regexp.replace',
    'contains(regexp.replace(user.spec.traits["teams"], "^pay(.*)$", "x$1"), "xments")',
    true,
  ],
  [
    '&& and || and !',
    '!(labels["env"] == "dev") && (labels["team"] == "x" || labels["team"] == "payments")',
    true,
  ],
  [
    '&& short-circuits past an invalid regexp',
    'labels["env"] == "dev" && regexp.match(labels["env"], "^(x$")',
    false,
  ],
  ['an invalid regexp when reached is an error', 'regexp.match(labels["env"], "^(x$")', 'error'],
  ['== on a list is a type error', 'user.spec.traits["teams"] == "x"', 'error'],
  ['true is not a literal', 'true', 'error'],
  ['a non-boolean result is an error', 'labels["env"]', 'error'],
  ['unknown functions are errors', 'startsWith(labels["env"], "p")', 'error'],
  ['< is not supported', 'labels["env"] < "z"', 'error'],
  [
    'email.local of a non-address is an error',
    'contains(email.local(labels["env"]), "x")',
    'error',
  ],
  ['a comment is not evaluated', 'labels["env"] == "prod" /* c */', 'unevaluated'],
  [
    'a line break after an operand is not evaluated',
    'labels["env"] == "prod"\n&& true',
    'unevaluated',
  ],
];

describe('label expressions', () => {
  it.each(LABEL_EXPRESSIONS)('%s', (_name, source, expected) => {
    expect(outcomeOf(compileLabelExpression(source).match(LABELS, TRAITS))).toBe(expected);
  });
});

// lib/utils/parse/parse.go; parse_test.go; role.go ApplyValueTraits.
const TEMPLATE_TRAITS = {
  logins: ['root', 'ops'],
  email: ['alice@example.com', 'bob@example.org'],
  bad: ['not an email'],
  empty: [],
  blank: [''],
};
const TEMPLATES: [string, string, string[] | 'dropped' | 'unevaluated'][] = [
  ['a literal is kept', 'ubuntu', ['ubuntu']],
  ['internal traits', '{{internal.logins}}', ['root', 'ops']],
  ['external traits by index', '{{external["logins"]}}', ['root', 'ops']],
  [
    'prefix and suffix, spaces trimmed outside',
    '  x-{{ external.logins }}-y  ',
    ['x-root-y', 'x-ops-y'],
  ],
  ['an unsupported internal trait is dropped', '{{internal.email}}', 'dropped'],
  ['a missing trait is dropped', '{{external.nope}}', 'dropped'],
  ['an empty trait is dropped', '{{external.empty}}', 'dropped'],
  ['empty values are dropped', '{{external.blank}}', 'dropped'],
  ['any other namespace stands for external', '{{foo.logins}}', ['root', 'ops']],
  ['email.local', '{{email.local(external.email)}}', ['alice', 'bob']],
  ['email.local failing on one value drops all', '{{email.local(external.bad)}}', 'dropped'],
  [
    'regexp.replace drops non-matching values',
    '{{regexp.replace(external.email, "^(.*)@example.com$", "$1")}}',
    ['alice'],
  ],
  [
    'Go expansion: $1x names group 1x',
    '{{regexp.replace(internal.logins, "^(r)oot$", "$1x")}}',
    'dropped',
  ],
  [
    'braces inside a template, even ${1}, do not parse: dropped',
    '{{regexp.replace(internal.logins, "^(r)oot$", "${1}x")}}',
    'dropped',
  ],
  [
    'Go expansion: $$ is a dollar',
    '{{regexp.replace(internal.logins, "^(r)oot$", "$1$$")}}',
    ['r$'],
  ],
  ['braces that do not parse are dropped', '{{external.logins', 'dropped'],
  ['two templates in one value are dropped', '{{external.logins}}{{external.logins}}', 'dropped'],
  ['an unknown function is dropped', '{{upper(external.logins)}}', 'dropped'],
  ['a three-part name is unknown', '{{internal.logins.x}}', 'dropped'],
];

describe('templates', () => {
  it.each(TEMPLATES)('%s', (_name, value, expected) => {
    let actual: string[] | 'dropped' | 'unevaluated';
    try {
      actual = applyValueTraits(value, TEMPLATE_TRAITS);
    } catch (error) {
      actual = error instanceof Unevaluable ? 'unevaluated' : 'dropped';
    }
    expect(actual).toEqual(expected);
  });

  it('labels: a key takes its first value, failures become empty (applyLabelsTraits)', () => {
    expect(
      applyLabelsTraits(
        { '{{external.logins}}': ['{{external.email}}', '{{external.nope}}'] },
        TEMPLATE_TRAITS,
      ).value,
    ).toEqual({ root: ['alice@example.com', 'bob@example.org', ''] });
    expect(applyLabelsTraits({ '{{external.nope}}': ['x'] }, TEMPLATE_TRAITS).value).toEqual({
      '': ['x'],
    });
  });
});

// lib/utils/utils.go IsValidUnixUser; role.go filterInvalidWindowsLogins.
const LOGINS: [string, boolean, boolean][] = [
  ['root', true, true],
  ['', false, true],
  ['-root', false, true],
  ['a:b', false, false],
  ['a/b', false, false],
  ['a b', false, true],
  ['a\u00a0b', false, true],
  ['x'.repeat(32), true, true],
  ['x'.repeat(33), false, true],
  ['é'.repeat(17), false, true],
  ['DOMAIN\\user', true, false],
  ['a*b', true, false],
];

describe('valid logins', () => {
  it.each(LOGINS)('%j: unix %s, windows %s', (login, unix, windows) => {
    expect(isValidUnixLogin(login)).toBe(unix);
    expect(isValidWindowsLogin(login)).toBe(windows);
  });
});
