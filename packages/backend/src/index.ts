import { createBackend } from '@backstage/backend-defaults';
import { eventsModuleJsonBody } from '@internal/plugin-delivery-backend';
import { localRepositoryUrlReader } from '@internal/plugin-scaffolder-backend-module-launchpad';
import { rootHttpRouterWithoutInternalErrors } from './hideInternalErrors';
import { rootConfigWithPreflight } from './preflight';
import { searchModuleEngine } from './searchEngine';

const backend = createBackend();

backend.add(rootConfigWithPreflight);
// Outside development no answer carries SQL, a stack or the request body; a
// 500 says "internal error" and the request id of its log line.
backend.add(rootHttpRouterWithoutInternalErrors);
// Lets the UrlReader (and so the catalog) read file: URLs
// inside launchpad.publish.local.baseDirectory, only when
// launchpad.publish.local.enabled is true.
backend.add(localRepositoryUrlReader);

backend.add(import('@backstage/plugin-app-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@internal/plugin-scaffolder-backend-module-launchpad'));

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// delivery: delivery events in, DORA metrics out
backend.add(import('@internal/plugin-delivery-backend'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// See https://backstage.io/docs/permissions/getting-started for how to create your own permission policy
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine: PostgreSQL's full-text search, or Lunr in memory on SQLite
backend.add(searchModuleEngine);

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// events plugin: lets the catalog and signals share events across backend replicas
backend.add(import('@backstage/plugin-events-backend'));
// GitHub webhooks at /api/events/http/github, signature checked with
// events.modules.github.webhookSecret (no secret: no route), published as
// github.<event> topics, which the delivery plugin subscribes to
backend.add(import('@backstage/plugin-events-backend-module-github'));
// a body that is no JSON is a 400 there, or an ignored GitHub delivery, not a 500
backend.add(eventsModuleJsonBody);

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
