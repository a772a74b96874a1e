import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v4';
import { DeliveryStore } from '../database/DeliveryStore';
import { DeliveryConfig } from '../service/config';
import { text } from '../service/fields';
import { parseQuery } from '../service/query';
import { HealthConfig } from './healthConfig';
import { ServiceHealth } from './ServiceHealth';

const healthQuery = z.object({ entityRef: text(255).min(1) });

export interface HealthRouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  store: DeliveryStore;
  config: DeliveryConfig;
  health: HealthConfig;
}

/**
 * `GET /service-health?entityRef=...`: the entity's overall status with its
 * reasons, deployments, pipeline success, incidents, Prometheus alerts and
 * SLOs, contacts, and what changed before each alert or incident. The entity
 * is read with the caller's credentials.
 */
export function createHealthRouter(
  options: HealthRouterOptions,
): express.Router {
  const { httpAuth, catalog } = options;
  const health = new ServiceHealth(
    options.store,
    options.config,
    options.health,
  );
  const router = Router();
  router.get('/service-health', async (req, res) => {
    const q = parseQuery(healthQuery, req);
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(q.entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new InputError(
        `Invalid query: entityRef: '${q.entityRef}' is not an entity reference such as component:default/orders`,
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`Entity '${ref}' not found`);
    res.json(await health.of(entity));
  });
  return router;
}
