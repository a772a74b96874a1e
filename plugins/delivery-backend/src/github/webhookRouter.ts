import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { DeliveryStore } from '../database/DeliveryStore';
import { toIngestResponse } from '../database/ingestResponse';
import { rawJsonBody } from '../service/requestBody';
import { validateItems } from '../service/validation';
import { parserOf, storeEvents } from './ingest';
import { normalise } from './normalise';
import { verifySignature } from './verifySignature';

export interface WebhookRouterOptions {
  logger: LoggerService;
  store: DeliveryStore;
  /** Unset: the route refuses every delivery. */
  webhookSecret?: string;
  incidentLabel: string;
  /** Largest payload read; a larger one is refused with 413. */
  maxBodyBytes: number;
}

/**
 * `POST /webhooks/github`: GitHub deliveries, authenticated by their HMAC
 * signature instead of a Backstage token, stored as delivery events.
 */
export function createGithubWebhookRouter(
  options: WebhookRouterOptions,
): express.Router {
  const { logger, store, webhookSecret, incidentLabel, maxBodyBytes } = options;
  const router = Router();

  router.post(
    '/webhooks/github',
    rawJsonBody(maxBodyBytes),
    async (req, res) => {
      if (!webhookSecret) {
        throw new ServiceUnavailableError(
          'GitHub webhooks are disabled: delivery.github.webhookSecret is not configured',
        );
      }
      if (!Buffer.isBuffer(req.body)) {
        throw new InputError(
          'The webhook must send Content-Type application/json',
        );
      }
      verifySignature(webhookSecret, req.body, req.get('x-hub-signature-256'));
      const event = req.get('x-github-event') ?? '';
      const delivery = req.get('x-github-delivery');
      let payload: unknown;
      try {
        payload = JSON.parse(req.body.toString('utf8'));
      } catch {
        throw new InputError('The webhook payload is not valid JSON');
      }
      if (event === 'ping') {
        logger.info(`GitHub webhook ping, delivery ${delivery}`);
        res.status(200).json({ ok: true });
        return;
      }
      const normalised = normalise(event, payload, { incidentLabel });
      if (normalised.kind === 'ignored') {
        logger.debug(
          `GitHub webhook ${event} ignored, delivery ${delivery}: ${normalised.reason}`,
        );
        res.status(202).json({ ignored: true, reason: normalised.reason });
        return;
      }
      const response = toIngestResponse(
        await storeEvents(
          store,
          normalised.kind,
          validateItems(normalised.events, parserOf(normalised.kind)),
        ),
      );
      logger.info(
        `GitHub webhook ${event} ingested ${normalised.events.length} ${
          normalised.kind
        } (${response.items
          .map(i => i.status)
          .join(', ')}), delivery ${delivery}`,
      );
      res.status(202).json(response);
    },
  );

  return router;
}
