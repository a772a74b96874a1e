/**
 * The configuration the app itself reads. The app's dev server exposes only
 * keys declared by the app and its dependencies, so the publish target that
 * the scaffolder backend module declares (and enforces) is declared here too,
 * for the LaunchpadRepoLocation form field.
 */
export interface Config {
  launchpad?: {
    publish?: {
      /**
       * Where new repositories go: 'local' or 'github'.
       * @visibility frontend
       */
      target?: 'local' | 'github';
      github?: {
        /**
         * GitHub host of new repositories. Default: github.com
         * @visibility frontend
         */
        host?: string;
        /**
         * Owners new repositories may be created under; empty: any.
         * @visibility frontend
         */
        allowedOwners?: string[];
      };
    };
  };
}
