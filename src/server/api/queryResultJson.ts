/** Encodes a PromQL query result as the `data` object of Prometheus's query APIs. */
import type { QueryResult } from '../../lang/promql/engine.js';
import { encodeLabels, encodePoint, formatTimestamp } from './jsonEncoding.js';

/** `{"resultType": ..., "result": ...}` for any result type. */
export function encodeQueryResult(result: QueryResult): string {
  switch (result.type) {
    case 'scalar':
      return `{"resultType":"scalar","result":${encodePoint(result.t, result.v)}}`;
    case 'string':
      return `{"resultType":"string","result":[${formatTimestamp(result.t)},${JSON.stringify(result.v)}]}`;
    case 'vector': {
      const items = result.samples.map((s) => `{"metric":${encodeLabels(s.labels)},"value":${encodePoint(s.t, s.v)}}`);
      return `{"resultType":"vector","result":[${items.join(',')}]}`;
    }
    case 'matrix': {
      const items = result.series.map((s) => {
        const points: string[] = [];
        for (let i = 0; i < s.timestamps.length; i++) points.push(encodePoint(s.timestamps[i]!, s.values[i]!));
        return `{"metric":${encodeLabels(s.labels)},"values":[${points.join(',')}]}`;
      });
      return `{"resultType":"matrix","result":[${items.join(',')}]}`;
    }
  }
}
