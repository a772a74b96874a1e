import { Entity } from '@backstage/catalog-model';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeDeliveryApi } from '../../__testUtils__/fakeDeliveryApi';
import {
  paymentsApiEntity,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import {
  annotated,
  members,
  payments,
} from '../../__testUtils__/ownershipEntities';
import { OwnershipCard } from './OwnershipCard';

const render = (
  entity: Entity,
  catalog: CatalogApi = catalogApiMock({ entities: [payments, ...members] }),
  props: Parameters<typeof OwnershipCard>[0] = {},
) =>
  renderForEntity(
    <TestApiProvider apis={[[catalogApiRef, catalog]]}>
      <OwnershipCard {...props} />
    </TestApiProvider>,
    fakeDeliveryApi(),
    entity,
  );

const section = (name: string) => screen.getByRole('group', { name });

describe('OwnershipCard', () => {
  it('shows the owning group with a link, its members by name, and the on-call, chat channel and escalation steps', async () => {
    await render(annotated);

    const list = await screen.findByRole('list', { name: 'Members' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(li => li.textContent?.replace(', Opens in a new window', '')),
    ).toEqual([
      'Amir Haddad',
      'Bea Novak · bea@acme.example',
      'Zoë Keller · zoe@acme.example',
    ]);
    expect(section('Members')).toHaveTextContent('Members (3)');
    expect(
      within(section('Owner')).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(
      within(list).getByRole('link', { name: 'Bea Novak' }),
    ).toHaveAttribute('href', '/catalog/default/user/bea');
    expect(
      within(list).getByRole('link', { name: /^bea@acme.example/ }),
    ).toHaveAttribute('href', 'mailto:bea@acme.example');

    expect(section('On call')).toHaveTextContent('#payments-oncall');
    expect(
      within(section('Chat channel')).getByRole('link', {
        name: /chat\.acme\.example\/payments-api/,
      }),
    ).toHaveAttribute('href', 'https://chat.acme.example/payments-api');
    // the component's own channel wins over the team's
    expect(section('Chat channel')).not.toHaveTextContent("team's");

    const steps = within(section('Escalation')).getAllByRole('listitem');
    expect(
      steps.map(s => s.textContent?.replace(', Opens in a new window', '')),
    ).toEqual([
      'bea',
      'lead@acme.example',
      'https://acme.pagerduty.com/escalation_policies/P1',
    ]);
    expect(within(steps[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/user/bea',
    );
  });

  it("falls back to the team's contacts and says which annotation to add for each one missing", async () => {
    await render({
      ...paymentsApiEntity,
      relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
    });

    expect(await screen.findByRole('list', { name: 'Members' })).toBeVisible();
    expect(section('Chat channel')).toHaveTextContent("#payments (the team's)");
    expect(section('On call')).toHaveTextContent(
      'not set (add launchpad.dev/on-call: "#team-oncall" to catalog-info.yaml)',
    );
    expect(section('Escalation')).toHaveTextContent(
      'not set (add launchpad.dev/escalation:',
    );
  });

  it('lists at most the members asked for and links the rest to the team page', async () => {
    await render(annotated, undefined, { maxMembers: 2 });

    const list = await screen.findByRole('list', { name: 'Members' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(
      within(list).getByRole('link', {
        name: "and 1 more member on the team's page",
      }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
  });

  it('shows progress while the members load', async () => {
    const catalog = catalogApiMock.mock({
      getEntityByRef: jest.fn(() => new Promise<undefined>(() => {})),
    });
    await render(annotated, catalog);

    expect(
      within(section('Members')).getByTestId('progress'),
    ).toBeInTheDocument();
    // the annotations need no catalog answer
    expect(section('On call')).toHaveTextContent('#payments-oncall');
  });

  it('shows the catalog error with a retry in the members part only', async () => {
    const getEntityByRef = jest
      .fn()
      .mockRejectedValueOnce(new Error('catalog unavailable'))
      .mockResolvedValue(payments);
    const getEntities = jest.fn(async () => ({ items: members }));
    await render(
      annotated,
      catalogApiMock.mock({ getEntityByRef, getEntities }),
    );

    expect(
      (await screen.findAllByText(/catalog unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(section('On call')).toHaveTextContent('#payments-oncall');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('list', { name: 'Members' }),
    ).toBeInTheDocument();
    expect(getEntities).toHaveBeenCalledWith({
      filter: { kind: 'User', 'relations.memberof': 'group:default/payments' },
      fields: expect.arrayContaining(['spec.profile']),
    });
  });

  it('says how to set an owner when the component has none', async () => {
    const { spec, ...withoutSpec } = paymentsApiEntity;
    await render({ ...withoutSpec, spec: { type: 'service' } });

    expect(section('Owner')).toHaveTextContent(
      'no owner (set spec.owner in catalog-info.yaml)',
    );
    expect(screen.queryByRole('group', { name: 'Members' })).toBeNull();
  });

  it('says when the owner is not in the catalog or lists no members', async () => {
    await render(annotated, catalogApiMock({ entities: [] }));
    expect(
      await screen.findByText(/which is not in the catalog/),
    ).toBeInTheDocument();
  });

  it('says when the team lists no members', async () => {
    await render(annotated, catalogApiMock({ entities: [payments] }));
    expect(
      await screen.findByText('The team lists no members in the catalog.'),
    ).toBeInTheDocument();
  });
});
