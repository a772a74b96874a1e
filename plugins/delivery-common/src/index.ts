/**
 * Shared types, permissions, annotations and DORA benchmark thresholds of the delivery plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './benchmarks';
export * from './githubWebhooks';
export * from './health';
export * from './permissions';
export * from './pipelines';
export * from './types';
