import { expect, Page } from '@playwright/test';

export const doraMetricTitles = [
  'Deployment frequency',
  'Change lead time',
  'Change failure rate',
  'Failed deployment recovery time',
  'Deployment rework rate',
];

/**
 * The embedded default seeds demo history about 10 s after the backend
 * starts; until then delivery views say there is no data yet. Opens `path`
 * again until `seeded` passes.
 */
export async function openOnceSeeded(
  page: Page,
  path: string,
  seeded: () => Promise<void>,
) {
  await expect(async () => {
    await page.goto(path);
    await seeded();
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
}

/** The day `days` days before now, as the delivery views write days (2026-10-24). */
export function dayAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
