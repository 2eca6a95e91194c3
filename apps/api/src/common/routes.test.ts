import { describe, expect, it } from 'vitest';
import { RouteIndex } from './routes';

const app = {
  router: {
    stack: [
      { route: { path: '/v1/invoices', methods: { get: true } } },
      { route: { path: '/v1/invoices', methods: { post: true } } },
      { route: { path: '/v1/invoices/:externalId/payments', methods: { post: true } } },
      { name: 'jsonParser' },
    ],
  },
};

describe('RouteIndex.allowedMethods', () => {
  const routes = RouteIndex.of(app);

  it('lists every method of a known path, HEAD with GET', () => {
    expect(routes.allowedMethods('/v1/invoices')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedMethods('/v1/invoices/')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('matches parameters within one path segment only', () => {
    expect(routes.allowedMethods('/v1/invoices/INV-1/payments')).toEqual(['POST']);
    expect(routes.allowedMethods('/v1/invoices/a/b/payments')).toEqual([]);
  });

  it('knows no methods for an unknown path (a 404, not a 405)', () => {
    expect(routes.allowedMethods('/v2/invoices')).toEqual([]);
    expect(RouteIndex.of(undefined).allowedMethods('/v1/invoices')).toEqual([]);
  });
});
