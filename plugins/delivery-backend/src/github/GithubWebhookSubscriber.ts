import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import {
  GITHUB_WEBHOOK_EVENTS,
  GithubWebhookEvent,
} from '@internal/plugin-delivery-common';
import { DeliveryStore } from '../database/DeliveryStore';
import { CatalogRepositories } from './CatalogRepositories';
import {
  DeploymentWorkflowRule,
  deploymentWorkflowsOf,
} from './deploymentWorkflows';
import { deliveriesOf, storeDeliveries } from './ingest';
import { WebhookDeliveries } from './WebhookDeliveries';

/** The events module's topic, and its sub-topics `github.<event>` (GithubEventRouter). */
const TOPIC = 'github';
const DELIVERY_ID = /^[\w-]{1,100}$/;
const SLUG = /^[\w.-]+\/[\w.-]+$/;

/** A header of the delivery, as the HTTP ingress passes them in the event's metadata. */
function header(params: EventParams, name: string): string | undefined {
  const value = params.metadata?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Text from a delivery, safe for a log line: printable and short. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

export interface GithubWebhookSubscriberOptions {
  store: DeliveryStore;
  deliveries: WebhookDeliveries;
  repositories: CatalogRepositories;
  logger: LoggerService;
  incidentLabel: string;
  /** rules for every repository, after an entity's own */
  deploymentWorkflows: DeploymentWorkflowRule[];
}

/**
 * GitHub webhook deliveries through Backstage's events system: the events
 * backend's HTTP ingress checks their signature (the GitHub events module)
 * and the module's router publishes each under `github.<event>`. The
 * handled events are stored through the sync's mapping and store rules,
 * each delivery once; whatever else arrives is acknowledged and ignored
 * with a log line saying why.
 */
export class GithubWebhookSubscriber {
  constructor(private readonly options: GithubWebhookSubscriberOptions) {}

  async subscribe(events: EventsService): Promise<void> {
    await events.subscribe({
      id: 'github-webhooks',
      topics: GITHUB_WEBHOOK_EVENTS.map(event => `${TOPIC}.${event}`),
      onEvent: params => this.onHandledEvent(params),
    });
    // every delivery arrives here first; only the unhandled ones are logged
    await events.subscribe({
      id: 'github-webhooks-unhandled',
      topics: [TOPIC],
      onEvent: async params => this.onAnyEvent(params),
    });
  }

  private describe(event: string, params: EventParams): string {
    const delivery = header(params, 'x-github-delivery');
    return `GitHub webhook ${printable(event)}${
      delivery ? ` (delivery ${printable(delivery)})` : ''
    }`;
  }

  private onAnyEvent(params: EventParams) {
    const event = header(params, 'x-github-event');
    // without metadata (another replica's event bus) nothing says which it is
    if (event === undefined) return;
    if ((GITHUB_WEBHOOK_EVENTS as readonly string[]).includes(event)) return;
    this.options.logger.info(
      `${this.describe(
        event,
        params,
      )} ignored: the event is not used; handled: ${GITHUB_WEBHOOK_EVENTS.join(
        ', ',
      )}`,
    );
  }

  async onHandledEvent(params: EventParams): Promise<void> {
    const event = params.topic.slice(TOPIC.length + 1) as GithubWebhookEvent;
    const what = this.describe(event, params);
    const { logger } = this.options;
    try {
      const outcome = await this.handle(event, params);
      logger.info(`${what} ${outcome}`);
    } catch (e) {
      // GitHub has its 202 already; the delivery's claim is given back, so
      // that a redelivery of it is stored
      logger.error(
        `${what} was not stored: ${isError(e) ? e.message : String(e)}`,
      );
    }
  }

  /** What became of the delivery, for its log line. */
  private async handle(
    event: GithubWebhookEvent,
    params: EventParams,
  ): Promise<string> {
    const { store, deliveries, repositories, logger } = this.options;
    const payload = params.eventPayload as any;
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
      return 'ignored: malformed payload: not a JSON object';
    }
    const repository = payload.repository?.full_name;
    if (typeof repository !== 'string' || !SLUG.test(repository)) {
      return 'ignored: malformed payload: it names no repository (repository.full_name owner/name)';
    }
    const entities = await repositories.entitiesOf(repository);
    if (!entities.length) {
      return `ignored: repository ${repository} is not in the catalog (no entity has github.com/project-slug ${repository})`;
    }
    let mapped;
    try {
      mapped = deliveriesOf(event, payload, {
        incidentLabel: this.options.incidentLabel,
        deploymentWorkflows: deploymentWorkflowsOf(
          entities,
          this.options.deploymentWorkflows,
        ),
      });
    } catch (e) {
      // an InputError names the fields the mapping could not read
      if (!isError(e) || e.name !== 'InputError') throw e;
      return `ignored: malformed payload: ${e.message}`;
    }
    if (!Array.isArray(mapped)) return `ignored: ${mapped.reason}`;

    const deliveryId = header(params, 'x-github-delivery');
    const claimed =
      deliveryId !== undefined && DELIVERY_ID.test(deliveryId)
        ? deliveryId
        : undefined;
    if (claimed && !(await deliveries.claim(claimed, event))) {
      return 'ignored: a redelivery of a delivery already stored';
    }
    try {
      const stored = await storeDeliveries(
        store,
        logger,
        `GitHub webhook ${event} of ${repository}`,
        mapped,
      );
      // how many of each kind were stored, updated, unchanged or ignored
      const summary = stored.map(({ kind, results }) => {
        const counts = new Map<string, number>();
        results.forEach(r =>
          counts.set(r.status, (counts.get(r.status) ?? 0) + 1),
        );
        return `${kind} ${[...counts]
          .map(([status, n]) => `${n} ${status}`)
          .join(', ')}`;
      });
      return `of ${repository}: ${
        summary.join('; ') || 'nothing valid to store'
      }`;
    } catch (e) {
      if (claimed) await deliveries.release(claimed);
      throw e;
    }
  }
}
