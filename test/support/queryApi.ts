/** Calls a server's /api/v1/query and returns the parsed vector result. */
export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** Runs an instant query (optionally at a time in seconds) and returns its vector, failing on any error. */
export async function queryVector(baseUrl: string, query: string, timeSeconds?: number): Promise<VectorSample[]> {
  const params = new URLSearchParams({ query });
  if (timeSeconds !== undefined) params.set('time', String(timeSeconds));
  const res = await fetch(`${baseUrl}/api/v1/query?${params}`);
  const body = (await res.json()) as { status: string; data: { resultType: string; result: VectorSample[] }; error?: string };
  if (body.status !== 'success') throw new Error(`query ${query} failed: ${body.error}`);
  if (body.data.resultType !== 'vector') throw new Error(`query ${query} returned ${body.data.resultType}`);
  return body.data.result;
}
