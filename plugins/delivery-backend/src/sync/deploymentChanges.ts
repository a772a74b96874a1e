import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryStore } from '../database/DeliveryStore';
import { storeDeliveries } from '../github/ingest';
import { GithubSyncError } from './GithubClients';
import { RepositoryContext, readAll } from './resources';

const DAY_MS = 86_400_000;
/** Compare requests one repository's sync makes at most per run. */
export const MAX_COMPARES_PER_RUN = 20;
/** GitHub's compare lists at most 250 commits. */
const MAX_COMPARE_PAGES = 3;
const MAX_MESSAGE = 10_000;

/**
 * The successful production deployments of a repository whose sha is no
 * known change (so landing order gives them nothing to ship), newest first,
 * each with the sha of the previous successful deployment to its
 * environment. The first deployment of an environment has none: what it
 * ships has no lower bound, and it is left alone.
 */
async function deploymentsWithoutChanges(
  store: DeliveryStore,
  repository: string,
  productionEnvironments: string[],
  since: number,
  skip: (sha: string) => boolean,
) {
  const rows = await store.deploymentsWithoutHead(
    repository,
    productionEnvironments.map(e => e.toLowerCase()),
    since,
  );
  const found = [];
  for (const row of rows) {
    if (found.length >= MAX_COMPARES_PER_RUN) break;
    if (skip(row.sha)) continue;
    const previous = await store.previousDeployedSha(
      repository,
      row.environment,
      row.finished_at,
      row.sha,
    );
    if (previous) found.push({ ...row, previous });
  }
  return found;
}

/**
 * When each of a compare's commits (oldest first) landed at the latest: when
 * it or a later one was first deployed anywhere, else at `deployedAt`.
 */
async function landingTimes(
  store: DeliveryStore,
  repository: string,
  shas: string[],
  deployedAt: number,
): Promise<number[]> {
  const first = shas.length
    ? await store.firstDeploymentStarts(repository, shas)
    : new Map<string, number>();
  const landed: number[] = [];
  let latest = deployedAt;
  for (let i = shas.length - 1; i >= 0; i--) {
    latest = Math.min(latest, first.get(shas[i]) ?? latest);
    landed[i] = latest;
  }
  return landed;
}

/**
 * Where landing order is not enough: a successful production deployment of
 * a sha that is no known change (pushed straight to the branch, which the
 * sync does not read, or deployed from elsewhere) ships what GitHub's
 * compare API lists between the previous successful deployment's sha and
 * its own. Those commits are stored as one push that ends at its sha, each
 * landed at the latest it can have: when it or a later commit was first
 * deployed anywhere (a staging deployment, a failed one), else at this
 * deployment's start. So the deployment's change is known and ships them. Skipped: merge
 * commits other than the deployed one, and commits the store already knows
 * (a pull request's commits and merge commit stay its change). Each
 * deployment is compared once: afterwards its sha is a change.
 */
export async function syncDeploymentChanges(
  ctx: RepositoryContext,
  options: {
    store: DeliveryStore;
    logger: LoggerService;
    productionEnvironments: string[];
    backfillDays: number;
    /**
     * `<repository>@<sha>` of the deployments GitHub cannot compare (404,
     * 422: a base or head no longer in the repository, a deployment from a
     * fork), not asked again by this process
     */
    incomparable: Set<string>;
  },
): Promise<void> {
  const { store, logger, incomparable } = options;
  const repository = `${ctx.owner}/${ctx.repo}`.toLowerCase();
  const deployments = await deploymentsWithoutChanges(
    store,
    repository,
    options.productionEnvironments,
    Date.now() - options.backfillDays * DAY_MS,
    sha => incomparable.has(`${repository}@${sha}`),
  );
  for (const deployment of deployments) {
    let commits: any[];
    try {
      commits = await readAll(
        ctx,
        `/repos/{owner}/{repo}/compare/${deployment.previous}...${deployment.sha}`,
        {},
        MAX_COMPARE_PAGES,
        data => data.commits ?? [],
      );
    } catch (e) {
      const status = (e as GithubSyncError).status;
      if (status !== 404 && status !== 422) throw e;
      incomparable.add(`${repository}@${deployment.sha}`);
      logger.info(
        `GitHub sync of ${ctx.owner}/${ctx.repo} cannot compare the deployed ${
          deployment.sha
        } with the previous deployment's ${
          deployment.previous
        }, so what it ships stays unknown: ${(e as Error).message}`,
      );
      continue;
    }
    const known = commits.length
      ? await store.knownShas(
          repository,
          commits.map(c => String(c.sha).toLowerCase()),
        )
      : new Set<string>();
    const landed = await landingTimes(
      store,
      repository,
      commits.map(c => String(c.sha).toLowerCase()),
      Number(deployment.started_at ?? deployment.finished_at),
    );
    const events = commits
      .map((c, i) => ({ c, pushedAt: new Date(landed[i]).toISOString() }))
      .filter(({ c }) => {
        const sha = String(c.sha).toLowerCase();
        const isHead = sha === deployment.sha;
        return !known.has(sha) && (isHead || (c.parents ?? []).length < 2);
      })
      .map(({ c, pushedAt }) => ({
        type: 'commit' as const,
        repository,
        sha: c.sha,
        authoredAt: c.commit?.author?.date,
        committedAt: c.commit?.committer?.date ?? undefined,
        author: c.author?.login ?? c.commit?.author?.name ?? undefined,
        message: String(c.commit?.message ?? '').slice(0, MAX_MESSAGE),
        pushedAt,
        pushHeadSha: deployment.sha,
      }));
    if (events.length) {
      await storeDeliveries(
        store,
        logger,
        `GitHub sync of ${ctx.owner}/${ctx.repo} (commits up to deployed ${deployment.sha})`,
        [{ kind: 'changes', events }],
      );
    }
  }
}
