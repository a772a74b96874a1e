export interface Config {
  delivery?: {
    /**
     * Page that explains how each delivery figure is computed; every metric
     * card links to its section (`#change-lead-time`, ...). Default: the
     * TechDocs page of Launchpad's own catalog entity,
     * /docs/default/component/launchpad-portal/dora-metrics/
     * @visibility frontend
     */
    metricsDocsUrl?: string;
  };
}
