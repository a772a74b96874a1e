import { Knex } from 'knex';

const TABLE = 'delivery_github_webhook_deliveries';
/** GitHub redelivers a delivery for up to 3 days; ids are kept a little longer. */
export const DELIVERY_RETENTION_MS = 7 * 86_400_000;
const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * The `X-GitHub-Delivery` ids of the webhook deliveries received, so that a
 * redelivery is stored once, also when another backend replica receives it.
 */
export class WebhookDeliveries {
  private prunedAt = 0;

  constructor(private readonly db: Knex) {}

  /**
   * Claims a delivery before it is stored; false when it was claimed before
   * (a redelivery, or the same delivery arriving twice at once).
   */
  async claim(
    deliveryId: string,
    event: string,
    now = Date.now(),
  ): Promise<boolean> {
    await this.prune(now);
    const inserted = await this.db(TABLE)
      .insert({ delivery_id: deliveryId, event, received_at: now })
      .onConflict('delivery_id')
      .ignore()
      .returning('delivery_id');
    return inserted.length > 0;
  }

  /** Gives up a claim whose delivery could not be stored, so that a redelivery is. */
  async release(deliveryId: string): Promise<void> {
    await this.db(TABLE).where({ delivery_id: deliveryId }).delete();
  }

  /** At most hourly: forgets the ids beyond the redelivery window. */
  private async prune(now: number) {
    if (now - this.prunedAt < PRUNE_INTERVAL_MS) return;
    this.prunedAt = now;
    await this.db(TABLE)
      .where('received_at', '<', now - DELIVERY_RETENTION_MS)
      .delete();
  }
}
