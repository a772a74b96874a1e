import { ConfigReader } from '@backstage/config';
import { GITHUB_WEBHOOK_EVENTS } from '@internal/plugin-delivery-common';
import { resolveWebhook } from './webhook';

describe('resolveWebhook', () => {
  it("points at the backend's events ingress with the secret it checks, for the events the delivery backend handles", () => {
    const config = new ConfigReader({
      backend: { baseUrl: 'https://launchpad.example.com/' },
      events: { modules: { github: { webhookSecret: 'whsec-events' } } },
    });
    expect(resolveWebhook({}, config)).toEqual({
      url: 'https://launchpad.example.com/api/events/http/github',
      secret: 'whsec-events',
      events: [...GITHUB_WEBHOOK_EVENTS],
    });
  });

  it('takes launchpad.github.webhookUrl and webhookSecret, then the input, over the defaults', () => {
    const config = new ConfigReader({
      backend: { baseUrl: 'https://internal.example.com' },
      events: { modules: { github: { webhookSecret: 'whsec-events' } } },
      launchpad: {
        github: {
          webhookUrl: 'https://hooks.example.com/api/events/http/github',
          webhookSecret: 'whsec-launchpad',
        },
      },
    });
    expect(resolveWebhook({}, config)).toMatchObject({
      url: 'https://hooks.example.com/api/events/http/github',
      secret: 'whsec-launchpad',
    });
    expect(
      resolveWebhook(
        { url: 'https://other.example.com/hook', events: ['push'] },
        config,
      ),
    ).toMatchObject({
      url: 'https://other.example.com/hook',
      events: ['push'],
    });
  });

  it('refuses without a URL to point at or a secret to sign with', () => {
    expect(() =>
      resolveWebhook(
        {},
        new ConfigReader({
          events: { modules: { github: { webhookSecret: 'whsec-events' } } },
        }),
      ),
    ).toThrow(
      /webhook.url: required when neither launchpad.github.webhookUrl nor backend.baseUrl/,
    );
    expect(() =>
      resolveWebhook(
        {},
        new ConfigReader({ backend: { baseUrl: 'https://l.example.com' } }),
      ),
    ).toThrow(/events.modules.github.webhookSecret must be configured/);
  });
});
