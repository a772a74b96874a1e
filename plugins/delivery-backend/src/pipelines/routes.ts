import {
  PIPELINE_RUN_STATES,
  PipelineSummaryResponse,
} from '@internal/plugin-delivery-common';
import { Request, Router } from 'express';
import { z } from 'zod/v4';
import { DeliveryStore, ServiceScope } from '../database/DeliveryStore';
import { text } from '../service/fields';
import {
  ScopeQuery,
  pageParams,
  parseQuery,
  scopeQuery,
} from '../service/query';
import { PipelineRuns } from './PipelineRuns';

const MAX_SHAS = 100;
const SHA_LIST = new RegExp(
  `^[0-9a-fA-F]{7,64}(,[0-9a-fA-F]{7,64}){0,${MAX_SHAS - 1}}$`,
);

const filterValue = text(255).min(1);

const runsQuery = scopeQuery.extend({
  ...pageParams,
  workflow: filterValue.optional(),
  branch: filterValue.optional(),
  status: z.enum(PIPELINE_RUN_STATES).optional(),
  sha: z
    .string()
    .regex(
      SHA_LIST,
      `must be up to ${MAX_SHAS} hexadecimal commit shas separated by commas`,
    )
    .transform(s => s.toLowerCase().split(','))
    .optional(),
});

export interface PipelineRoutesOptions {
  store: DeliveryStore;
  /** The entity's (or group's) repositories the caller may read, and the window. */
  resolveScope(
    req: Request,
    q: ScopeQuery,
  ): Promise<{ scopes: ServiceScope[]; from: number; to: number }>;
}

/**
 * `GET /pipeline-runs`: a page of the runs of an entity's repository (its
 * `launchpad.dev/delivery-workflows` only, when set) started in the window,
 * newest first, filtered by workflow, branch, status or commits.
 * `GET /pipeline-runs/summary`: each workflow's figures over the window.
 */
export function registerPipelineRoutes(
  router: Router,
  options: PipelineRoutesOptions,
) {
  const runs = new PipelineRuns(options.store);

  router.get('/pipeline-runs', async (req, res) => {
    const q = parseQuery(runsQuery, req);
    const window = await options.resolveScope(req, q);
    const { workflow, branch, status, sha, limit, offset } = q;
    res.json(
      await runs.list({
        ...window,
        workflow,
        branch,
        status,
        shas: sha,
        limit,
        offset,
      }),
    );
  });

  router.get('/pipeline-runs/summary', async (req, res) => {
    const q = parseQuery(scopeQuery, req);
    const window = await options.resolveScope(req, q);
    const summary: PipelineSummaryResponse = {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      workflows: await runs.summary(window),
    };
    res.json(summary);
  });
}
