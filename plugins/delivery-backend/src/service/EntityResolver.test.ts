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
  const stale = 5_000;
  let now = 0;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  const setup = () => {
    const catalog = catalogServiceMock({
      entities: [
        component('svc', 'acme/svc'),
        component('other', 'acme/other'),
      ],
    });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const resolver = new EntityResolver(catalog, {
      productionEnvironments: ['production'],
      maxGroupServices: 100,
      catalogAnswerTtlMs: ttl,
      catalogAnswerStaleMs: stale,
    });
    return { resolver, getEntitiesByRefs, getEntities };
  };

  it("reuses a caller's answer for the time to live, then gives it once more while asking the catalog again", async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const first = await resolver.entityScope('component:default/svc', alice);
    expect(first.repository).toBe('acme/svc');
    now += ttl - 1;
    await expect(resolver.entityScope('svc', alice)).resolves.toEqual(first);
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);

    const moved = component('svc', 'acme/moved');
    getEntitiesByRefs.mockResolvedValueOnce({ items: [moved] });
    now += 1;
    const [expired, concurrent] = await Promise.all([
      resolver.entityScope('svc', alice),
      resolver.entityScope('svc', alice),
    ]);
    expect([expired, concurrent]).toEqual([first, first]);
    await new Promise(resolve => setImmediate(resolve));
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
    await expect(resolver.entityScope('svc', alice)).resolves.toMatchObject({
      repository: 'acme/moved',
    });
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('waits for the catalog once an answer is older than its time to live and the stale time', async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    await resolver.entityScope('svc', alice);
    getEntitiesByRefs.mockResolvedValueOnce({
      items: [component('svc', 'acme/moved')],
    });
    now += ttl + stale;
    await expect(resolver.entityScope('svc', alice)).resolves.toMatchObject({
      repository: 'acme/moved',
    });
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('drops an expired answer whose refresh fails, so the next read sees the failure', async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const first = await resolver.entityScope('svc', alice);
    getEntitiesByRefs.mockResolvedValue({ items: [undefined] });
    now += ttl;
    await expect(resolver.entityScope('svc', alice)).resolves.toEqual(first);
    await new Promise(resolve => setImmediate(resolve));
    await expect(resolver.entityScope('svc', alice)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('asks the catalog for each caller, since it filters what each may read', async () => {
    const { resolver, getEntitiesByRefs, getEntities } = setup();
    for (const caller of [
      mockCredentials.user('user:default/alice'),
      mockCredentials.user('user:default/bob'),
      mockCredentials.service('plugin:other'),
    ]) {
      await resolver.entityScope('svc', caller);
      await resolver.allScopes(caller);
    }
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(3);
    // the organisation's components and groups, for each caller
    expect(getEntities).toHaveBeenCalledTimes(6);
  });

  it('shares one catalog request between concurrent identical lookups', async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => resolver.entityScope('svc', alice)),
    );
    expect(new Set(answers.map(a => a.repository))).toEqual(
      new Set(['acme/svc']),
    );
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });

  it("asks the catalog once for a caller's concurrent lookups of different entities", async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');
    const [svc, other, missing, bobs] = await Promise.allSettled([
      resolver.entityScope('svc', alice),
      resolver.entityScope('component:default/other', alice),
      resolver.entityScope('missing', alice),
      resolver.entityScope('svc', bob),
    ]);
    expect(svc).toMatchObject({ value: { repository: 'acme/svc' } });
    expect(other).toMatchObject({ value: { repository: 'acme/other' } });
    expect(missing).toMatchObject({ reason: expect.any(NotFoundError) });
    expect(bobs).toMatchObject({ value: { repository: 'acme/svc' } });
    // one request for alice's three refs, one for bob's
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'component:default/svc',
      'component:default/other',
      'component:default/missing',
    ]);
    expect(getEntitiesByRefs.mock.calls[0][1]).toEqual({ credentials: alice });
  });

  it('fails every lookup of a batch when the catalog fails, and keeps none', async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    getEntitiesByRefs.mockRejectedValueOnce(new Error('catalog down'));
    const answers = await Promise.allSettled([
      resolver.entityScope('svc', alice),
      resolver.entityScope('other', alice),
    ]);
    expect(answers.map(a => a.status)).toEqual(['rejected', 'rejected']);
    await expect(resolver.entityScope('svc', alice)).resolves.toMatchObject({
      repository: 'acme/svc',
    });
  });

  it('does not keep a failure', async () => {
    const { resolver, getEntitiesByRefs } = setup();
    const alice = mockCredentials.user('user:default/alice');
    await expect(resolver.entityScope('missing', alice)).rejects.toThrow(
      NotFoundError,
    );
    await expect(resolver.entityScope('missing', alice)).rejects.toThrow(
      NotFoundError,
    );
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });
});
