import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DELIVERY_PATH,
  ANNOTATION_DELIVERY_WORKFLOWS,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_PRODUCTION_ENVIRONMENTS,
  ANNOTATION_TIMEZONE,
  ServiceCatalogFacts,
  isDemoDataEntity,
} from '@internal/plugin-delivery-common';
import { normalizePath } from '../database/DeliveryStore';
import { MetricScope } from '../metrics/queries';
import { isValidTimezone } from '../metrics/timezone';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);

/**
 * The delivery scope of an entity, or undefined when it has no GitHub
 * repository. A `launchpad.dev/timezone` that is no IANA time zone is kept
 * as `invalidTimezone` for a data-quality warning; the organisation's time
 * zone applies.
 */
export function scopeOfEntity(
  entity: Entity,
  defaultProductionEnvironments: string[],
): MetricScope | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[ANNOTATION_GITHUB_PROJECT_SLUG];
  if (!slug || !/^[\w.-]+\/[\w.-]+$/.test(slug)) return undefined;
  const production = list(annotations[ANNOTATION_PRODUCTION_ENVIRONMENTS]);
  const timezone = annotations[ANNOTATION_TIMEZONE]?.trim();
  const validTimezone = Boolean(timezone) && isValidTimezone(timezone!);
  return {
    entityRef: stringifyEntityRef(entity),
    repository: slug.toLowerCase(),
    path: annotations[ANNOTATION_DELIVERY_PATH]
      ? normalizePath(annotations[ANNOTATION_DELIVERY_PATH]) || undefined
      : undefined,
    workflows: list(annotations[ANNOTATION_DELIVERY_WORKFLOWS]),
    productionEnvironments: production.length
      ? production
      : defaultProductionEnvironments,
    timezone: validTimezone ? timezone : undefined,
    invalidTimezone: timezone && !validTimezone ? timezone : undefined,
  };
}

const SCOPE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/** The services of the organisation, and the teams that own them. */
export interface Organisation {
  scopes: MetricScope[];
  /** what the catalog says about each service, by entity ref */
  catalog: Record<string, ServiceCatalogFacts>;
  /** each group that owns a service itself, with the indices in `scopes` of all it owns */
  teams: Array<{ group: string; services: number[] }>;
}

const targetsOf = (entity: Entity, type: string) =>
  (entity.relations ?? []).filter(r => r.type === type).map(r => r.targetRef);

/** What the catalog says about a service owned by `owners` (its `ownedBy` targets). */
function catalogFacts(entity: Entity, owners: string[]): ServiceCatalogFacts {
  return {
    name: entity.metadata.title ?? entity.metadata.name,
    owner: owners[0],
    system: targetsOf(entity, RELATION_PART_OF).find(ref =>
      ref.startsWith('system:'),
    ),
    demo: isDemoDataEntity(entity),
  };
}

/**
 * The groups owning the services themselves (`owners`, per service), each
 * with the services it owns itself or through its descendants in `groups`.
 */
function teamsOf(owners: string[][], groups: Entity[]): Organisation['teams'] {
  const children = new Map(
    groups.map(g => [stringifyEntityRef(g), targetsOf(g, RELATION_PARENT_OF)]),
  );
  const ownedBy = new Map<string, number[]>();
  owners.forEach((refs, service) =>
    refs.forEach(ref => {
      const owned = ownedBy.get(ref) ?? [];
      owned.push(service);
      ownedBy.set(ref, owned);
    }),
  );
  return [...ownedBy.keys()].sort().map(group => {
    const seen = new Set([group]);
    const services = new Set<number>();
    for (const g of seen) {
      ownedBy.get(g)?.forEach(i => services.add(i));
      children.get(g)?.forEach(c => seen.add(c));
    }
    return { group, services: [...services].sort((a, b) => a - b) };
  });
}

function parseRef(ref: string, defaultKind: string) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch (e) {
    throw new InputError(`Invalid entity reference '${ref}'`);
  }
}

/** How long a caller's answer from the catalog is reused. */
export const CATALOG_ANSWER_TTL_MS = 10_000;
/** How long after that a read is still given the answer while the catalog is asked again. */
export const CATALOG_ANSWER_STALE_MS = 60_000;
const MAX_CATALOG_ANSWERS = 10_000;

interface Answer {
  /** until when the answer is reused as it is */
  fresh: number;
  /** until when a read gets it while a new one is asked (`stale-while-revalidate`) */
  usable: number;
  value: Promise<unknown>;
  /** whether a new answer is being asked for in the background */
  refreshing?: boolean;
}

/**
 * A caller's answers from the catalog, reused for `ttlMs`: the catalog
 * itself only takes up a change of an entity after its next processing
 * round, so a few seconds more leave what a caller sees as it was, while a
 * read no longer costs a catalog request (service token, HTTP, entity
 * query). Answers are kept per caller (the catalog filters what each may
 * read) and concurrent identical lookups share one request. Failures are not
 * kept.
 *
 * With `staleMs`, an answer older than `ttlMs` is still given for that long
 * while the catalog is asked again in the background: a read does not wait
 * for the catalog because its answer has just expired, and what it is given
 * is at most one refresh behind the catalog. A failed refresh drops the
 * answer.
 */
export class CatalogAnswers {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly ttlMs: number, private readonly staleMs = 0) {}

  get<T>(
    credentials: BackstageCredentials,
    question: string,
    ask: () => Promise<T>,
  ): Promise<T> {
    const key = JSON.stringify([credentials.principal, question]);
    const now = Date.now();
    const known = this.answers.get(key);
    if (known && known.fresh > now) return known.value as Promise<T>;
    if (known && known.usable > now) {
      if (!known.refreshing) {
        known.refreshing = true;
        const next = ask();
        // a failure (the entity is gone, say) is not hidden behind the old
        // answer: the next read asks again
        next.then(
          () => this.keep(key, next, Date.now()),
          () => {
            if (this.answers.get(key) === known) this.answers.delete(key);
          },
        );
      }
      return known.value as Promise<T>;
    }
    return this.keep(key, ask(), now);
  }

  private keep<T>(key: string, value: Promise<T>, now: number): Promise<T> {
    // reinserted, so that the map stays in the order answers expire
    this.answers.delete(key);
    this.answers.set(key, {
      fresh: now + this.ttlMs,
      usable: now + this.ttlMs + this.staleMs,
      value,
    });
    value.catch(() => {
      if (this.answers.get(key)?.value === value) this.answers.delete(key);
    });
    // drop the unusable ones (an organisation's answer holds every service)
    // and the oldest beyond the limit
    for (const [oldest, answer] of this.answers) {
      if (answer.usable > now && this.answers.size <= MAX_CATALOG_ANSWERS)
        break;
      this.answers.delete(oldest);
    }
    return value;
  }
}

/** refs per catalog request of `EntityLookups` */
const MAX_BATCH_REFS = 100;

/**
 * A caller's entity lookups that arrive in the same turn of the event loop
 * (concurrent reads of different entities), asked of the catalog in one
 * request: each catalog request costs a plugin token, an HTTP round trip
 * and the catalog's own authorization, whatever the number of refs. The
 * answer to each ref is what a lookup of that ref alone would get: the
 * catalog filters by the caller's credentials, and a ref it does not return
 * is not found.
 */
class EntityLookups {
  private readonly pending = new Map<
    string,
    {
      credentials: BackstageCredentials;
      waiting: Map<
        string,
        Array<{
          resolve: (e: Entity | undefined) => void;
          reject: (e: unknown) => void;
        }>
      >;
    }
  >();

  constructor(private readonly catalog: CatalogService) {}

  lookUp(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const caller = JSON.stringify(credentials.principal);
    let batch = this.pending.get(caller);
    if (!batch) {
      batch = { credentials, waiting: new Map() };
      this.pending.set(caller, batch);
      setImmediate(() => this.flush(caller));
    }
    const waiting = batch.waiting;
    return new Promise((resolve, reject) => {
      waiting.set(ref, [...(waiting.get(ref) ?? []), { resolve, reject }]);
    });
  }

  private async flush(caller: string) {
    const batch = this.pending.get(caller);
    this.pending.delete(caller);
    if (!batch) return;
    const refs = [...batch.waiting.keys()];
    for (let i = 0; i < refs.length; i += MAX_BATCH_REFS) {
      const part = refs.slice(i, i + MAX_BATCH_REFS);
      try {
        const { items } = await this.catalog.getEntitiesByRefs(
          { entityRefs: part, fields: SCOPE_FIELDS },
          { credentials: batch.credentials },
        );
        part.forEach((ref, k) =>
          batch.waiting
            .get(ref)!
            .forEach(w => w.resolve(items[k] ?? undefined)),
        );
      } catch (e) {
        part.forEach(ref => batch.waiting.get(ref)!.forEach(w => w.reject(e)));
      }
    }
  }
}

/**
 * Resolves entities and groups through the catalog with the caller's
 * credentials, so a caller only ever sees what the catalog lets them read.
 */
export class EntityResolver {
  private readonly answers: CatalogAnswers;
  private readonly lookups: EntityLookups;

  constructor(
    private readonly catalog: CatalogService,
    private readonly options: {
      productionEnvironments: string[];
      maxGroupServices: number;
      /** how long a caller's catalog answers are reused; CATALOG_ANSWER_TTL_MS by default */
      catalogAnswerTtlMs?: number;
      /** how long an expired answer is still given while a new one is asked; CATALOG_ANSWER_STALE_MS by default */
      catalogAnswerStaleMs?: number;
    },
  ) {
    this.answers = new CatalogAnswers(
      options.catalogAnswerTtlMs ?? CATALOG_ANSWER_TTL_MS,
      options.catalogAnswerStaleMs ?? CATALOG_ANSWER_STALE_MS,
    );
    this.lookups = new EntityLookups(catalog);
  }

  entityScope(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<MetricScope> {
    const ref = parseRef(entityRef, 'component');
    return this.answers.get(credentials, `entity:${ref}`, () =>
      this.lookUpEntityScope(ref, credentials),
    );
  }

  private async lookUpEntityScope(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<MetricScope> {
    const entity = await this.lookups.lookUp(ref, credentials);
    if (!entity) {
      throw new NotFoundError(`Entity '${ref}' not found`);
    }
    const scope = scopeOfEntity(entity, this.options.productionEnvironments);
    if (!scope) {
      throw new InputError(
        `Entity '${ref}' has no ${ANNOTATION_GITHUB_PROJECT_SLUG} annotation`,
      );
    }
    return scope;
  }

  /** The services owned by a group and by its child groups, as far as the caller may read them. */
  groupScopes(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ group: string; scopes: MetricScope[] }> {
    const ref = parseRef(groupRef, 'group');
    return this.answers.get(credentials, `group:${ref}`, () =>
      this.lookUpGroupScopes(ref, credentials),
    );
  }

  private async lookUpGroupScopes(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<{ group: string; scopes: MetricScope[] }> {
    const group = await this.catalog.getEntityByRef(ref, { credentials });
    if (!group || group.kind.toLowerCase() !== 'group') {
      throw new NotFoundError(`Group '${ref}' not found`);
    }
    const groups = new Set<string>([ref]);
    let frontier: Entity[] = [group];
    while (frontier.length && groups.size < 1000) {
      const children = frontier
        .flatMap(e => e.relations ?? [])
        .filter(r => r.type === RELATION_PARENT_OF)
        .map(r => r.targetRef)
        .filter(r => !groups.has(r));
      if (!children.length) break;
      children.forEach(c => groups.add(c));
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: children },
        { credentials },
      );
      frontier = items.filter((e): e is Entity => Boolean(e));
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`relations.${RELATION_OWNED_BY}`]: [...groups],
        },
        fields: SCOPE_FIELDS,
        limit: this.options.maxGroupServices,
      },
      { credentials },
    );
    return { group: ref, scopes: this.scopesOf(items) };
  }

  /**
   * Every Component with a GitHub repository the caller may read, and every
   * group that owns one of them with the services it owns itself or through
   * its child groups (as its group page counts them).
   */
  organisation(credentials: BackstageCredentials): Promise<Organisation> {
    return this.answers.get(credentials, 'all', async () => {
      const [components, groups] = await Promise.all(
        ['Component', 'Group'].map(kind =>
          this.catalog.getEntities(
            {
              filter: { kind },
              fields: [...SCOPE_FIELDS, 'metadata.title', 'relations'],
            },
            { credentials },
          ),
        ),
      );
      const services = components.items.flatMap(entity => {
        const scope = scopeOfEntity(
          entity,
          this.options.productionEnvironments,
        );
        if (!scope) return [];
        const owners = targetsOf(entity, RELATION_OWNED_BY);
        return [{ scope, owners, facts: catalogFacts(entity, owners) }];
      });
      return {
        scopes: services.map(s => s.scope),
        catalog: Object.fromEntries(
          services.map(s => [s.scope.entityRef, s.facts]),
        ),
        teams: teamsOf(
          services.map(s => s.owners),
          groups.items,
        ),
      };
    });
  }

  /** Every Component with a GitHub repository the caller may read. */
  async allScopes(credentials: BackstageCredentials): Promise<MetricScope[]> {
    return (await this.organisation(credentials)).scopes;
  }

  private scopesOf(entities: Entity[]): MetricScope[] {
    return entities
      .map(e => scopeOfEntity(e, this.options.productionEnvironments))
      .filter((s): s is MetricScope => Boolean(s));
  }
}
