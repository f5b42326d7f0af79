import {
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
  type IntegrationExecutionContext,
} from '@jupiterone/integration-sdk-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IntegrationConfig } from '../src/config';
import { getStepStartStates, validateInvocation } from '../src';
import { STEPS } from '../src/steps';
import { loadExecutionConfig, sessionOf } from '../src/session';
import { startTeleportStandIn, type TeleportStandIn } from '../standin';
import { createAuthority, issueUserIdentity } from '../standin/pki';

let standIn: TeleportStandIn;
const contexts: IntegrationExecutionContext<IntegrationConfig>[] = [];

function contextFor(config: IntegrationConfig): IntegrationExecutionContext<IntegrationConfig> {
  const context = createMockExecutionContext<IntegrationConfig>({ instanceConfig: config });
  const withSession = { ...context, executionConfig: loadExecutionConfig({ config }) };
  contexts.push(withSession);
  return withSession;
}

beforeAll(async () => {
  standIn = await startTeleportStandIn({ clusterName: 'validate.example.com' });
});

afterAll(async () => {
  for (const context of contexts) {
    sessionOf(context).close();
  }
  await standIn.close();
});

describe('validateInvocation', () => {
  it('pings Auth and logs who and where, warning when the identity expires within a day', async () => {
    const identity = await standIn.issueIdentity({
      algorithm: 'ecdsa',
      notAfter: new Date(Date.now() + 3 * 3600_000),
    });
    const context = contextFor({
      proxyAddress: standIn.proxyAddress,
      identityFile: identity.identityFile,
    });
    const info = vi.spyOn(context.logger, 'info');
    const warn = vi.spyOn(context.logger, 'publishWarnEvent');
    await validateInvocation(context);
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({
        clusterName: 'validate.example.com',
        serverVersion: '17.4.8',
        user: 'jupiterone',
        roles: ['jupiterone-reader'],
      }),
      'Connected to Teleport Auth',
    );
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ description: expect.stringMatching(/expires at .* \(in 3 h\)/) }),
    );
  });

  it.each([
    ['a Machine ID file (one-hour certificate) with 40 minutes left: no warning', 60, 40, false],
    [
      'a Machine ID file tbot stopped renewing (10 minutes left): a warning to check tbot',
      60,
      10,
      true,
    ],
    [
      'a signed 12-hour file on disk with 11 hours left: a warning to sign a new one',
      12 * 60,
      11 * 60,
      true,
    ],
  ])('judges the expiry of %s', async (_case, lifetimeMinutes, remainingMinutes, warns) => {
    const notAfter = new Date(Date.now() + remainingMinutes * 60_000);
    const identity = await standIn.issueIdentity({
      algorithm: 'ecdsa',
      notBefore: new Date(notAfter.getTime() - lifetimeMinutes * 60_000),
      notAfter,
    });
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-expiry-')),
      'identity',
    );
    fs.writeFileSync(file, identity.identityFile);
    const context = contextFor({ proxyAddress: standIn.proxyAddress, identityFilePath: file });
    const warn = vi.spyOn(context.logger, 'publishWarnEvent');
    await validateInvocation(context);
    if (!warns) {
      expect(warn).not.toHaveBeenCalled();
    } else if (lifetimeMinutes <= 60) {
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          description: expect.stringMatching(
            /in 10 min\). Check that Machine ID \(tbot\) is still renewing/,
          ),
        }),
      );
    } else {
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          description: expect.stringMatching(/in 11 h\). Sign a new one before then/),
        }),
      );
    }
  });

  it('refuses an expired identity before connecting', async () => {
    const expired = await standIn.issueIdentity({
      algorithm: 'ecdsa',
      notBefore: new Date(Date.now() - 7200_000),
      notAfter: new Date(Date.now() - 60_000),
    });
    const connectionsBefore = standIn.proxy.connections.length;
    const failure = await validateInvocation(
      contextFor({ proxyAddress: standIn.proxyAddress, identityFile: expired.identityFile }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrationValidationError);
    expect((failure as Error).message).toMatch(/expired at .*NotAfter/);
    expect(standIn.proxy.connections.length).toBe(connectionsBefore);
  });

  it('reports a rejected client certificate as an authentication error', async () => {
    const rotated = await createAuthority('validate.example.com', 'ecdsa');
    const stale = await issueUserIdentity(rotated, [standIn.pki.hostCa], {
      username: 'jupiterone',
      roles: [],
      algorithm: 'ecdsa',
    });
    const failure = await validateInvocation(
      contextFor({ proxyAddress: standIn.authAddress, identityFile: stale.identityFile }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect((failure as Error).message).toMatch(
      /rejected the client certificate of user "jupiterone"/,
    );
  });

  it('reports a proxy of another cluster as a configuration error naming the address', async () => {
    const other = await startTeleportStandIn({ clusterName: 'other.example.com' });
    try {
      const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
      const failure = await validateInvocation(
        contextFor({ proxyAddress: other.proxyAddress, identityFile: identity.identityFile }),
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(IntegrationValidationError);
      expect((failure as Error).message).toContain(
        `Could not reach Teleport Auth at ${other.proxyAddress}`,
      );
    } finally {
      await other.close();
    }
  });
});

describe('getStepStartStates', () => {
  it('enables every step on a cluster with access lists', async () => {
    const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
    const states = await getStepStartStates(
      contextFor({ proxyAddress: standIn.proxyAddress, identityFile: identity.identityFile }),
    );
    // Every step; applications, off unless switched on, run and list nothing.
    expect(
      Object.entries(states)
        .filter(([, state]) => state.disabled)
        .map(([id]) => id),
    ).toEqual([]);
  });

  it('disables the access list steps, with the reason, on Community Edition', async () => {
    const community = await startTeleportStandIn({
      clusterName: 'community.example.com',
      unregistered: ['AccessListService'],
    });
    try {
      const identity = await community.issueIdentity({ algorithm: 'rsa' });
      const states = await getStepStartStates(
        contextFor({ proxyAddress: community.proxyAddress, identityFile: identity.identityFile }),
      );
      // The access list steps and effective roles (built on them) are disabled; every other step,
      // access requests' among them (in every edition), and applications (off unless switched on:
      // it runs and lists nothing so that what builds on every listing still runs), is enabled.
      const disabled = {
        'fetch-access-lists': { disabled: true, disabledReason: 'api_version' },
        'fetch-access-list-members': { disabled: true, disabledReason: 'api_version' },
        'fetch-access-list-owners': { disabled: true, disabledReason: 'api_version' },
        'fetch-access-list-reviews': { disabled: true, disabledReason: 'api_version' },
        'build-user-effective-roles': { disabled: true, disabledReason: 'api_version' },
      };
      expect(states).toEqual(
        Object.fromEntries(
          STEPS.map(({ id }) => [id, disabled[id as keyof typeof disabled] ?? { disabled: false }]),
        ),
      );
    } finally {
      await community.close();
    }
  });

  it('disables a feature switched off in the configuration, and only that feature', async () => {
    const identity = await standIn.issueIdentity({ algorithm: 'ecdsa' });
    const states = await getStepStartStates(
      contextFor({
        proxyAddress: standIn.proxyAddress,
        identityFile: identity.identityFile,
        ingestBots: false,
        ingestDevices: false,
        ingestLocks: true,
        // Text, as a collector's environment may hand it over.
        ingestAuthPreference: ' FALSE' as unknown as boolean,
        ingestSsoConnectors: 'true' as unknown as boolean,
      }),
    );
    expect(states['fetch-bots']).toEqual({ disabled: true, disabledReason: 'user_config' });
    expect(states['fetch-devices']).toEqual({ disabled: true, disabledReason: 'user_config' });
    expect(states['fetch-auth-preference']).toEqual({
      disabled: true,
      disabledReason: 'user_config',
    });
    expect(
      Object.entries(states)
        .filter(([, state]) => state.disabled)
        .map(([id]) => id)
        .sort(),
    ).toEqual(['fetch-auth-preference', 'fetch-bots', 'fetch-devices']);
  });

  it('disables trusted devices, with the reason, when the cluster has no device trust', async () => {
    const community = await startTeleportStandIn({
      clusterName: 'community.example.com',
      unregistered: ['DeviceTrustService'],
    });
    try {
      const identity = await community.issueIdentity({ algorithm: 'ecdsa' });
      const states = await getStepStartStates(
        contextFor({ proxyAddress: community.proxyAddress, identityFile: identity.identityFile }),
      );
      expect(states['fetch-devices']).toEqual({ disabled: true, disabledReason: 'api_version' });
      expect(states['fetch-bots']).toEqual({ disabled: false });
    } finally {
      await community.close();
    }
  });
});
