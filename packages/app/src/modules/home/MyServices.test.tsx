import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { deliveryApiRef } from '@internal/plugin-delivery';
import { screen, within } from '@testing-library/react';
import { MyServices } from './MyServices';

const component = (
  name: string,
  owner: string,
  extra: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', ...extra },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const getServiceHealth = jest.fn(async (entityRef: string) =>
  entityRef === 'component:default/payments-api'
    ? { status: 'degraded' }
    : Promise.reject(new Error(`no health for ${entityRef}`)),
);

function renderFor(entities: Entity[], ownershipEntityRefs: string[]) {
  const identityApi = mockApis.identity({
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [identityApiRef, identityApi],
        [catalogApiRef, catalogApiMock({ entities })],
        [deliveryApiRef, { getServiceHealth } as any],
      ]}
    >
      <MyServices />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('MyServices', () => {
  const entities = [
    component('payments-api', 'group:default/payments', {
      description: 'Takes card and wallet payments',
      annotations: { 'github.com/project-slug': 'acme/payments-api' },
    }),
    component('launchpad-backend', 'group:default/platform', {
      title: 'Launchpad backend',
    }),
    component('web-shop', 'group:default/storefront'),
  ];

  it("lists the components of the user's teams, each linking to its page", async () => {
    await renderFor(entities, [
      'user:default/guest',
      'group:default/payments',
      'group:default/platform',
    ]);
    const titles = (await screen.findAllByRole('listitem')).map(
      item => item.querySelector('a')?.textContent,
    );
    expect(titles).toEqual(['Launchpad backend', 'payments-api']);
    expect(screen.getByRole('link', { name: 'payments-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
    expect(
      screen.getByText(/^Takes card and wallet payments/),
    ).toHaveTextContent('Takes card and wallet paymentsservice · production');
    expect(screen.queryByText('web-shop')).not.toBeInTheDocument();
  });

  it('links to the Delivery tab only where the component names its repository', async () => {
    await renderFor(entities, [
      'group:default/payments',
      'group:default/platform',
    ]);
    const delivery = await screen.findAllByRole('link', { name: 'Delivery' });
    expect(delivery.map(link => link.getAttribute('href'))).toEqual([
      '/catalog/default/component/payments-api/delivery',
    ]);
  });

  it("shows each service's health, linking to its Health tab", async () => {
    await renderFor(entities, [
      'group:default/payments',
      'group:default/platform',
    ]);
    const health = await screen.findByLabelText('Health');
    expect(health).toHaveTextContent('Degraded');
    expect(health.closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/health',
    );
    // only services that name their repository have a health page
    expect(getServiceHealth).not.toHaveBeenCalledWith(
      'component:default/launchpad-backend',
    );
    const launchpad = screen
      .getAllByRole('listitem')
      .find(item => item.textContent?.includes('Launchpad backend'))!;
    expect(within(launchpad).queryByLabelText('Health')).toBeNull();
  });

  it('says when a health cannot be read, without hiding the list', async () => {
    getServiceHealth.mockRejectedValueOnce(new Error('backend down'));
    await renderFor(entities, ['group:default/payments']);
    expect(
      await screen.findByText('Health could not be read'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'payments-api' })).toBeVisible();
  });

  it('says how to get a service when the user owns none', async () => {
    await renderFor(entities, ['user:default/guest']);
    expect(
      await screen.findByText(/Neither you nor your teams own a component yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create a service' }),
    ).toHaveAttribute('href', '/create');
  });

  it('shows why the list could not be loaded', async () => {
    const identityApi = mockApis.identity({
      ownershipEntityRefs: ['group:default/payments'],
    });
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [identityApiRef, identityApi],
          [catalogApiRef, catalogApi],
        ]}
      >
        <MyServices />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/Could not load your services/),
    ).toBeInTheDocument();
    expect(screen.getByText(/catalog is down/)).toBeInTheDocument();
  });
});
