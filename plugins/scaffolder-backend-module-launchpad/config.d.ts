export interface Config {
  launchpad?: {
    publish?: {
      local?: {
        /**
         * Turns on launchpad:publish:local, and lets the UrlReader (with
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
       * URL of Launchpad's GitHub webhook route that
       * launchpad:github:repo:configure points new repositories at, for
       * example https://launchpad.example.com/api/delivery/webhooks/github
       * @visibility backend
       */
      webhookUrl?: string;
      /**
       * Secret GitHub signs webhook deliveries with.
       * @visibility secret
       */
      webhookSecret?: string;
    };
  };
}
