import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { SyncStatusResponse } from '@internal/plugin-delivery-common';
import { z } from 'zod/v4';
import { MetricScope } from '../metrics/queries';
import { EntityResolver } from '../service/EntityResolver';
import { text } from '../service/fields';
import { formatZod } from '../service/validation';
import {
  RateLimit,
  SYNC_RESOURCES,
  SyncCursor,
  SyncStateStore,
} from './SyncStateStore';

const query = z.object({ entityRef: text(255).min(1).optional() }).strict();

const iso = (ms: number | undefined) =>
  ms === undefined ? null : new Date(ms).toISOString();

function resourceStatus(resource: string, cursor: SyncCursor | undefined) {
  const pagesDone = cursor ? cursor.backfillPage - 1 : 0;
  const pagesTotal = cursor?.backfillPagesTotal ?? null;
  return {
    resource,
    lastSyncedAt: iso(cursor?.lastSyncedAt),
    backfill: {
      complete: cursor?.backfillComplete ?? false,
      pagesDone,
      pagesTotal,
      progress: cursor?.backfillComplete
        ? 'complete'
        : `${pagesDone} of ${pagesTotal ?? '?'} pages`,
    },
    lastError: cursor?.lastError
      ? { message: cursor.lastError, at: iso(cursor.lastErrorAt) }
      : null,
  };
}

function entityStatus(
  scope: MetricScope,
  cursors: SyncCursor[],
  rateLimits: RateLimit[],
) {
  const own = cursors.filter(c => c.repository === scope.repository);
  const host = own[0]?.host;
  const rateLimit = rateLimits.find(r => r.host === host);
  return {
    entityRef: scope.entityRef,
    repository: scope.repository,
    host: host ?? null,
    resources: SYNC_RESOURCES.map(resource =>
      resourceStatus(
        resource,
        own.find(c => c.resource === resource),
      ),
    ),
    rateLimit: rateLimit
      ? {
          remaining: rateLimit.remaining,
          limit: rateLimit.limit,
          resetAt: iso(rateLimit.resetAt),
          reportedAt: iso(rateLimit.updatedAt),
        }
      : null,
  };
}

/**
 * `GET /sync-status[?entityRef=...]`: per entity (the one named, or every
 * entity the caller may read) and resource, when the GitHub sync last
 * finished, how far its backfill is, its last error, and the request
 * budget GitHub reported last.
 */
export function createSyncStatusRouter(options: {
  httpAuth: HttpAuthService;
  resolver: EntityResolver;
  state: SyncStateStore;
  /** whether `delivery.github.sync.schedule` is configured */
  enabled: boolean;
}): express.Router {
  const { httpAuth, resolver, state, enabled } = options;
  const router = Router();
  router.get('/sync-status', async (req, res) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `Invalid query: ${formatZod(parsed.error).join('; ')}`,
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef } = parsed.data;
    const scopes = entityRef
      ? [await resolver.entityScope(entityRef, credentials)]
      : await resolver.allScopes(credentials);
    const cursors = await state.cursorsOf([
      ...new Set(scopes.map(s => s.repository)),
    ]);
    const rateLimits = await state.rateLimits();
    const body: SyncStatusResponse = {
      enabled,
      entities: scopes.map(s => entityStatus(s, cursors, rateLimits)),
    };
    res.json(body);
  });
  return router;
}
