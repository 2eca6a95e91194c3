import {
  endpointSecretContext,
  SecretBox,
  SecretKeyMismatch,
  TenantEntity,
  WebhookEndpoints,
} from '@relance/persistence';
import { startTestDatabase, type TestDatabase } from '@relance/persistence/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../cli';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await startTestDatabase({ name: 'endpoint-secrets', poolSize: 2 });
});
afterAll(() => testDb?.stop());

describe("webhook endpoints' signing secrets at rest", () => {
  it('are sealed for their tenant and endpoint, and `secrets rotate` re-encrypts them with the new key', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const tenant = await testDb.db.getRepository(TenantEntity).save({ slug: 'endpoint-secrets' });
    const endpoints = new WebhookEndpoints(testDb.db);
    const oldBox = new SecretBox(oldKey);
    const created = await endpoints.create(
      { tenantId: tenant.id, url: 'https://erp.example/hooks', events: null, description: null },
      (id) => oldBox.seal('whsec_c2VjcmV0', endpointSecretContext(tenant.id, id)),
    );
    const before = (await endpoints.stored(created.id))!;
    // Bound to the endpoint: the same ciphertext under another endpoint's context does not open.
    expect(() => oldBox.open(before.secret, endpointSecretContext(tenant.id, 'another'))).toThrow(
      SecretKeyMismatch,
    );

    const rotating = new SecretBox(newKey, [oldKey]);
    const io = { box: rotating, readStdin: async () => '', note: () => undefined };
    expect(await runCommand(testDb.db, ['secrets', 'rotate'], io)).toMatch(/re-encrypted 1 secret/);
    const after = (await endpoints.stored(created.id))!;
    expect(new SecretBox(newKey).open(after.secret, endpointSecretContext(tenant.id, created.id))).toBe(
      'whsec_c2VjcmV0',
    );
    expect(await runCommand(testDb.db, ['secrets', 'rotate'], io)).toMatch(/already encrypted/);
  });
});
