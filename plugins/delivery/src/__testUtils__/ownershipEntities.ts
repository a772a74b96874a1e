import { Entity } from '@backstage/catalog-model';
import { paymentsApiEntity } from './renderForEntity';

/** The group that owns payments-api, with a chat channel of its own. */
export const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'launchpad.dev/chat-channel': '#payments' },
  },
  spec: { type: 'team', profile: { displayName: 'Payments' }, children: [] },
};

const user = (name: string, displayName: string, email?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName, email }, memberOf: ['payments'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
});

/** payments' members, not in alphabetical order. */
export const members = [
  user('zoe', 'Zoë Keller', 'zoe@acme.example'),
  user('amir', 'Amir Haddad'),
  user('bea', 'Bea Novak', 'bea@acme.example'),
];

/** payments-api with contacts of its own, owned by payments. */
export const annotated: Entity = {
  ...paymentsApiEntity,
  metadata: {
    ...paymentsApiEntity.metadata,
    annotations: {
      ...paymentsApiEntity.metadata.annotations,
      'launchpad.dev/on-call': '#payments-oncall',
      'launchpad.dev/chat-channel': 'https://chat.acme.example/payments-api',
      'launchpad.dev/escalation':
        'user:default/bea, , lead@acme.example, https://acme.pagerduty.com/escalation_policies/P1',
    },
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
};
