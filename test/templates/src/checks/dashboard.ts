import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const SCHEMA_TYPES = path.join(
  path.dirname(require.resolve('@grafana/schema/package.json')),
  'dist/types/index.d.ts',
);

/**
 * Type-checks a Grafana dashboard JSON against @grafana/schema's Dashboard
 * type with TypeScript's `satisfies`, so a misspelt or unknown property, a
 * missing required one or a wrong type is an error. Prometheus queries are
 * DataQuery plus the Prometheus fields the dashboard uses.
 */
export function dashboardTypeErrors(json: string): string[] {
  const file = path.join(os.tmpdir(), '__rendered_dashboard__.ts');
  const source = `
import type { AnnotationQuery, Dashboard, DataQuery } from '@grafana/schema';
interface PrometheusQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  step?: string;
  titleFormat?: string;
  textFormat?: string;
}
type PrometheusDashboard = Omit<Dashboard, 'annotations'> & {
  annotations?: { list?: AnnotationQuery<PrometheusQuery>[] };
};
export const dashboard: PrometheusDashboard = ${json};
`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
    paths: { '@grafana/schema': [SCHEMA_TYPES] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, version)
      : getSourceFile.call(host, name, version, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = name => name === file || fileExists.call(host, name);
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
