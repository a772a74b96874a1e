import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { fakeDeliveryApi } from './__testUtils__/fakeDeliveryApi';
import { renderForEntity } from './__testUtils__/renderForEntity';
import {
  entityDeliveryOverviewCard,
  entityDeliveryRollupCard,
  entityHealthSummaryCard,
  entityOwnershipCard,
  entityRecentRunsCard,
} from './alpha';

describe('card config in app-config', () => {
  it("passes the overview card's windowDays and variant to the card", async () => {
    const tester = createExtensionTester(entityDeliveryOverviewCard, {
      config: { windowDays: 7, variant: 'gridItem' },
    });
    await renderForEntity(
      tester.get(coreExtensionData.reactElement),
      fakeDeliveryApi(),
    );
    expect(
      await screen.findByRole('group', {
        name: 'Pipeline success rate (last 7 days)',
      }),
    ).toBeInTheDocument();
  });

  it.each([
    [
      entityDeliveryOverviewCard,
      { windowDays: 0 },
      /must be a whole number from 1 to 400 at 'windowDays'/,
    ],
    [entityDeliveryRollupCard, { windowDays: 'week' }, /at 'windowDays'/],
    [
      entityRecentRunsCard,
      { limit: 2.5 },
      /must be a whole number from 1 to 100 at 'limit'/,
    ],
    [
      entityOwnershipCard,
      { variant: 'wide' },
      /must be one of flex, fullHeight, gridItem at 'variant'/,
    ],
    [
      entityHealthSummaryCard,
      { variant: 'tall' },
      /must be one of flex, fullHeight, gridItem at 'variant'/,
    ],
  ] as const)(
    'refuses a bad value, naming the field (%#)',
    (extension, config, message) => {
      expect(() =>
        createExtensionTester(extension as any, { config }).get(
          coreExtensionData.reactElement,
        ),
      ).toThrow(message);
    },
  );

  it('takes no config at all', () => {
    for (const extension of [
      entityDeliveryOverviewCard,
      entityDeliveryRollupCard,
      entityRecentRunsCard,
      entityOwnershipCard,
      entityHealthSummaryCard,
    ]) {
      expect(
        createExtensionTester(extension as any).get(
          coreExtensionData.reactElement,
        ),
      ).toBeDefined();
    }
  });
});
