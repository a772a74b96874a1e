export interface Config {
  launchpad?: {
    publish?: {
      /**
       * Where new repositories go: 'local' (the embedded default's local git
       * repositories) or 'github'. The LaunchpadRepoLocation form field shows
       * the matching inputs. Default: 'local' when publish.local.enabled is
       * true, else 'github'.
       * @visibility frontend
       */
      target?: 'local' | 'github';
      github?: {
        /**
         * GitHub host of new repositories; needs an integrations.github entry.
         * Default: github.com
         * @visibility frontend
         */
        host?: string;
        /**
         * Owners (organisations or users) new repositories may be created
         * under. The form offers them; the backend refuses others. Empty or
         * unset: any owner the credentials can create repositories for.
         * @visibility frontend
         */
        allowedOwners?: string[];
        /**
         * Visibility of new repositories. Default: private
         * @visibility backend
         */
        visibility?: 'private' | 'internal' | 'public';
      };
      local?: {
        /**
         * Turns on local repositories for launchpad:publish and
         * launchpad:publish:change, and lets the UrlReader (with
         * localRepositoryUrlReader installed) read file: URLs inside
         * baseDirectory, so the built-in catalog:register can register locally
         * published repositories. Default: false. Keep it off in production.
         * @visibility backend
         */
        enabled?: boolean;
        /**
         * Directory that holds the local git repositories. Relative paths are
         * resolved against the backend's working directory (packages/backend
         * under `yarn start`). Default: ../../.data/repositories
         * @visibility backend
         */
        baseDirectory?: string;
      };
    };
    aws?: {
      ecr?: {
        /**
         * Whether launchpad:aws:ecr:create talks to AWS. When false the action
         * is skipped and its log says that the generated Terraform creates the
         * repository later. Default: true when an aws section or an ECR
         * default below is configured, else false.
         * @visibility backend
         */
        enabled?: boolean;
        /**
         * AWS account used when an action input names none. Credentials come
         * from aws.accounts / aws.mainAccount (integration-aws-node), else the
         * default AWS credential chain.
         * @visibility backend
         */
        defaultAccountId?: string;
        /**
         * Region used when an action input names none.
         * @visibility backend
         */
        defaultRegion?: string;
        /**
         * Maximum attempts per ECR call, including the first (the SDK's
         * retry with backoff on throttling and 5xx). Default: 5
         * @visibility backend
         */
        maxAttempts?: number;
      };
    };
    github?: {
      /**
       * URL launchpad:github:repo:configure points new repositories'
       * webhooks at. Default: the events backend's GitHub ingress,
       * `backend.baseUrl` + `/api/events/http/github`; set it only when
       * GitHub reaches the backend by another address.
       * @visibility backend
       */
      webhookUrl?: string;
      /**
       * Secret GitHub signs webhook deliveries with. Default:
       * `events.modules.github.webhookSecret`, the secret the ingress checks.
       * @visibility secret
       */
      webhookSecret?: string;
    };
  };
}
