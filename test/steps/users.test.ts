import { describe, expect, it } from 'vitest';
import type { Entity } from '@jupiterone/integration-sdk-core';
import { createMissingUserEntity } from '../../src/steps/job-data';
import { createUserEntity, userTypeOf } from '../../src/steps/users/converters';
import type { UserV2 } from '../../src/teleport';
import { expectGraph, NOW, DAY, at } from '../helpers/graph-matchers';
import { Steps } from '../../src/steps/constants';
import { useStepRun } from '../harness/step-run';

function user(name: string, spec: UserV2['spec'] = {}, extra: Partial<UserV2> = {}): UserV2 {
  return { kind: 'user', version: 'v2', metadata: { name }, spec, ...extra };
}

describe('createUserEntity: identity', () => {
  it('names and keys the user', () => {
    const entity = createUserEntity(user('alice', { roles: ['access', 'editor'] }), NOW);
    expect(entity._key).toBe('teleport_user:alice');
    expect(entity._type).toBe('teleport_user');
    expect(entity._class).toEqual(['User']);
    expect(entity.name).toBe('alice');
    expect(entity.displayName).toBe('alice');
    expect(entity.username).toBe('alice');
    expect(entity.roles).toEqual(['access', 'editor']);
  });

  it('keeps a unicode name as it is in the key', () => {
    const entity = createUserEntity(user('zoë'), NOW);
    expect(entity._key).toBe('teleport_user:zoë');
    expect(entity.name).toBe('zoë');
    expect(entity).not.toHaveProperty('email');
  });
});

describe('createUserEntity: user type and SSO', () => {
  it('is local without SSO identities or a bot label', () => {
    const entity = createUserEntity(user('alice'), NOW);
    expect(entity.userType).toBe('local');
    expect(entity).not.toHaveProperty('ssoConnectorType');
    expect(entity).not.toHaveProperty('ssoConnectorId');
  });

  it('is sso with a SAML identity, naming the connector', () => {
    const entity = createUserEntity(
      user('bob', { samlIdentities: [{ connectorId: 'okta', username: 'bob@example.com' }] }),
      NOW,
    );
    expect(entity.userType).toBe('sso');
    expect(entity.ssoConnectorType).toBe('saml');
    expect(entity.ssoConnectorId).toBe('okta');
    expect(entity.ssoIdentity).toBe('bob@example.com');
  });

  it('is sso with an OIDC or GitHub identity', () => {
    const oidc = createUserEntity(
      user('c', { oidcIdentities: [{ connectorId: 'google', username: 'c' }] }),
      NOW,
    );
    expect(oidc.userType).toBe('sso');
    expect(oidc.ssoConnectorType).toBe('oidc');
    expect(oidc.ssoConnectorId).toBe('google');
    const github = createUserEntity(
      user('d', { githubIdentities: [{ connectorId: 'github', username: 'd' }] }),
      NOW,
    );
    expect(github.ssoConnectorType).toBe('github');
    expect(github.ssoConnectorId).toBe('github');
  });

  it('is sso when only createdBy names a connector', () => {
    const entity = createUserEntity(
      user('e', {
        createdBy: { connector: { type: 'saml', id: 'entra', identity: 'e@example.com' } },
      }),
      NOW,
    );
    expect(entity.userType).toBe('sso');
    expect(entity.ssoConnectorType).toBe('saml');
    expect(entity.ssoConnectorId).toBe('entra');
    expect(entity.ssoIdentity).toBe('e@example.com');
    expect(entity.createdBy).toBe('entra');
  });

  it('is bot with the teleport.internal/bot label, even with an SSO identity', () => {
    const bot: UserV2 = {
      metadata: { name: 'bot-ci', labels: { 'teleport.internal/bot': 'ci' } },
      spec: { samlIdentities: [{ connectorId: 'okta', username: 'x' }] },
    };
    expect(userTypeOf(bot)).toBe('bot');
    const entity = createUserEntity(bot, NOW);
    expect(entity.userType).toBe('bot');
    expect(entity.botName).toBe('ci');
  });
});

describe('createUserEntity: email', () => {
  it('takes the email from a name that is an address', () => {
    expect(createUserEntity(user('alice@example.com'), NOW).email).toBe('alice@example.com');
  });

  it('takes the email from the SSO identity username', () => {
    const entity = createUserEntity(
      user('bob', { oidcIdentities: [{ connectorId: 'google', username: 'bob@example.org' }] }),
      NOW,
    );
    expect(entity.email).toBe('bob@example.org');
  });

  it("takes the email from the 'email' trait", () => {
    const entity = createUserEntity(
      user('carol', { traits: { values: { email: { values: ['carol@example.net'] } } } }),
      NOW,
    );
    expect(entity.email).toBe('carol@example.net');
  });

  it('prefers the name over the SSO username and trait', () => {
    const entity = createUserEntity(
      user('dave@example.com', {
        samlIdentities: [{ connectorId: 'okta', username: 'd.other@example.com' }],
        traits: { values: { email: { values: ['d.trait@example.com'] } } },
      }),
      NOW,
    );
    expect(entity.email).toBe('dave@example.com');
  });

  it('leaves email out when nothing is an address', () => {
    const entity = createUserEntity(
      user('erin', {
        githubIdentities: [{ connectorId: 'github', username: 'erin-gh' }],
        traits: { values: { email: { values: ['not-an-address'] } } },
      }),
      NOW,
    );
    expect(entity).not.toHaveProperty('email');
    expect(JSON.stringify(entity)).not.toContain('not-an-address');
  });
});

describe("createUserEntity: what JupiterOne's mapper ties a User to its Person by", () => {
  // JupiterOne's global mapping rules (JupiterOne-Archives/docs-old
  // docs/data-model/mappings-global.md, `User -IS-> Person`) match a Person on
  // `email = toLowerCase(source.email)` and on `userId = [..., toLowerCase(source.username)]`; the
  // identity-provider rules (docs/data-model/mappings-integrations.md, `okta_user -IS-> Person`,
  // `google_user -IS-> Person`) leave out users whose `userType` is bot, service or system.
  it.each([
    [
      'a local user named by address',
      user('alice@acme.com'),
      { email: 'alice@acme.com', username: 'alice@acme.com', userType: 'local' },
    ],
    [
      'an SSO user named by handle, whose identity is an address',
      user('carol', { samlIdentities: [{ connectorId: 'okta', username: 'Carol@Acme.com' }] }),
      { email: 'Carol@Acme.com', username: 'carol', userType: 'sso' },
    ],
    [
      'a bot, which no Person is',
      user(
        'bot-jenkins',
        {},
        { metadata: { name: 'bot-jenkins', labels: { 'teleport.internal/bot': 'jenkins' } } },
      ),
      { username: 'bot-jenkins', userType: 'bot' },
    ],
  ])('%s', (_name, input, expected) => {
    const entity = createUserEntity(input, NOW);
    expect(entity).toMatchObject(expected);
    if (!('email' in expected)) {
      expect(entity).not.toHaveProperty('email');
    }
  });
});

describe('createUserEntity: locks and expiry', () => {
  it('is locked, with message and expiry, while a lock is active', () => {
    const entity = createUserEntity(
      user('frank', {
        status: {
          isLocked: true,
          lockedMessage: 'Suspicious login',
          lockedTime: at(NOW - DAY),
          lockExpires: at(NOW + DAY),
        },
      }),
      NOW,
    );
    expect(entity.locked).toBe(true);
    expect(entity.active).toBe(false);
    expect(entity.lockedMessage).toBe('Suspicious login');
    expect(entity.lockedOn).toBe(NOW - DAY);
    expect(entity.lockExpiresOn).toBe(NOW + DAY);
  });

  it('is not locked out when the lockout has no expiry (Teleport compares LockExpires with now)', () => {
    // lib/auth/auth.go WithUserLock: IsLocked && LockExpires.After(now).
    const entity = createUserEntity(user('g', { status: { isLocked: true } }), NOW);
    expect(entity.locked).toBe(false);
    expect(entity.active).toBe(true);
    expect(entity).not.toHaveProperty('lockExpiresOn');
  });

  it('takes the expiry from metadata.expires first, as SSO users carry it', () => {
    const entity = createUserEntity(
      user('s', { expires: at(NOW + DAY) }, { metadata: { name: 's', expires: at(NOW - DAY) } }),
      NOW,
    );
    expect(entity.expiresOn).toBe(NOW - DAY);
    expect(entity.active).toBe(false);
  });

  it('is a bot when the bot label is present, whatever its value; SSO when a connector is named', () => {
    expect(
      userTypeOf(
        user('bot-x', {}, { metadata: { name: 'bot-x', labels: { 'teleport.internal/bot': '' } } }),
      ),
    ).toBe('bot');
    expect(userTypeOf(user('s', { createdBy: { connector: {} } }))).toBe('sso');
    expect(userTypeOf(user('l', {}))).toBe('local');
  });

  it('is not locked once the lock has expired', () => {
    const entity = createUserEntity(
      user('h', {
        status: { isLocked: true, lockedMessage: 'old lock', lockExpires: at(NOW - 1000) },
      }),
      NOW,
    );
    expect(entity.locked).toBe(false);
    expect(entity.active).toBe(true);
    expect(entity).not.toHaveProperty('lockedMessage');
    expect(entity).not.toHaveProperty('lockExpiresOn');
  });

  it('is inactive once spec.expires has passed, relative to now', () => {
    const expires = at(NOW - DAY);
    const entity = createUserEntity(user('temp', { expires }), NOW);
    expect(entity.active).toBe(false);
    expect(entity.locked).toBe(false);
    expect(entity.expiresOn).toBe(NOW - DAY);
    // The same user judged a day and a half earlier is still active.
    expect(createUserEntity(user('temp', { expires }), NOW - 1.5 * DAY).active).toBe(true);
  });

  it('is active with a future expiry, which is recorded', () => {
    const entity = createUserEntity(user('contractor', { expires: at(NOW + 30 * DAY) }), NOW);
    expect(entity.active).toBe(true);
    expect(entity.expiresOn).toBe(NOW + 30 * DAY);
  });

  it('treats an expiry at year 1 as no expiry', () => {
    const entity = createUserEntity(user('forever', { expires: { seconds: -62135596800 } }), NOW);
    expect(entity).not.toHaveProperty('expiresOn');
    expect(entity.active).toBe(true);
  });
});

describe('createUserEntity: password and MFA', () => {
  it("records passwordState 'set'", () => {
    expect(
      createUserEntity(user('a', {}, { status: { passwordState: 'PASSWORD_STATE_SET' } }), NOW)
        .passwordState,
    ).toBe('set');
    expect(
      createUserEntity(
        user('a', {}, { status: { passwordState: 'PASSWORD_STATE_UNSPECIFIED' } }),
        NOW,
      ),
    ).not.toHaveProperty('passwordState');
  });

  it('is mfaEnabled with a WebAuthn (or TOTP) weakest device', () => {
    const webauthn = createUserEntity(
      user('a', {}, { status: { mfaWeakestDevice: 'MFA_DEVICE_KIND_WEBAUTHN' } }),
      NOW,
    );
    expect(webauthn.mfaWeakestDevice).toBe('webauthn');
    expect(webauthn.mfaEnabled).toBe(true);
    const totp = createUserEntity(
      user('a', {}, { status: { mfaWeakestDevice: 'MFA_DEVICE_KIND_TOTP' } }),
      NOW,
    );
    expect(totp.mfaEnabled).toBe(true);
  });

  it("is not mfaEnabled with weakest device 'unset'", () => {
    const entity = createUserEntity(
      user('a', {}, { status: { mfaWeakestDevice: 'MFA_DEVICE_KIND_UNSET' } }),
      NOW,
    );
    expect(entity.mfaWeakestDevice).toBe('unset');
    expect(entity.mfaEnabled).toBe(false);
  });

  it('says nothing about MFA when the server does not', () => {
    const entity = createUserEntity(user('a'), NOW);
    expect(entity).not.toHaveProperty('mfaEnabled');
    expect(entity).not.toHaveProperty('mfaWeakestDevice');
  });
});

describe('createUserEntity: traits', () => {
  const SSN = '078-05-1120';
  const GROUP = 'secret-acquisition-team';
  const entity = createUserEntity(
    user('ivan', {
      traits: {
        values: {
          logins: { values: ['ubuntu', 'ivan'] },
          db_users: { values: ['reporting'] },
          host_user_uid: { values: ['1001'] },
          kubernetes_groups: { values: [] },
          ssn: { values: [SSN] },
          groups: { values: [GROUP, 'everyone-xyz'] },
        },
      },
    }),
    NOW,
  );

  it('lists every trait name, sorted, and counts them', () => {
    expect(entity.traitNames).toEqual([
      'db_users',
      'groups',
      'host_user_uid',
      'kubernetes_groups',
      'logins',
      'ssn',
    ]);
    expect(entity.traitCount).toBe(6);
  });

  it('exposes shareable trait values under camelCase names', () => {
    expect(entity['trait.logins']).toEqual(['ubuntu', 'ivan']);
    expect(entity['trait.dbUsers']).toEqual(['reporting']);
    expect(entity['trait.hostUserUid']).toEqual(['1001']);
    expect(entity).not.toHaveProperty('trait.db_users');
    expect(entity).not.toHaveProperty('trait.kubernetesGroups');
  });

  it('never exposes the values of other traits, not even in _rawData', () => {
    const text = JSON.stringify(entity);
    expect(text).not.toContain(SSN);
    expect(text).not.toContain(GROUP);
    expect(text).not.toContain('everyone-xyz');
    expect(entity).not.toHaveProperty('trait.ssn');
    expect(entity).not.toHaveProperty('trait.groups');
    // The raw data is still there, just without the traits.
    const raw = (entity._rawData ?? [])[0]?.rawData as UserV2 | undefined;
    expect(raw?.metadata?.name).toBe('ivan');
    expect(raw?.spec).not.toHaveProperty('traits');
  });

  it('has no trait properties for a user without traits', () => {
    const bare = createUserEntity(user('no-traits'), NOW);
    expect(bare).not.toHaveProperty('traitNames');
    expect(bare).not.toHaveProperty('traitCount');
  });

  it('stays small and quick with 5,000 traits', () => {
    const values: Record<string, { values: string[] }> = {};
    for (let i = 0; i < 5000; i++) {
      values[`attr${String(i).padStart(4, '0')}`] = { values: [`private-value-${i}`] };
    }
    values.logins = { values: Array.from({ length: 80 }, (_, i) => `login${i}`) };
    const started = performance.now();
    const big = createUserEntity(user('many', { traits: { values } }), NOW);
    const elapsed = performance.now() - started;
    expect(big.traitCount).toBe(5001);
    expect(big.traitNames).toHaveLength(200);
    expect((big.traitNames as string[])[0]).toBe('attr0000');
    expect(big['trait.logins']).toHaveLength(50);
    expect(JSON.stringify(big)).not.toContain('private-value-');
    expect(elapsed).toBeLessThan(1000);
  });

  it('counts exactly 5,000 traits', () => {
    const values: Record<string, { values: string[] }> = {};
    for (let i = 0; i < 5000; i++) {
      values[`t${i}`] = { values: ['v'] };
    }
    const big = createUserEntity(user('five-thousand', { traits: { values } }), NOW);
    expect(big.traitCount).toBe(5000);
    expect(big.traitNames).toHaveLength(200);
  });
});

describe('createUserEntity: sparse input', () => {
  it('does not crash on an empty message', () => {
    const entity = createUserEntity({}, NOW);
    expect(entity._key).toBe('teleport_user:');
    expect(entity.userType).toBe('local');
    expect(entity.active).toBe(true);
    expect(entity.locked).toBe(false);
  });

  it('does not crash on empty strings and empty optional messages', () => {
    const entity = createUserEntity(
      {
        metadata: { name: 'empty', labels: {} },
        spec: {
          roles: [''],
          samlIdentities: [],
          oidcIdentities: [{}],
          traits: {},
          status: {},
          expires: {},
          createdBy: {
            connector: { type: '', id: '', identity: '' },
            user: { name: '' },
            time: {},
          },
          trustedDeviceIds: [],
        },
        status: {},
      },
      NOW,
    );
    expect(entity.name).toBe('empty');
    // An empty OIDC identity still says the user came from SSO, but names no connector.
    expect(entity.userType).toBe('sso');
    expect(entity.ssoConnectorType).toBe('oidc');
    expect(entity).not.toHaveProperty('ssoConnectorId');
    expect(entity).not.toHaveProperty('roles');
    expect(entity).not.toHaveProperty('expiresOn');
    expect(entity.createdOn).toBeUndefined(); // the SDK leaves the key with an undefined value
    expect(entity).not.toHaveProperty('createdBy');
    expect(entity).not.toHaveProperty('trustedDeviceCount');
    expect(entity).not.toHaveProperty('traitNames');
    expect(entity.active).toBe(true);
  });

  it('records creation time, creator and trusted devices when present', () => {
    const entity = createUserEntity(
      user('j', {
        createdBy: { time: at(NOW - 10 * DAY), user: { name: 'admin' } },
        trustedDeviceIds: ['d1', 'd2'],
      }),
      NOW,
    );
    expect(entity.createdOn).toBe(NOW - 10 * DAY);
    expect(entity.createdBy).toBe('admin');
    expect(entity.trustedDeviceCount).toBe(2);
  });
});

describe('createMissingUserEntity', () => {
  it('records a user the listing did not return', () => {
    const entity = createMissingUserEntity('ghost@example.com');
    expect(entity._key).toBe('teleport_user:ghost@example.com');
    expect(entity.name).toBe('ghost@example.com');
    expect(entity.username).toBe('ghost@example.com');
    expect(entity.email).toBe('ghost@example.com');
    expect(entity.missing).toBe(true);
    expect(entity.active).toBe(false);
    expect(createMissingUserEntity('ghost')).not.toHaveProperty('email');
  });
});

describe('user entities: schema', () => {
  it('match the User schema', () => {
    const entities: Entity[] = [
      createUserEntity(
        user(
          'alice@example.com',
          {
            roles: ['access'],
            samlIdentities: [{ connectorId: 'okta', username: 'alice@example.com' }],
            traits: {
              values: {
                logins: { values: ['alice'] },
                db_users: { values: ['ro'] },
                groups: { values: ['x'] },
              },
            },
            status: { isLocked: true, lockedMessage: 'locked', lockExpires: at(NOW + DAY) },
            expires: at(NOW + 5 * DAY),
            createdBy: { time: at(NOW - DAY), user: { name: 'admin' } },
          },
          {
            status: {
              passwordState: 'PASSWORD_STATE_SET',
              mfaWeakestDevice: 'MFA_DEVICE_KIND_WEBAUTHN',
            },
          },
        ),
        NOW,
      ),
      createUserEntity(
        { metadata: { name: 'bot-ci', labels: { 'teleport.internal/bot': 'ci' } } },
        NOW,
      ),
      createUserEntity(user('zoë'), NOW),
      createMissingUserEntity('ghost'),
    ];
    expectGraph(entities).toMatchGraphObjectSchema({ _class: ['User'], _type: 'teleport_user' });
  });
});

describe('email addresses the data model accepts', () => {
  it('keeps ASCII addresses and leaves out ones the email format refuses', () => {
    expect(createUserEntity(user('dana@acme.com'), NOW).email).toBe('dana@acme.com');
    expect(createUserEntity(user('zoë@exämple.com'), NOW).email).toBeUndefined();
    expectGraph([createUserEntity(user('zoë@exämple.com'), NOW)]).toMatchGraphObjectSchema({
      _class: ['User'],
    });
  });
});

describe('fetch-users, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(Steps.USERS);

  it('describes users of every kind', () => {
    const users = run.ofType('teleport_user');
    expect(run.entity('teleport_user', 'alice@acme.com')).toMatchObject({
      userType: 'local',
      email: 'alice@acme.com',
      active: true,
    });
    const sso = users.filter((user) => user.userType === 'sso');
    expect(sso.length).toBeGreaterThanOrEqual(3);
    expect(new Set(sso.map((user) => user.ssoConnectorType))).toEqual(
      new Set(['saml', 'oidc', 'github']),
    );
    const bots = users.filter((user) => user.userType === 'bot');
    expect(bots.map((bot) => bot.name)).toContain('bot-jenkins');
    const locked = users.filter((user) => user.locked === true);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ active: false, lockedMessage: expect.any(String) });
    expect(run.entity('teleport_user', 'zoë')._key).toBe('teleport_user:zoë');
  });
});
