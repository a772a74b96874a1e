import { organisationMetricsResponse } from '../../__testUtils__/responses';
import { organisationCsv } from './organisationCsv';
import { OrganisationRow } from './organisationRows';

const [paymentsApi, , cardGateway] = organisationMetricsResponse.services!;

describe('organisationCsv', () => {
  it('writes a header with units and one line per row with raw values and levels, no value where the page shows none', () => {
    const rows: OrganisationRow[] = [
      {
        entityRef: paymentsApi.entityRef,
        name: 'payments-api',
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        demo: false,
        figures: paymentsApi,
      },
      {
        entityRef: cardGateway.entityRef,
        name: 'card-gateway',
        demo: false,
        figures: cardGateway,
      },
    ];

    const [header, first, second] = organisationCsv(rows).split('\r\n');

    expect(header.split(',')).toEqual([
      'entity',
      'name',
      'owner',
      'system',
      'data',
      'Deployment frequency (per day)',
      'Deployment frequency level',
      'Change lead time (median seconds)',
      'Change lead time level',
      'Change failure rate (fraction)',
      'Change failure rate level',
      'Failed deployment recovery time (median seconds)',
      'Failed deployment recovery time level',
      'Deployment rework rate (fraction)',
      'Deployment rework rate level',
    ]);
    expect(first.split(',')).toEqual([
      'component:default/payments-api',
      'payments-api',
      'group:default/payments',
      'system:default/payments-platform',
      'recorded',
      '2.1333333333333333',
      'Elite',
      '19800',
      'Elite',
      '0.078125',
      'High',
      // the page says "Not enough data" instead of the median of 3 recoveries
      '',
      'Not enough data',
      '0.046875',
      'No level',
    ]);
    expect(second).toBe(
      'component:default/card-gateway,card-gateway,,,no data yet,,No data yet,,No data yet,,No data yet,,No data yet,,No data yet',
    );
  });

  it('quotes separators and quotes, and defuses spreadsheet formulas', () => {
    const csv = organisationCsv([
      {
        entityRef: cardGateway.entityRef,
        name: '=HYPERLINK("x"), "quoted"',
        demo: true,
        figures: cardGateway,
      },
    ]);
    expect(csv.split('\r\n')[1]).toMatch(
      /^component:default\/card-gateway,"'=HYPERLINK\(""x""\), ""quoted""",/,
    );
  });
});
