import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityResolver } from './EntityResolver';

const component = (name: string, slug: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/project-slug': slug },
  },
  spec: { type: 'service', owner: 'group:default/team', lifecycle: 'live' },
});

describe('EntityResolver', () => {
  const ttl = 1_000;
  let now = 0;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  const setup = () => {
    const catalog = catalogServiceMock({
      entities: [component('svc', 'acme/svc')],
    });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const resolver = new EntityResolver(catalog, {
      productionEnvironments: ['production'],
      maxGroupServices: 100,
      catalogAnswerTtlMs: ttl,
    });
    return { resolver, getEntityByRef, getEntities };
  };

  it("reuses a caller's answer for the time to live, then asks the catalog again", async () => {
    const { resolver, getEntityByRef } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const first = await resolver.entityScope('component:default/svc', alice);
    expect(first.repository).toBe('acme/svc');
    now += ttl - 1;
    await expect(resolver.entityScope('svc', alice)).resolves.toEqual(first);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    now += 1;
    await resolver.entityScope('svc', alice);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('asks the catalog for each caller, since it filters what each may read', async () => {
    const { resolver, getEntityByRef, getEntities } = setup();
    for (const caller of [
      mockCredentials.user('user:default/alice'),
      mockCredentials.user('user:default/bob'),
      mockCredentials.service('plugin:other'),
    ]) {
      await resolver.entityScope('svc', caller);
      await resolver.allScopes(caller);
    }
    expect(getEntityByRef).toHaveBeenCalledTimes(3);
    expect(getEntities).toHaveBeenCalledTimes(3);
  });

  it('shares one catalog request between concurrent identical lookups', async () => {
    const { resolver, getEntityByRef } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => resolver.entityScope('svc', alice)),
    );
    expect(new Set(answers.map(a => a.repository))).toEqual(
      new Set(['acme/svc']),
    );
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failure', async () => {
    const { resolver, getEntityByRef } = setup();
    const alice = mockCredentials.user('user:default/alice');
    await expect(resolver.entityScope('missing', alice)).rejects.toThrow(
      NotFoundError,
    );
    await expect(resolver.entityScope('missing', alice)).rejects.toThrow(
      NotFoundError,
    );
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });
});
