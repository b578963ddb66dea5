/** The runtime view of one scrape config: what discovery, target building and scrape loops need. */
import type { DiscoveryConfig } from '../config/discovery/index.js';
import type { HttpClientConfig } from '../config/httpClientConfig.js';
import type { Labels } from '../model/labels.js';
import type { TargetSettings } from '../model/target.js';

export interface ScrapeJob {
  readonly name: string;
  /** Changes whenever anything in the job's config changes: loops of changed jobs restart. */
  readonly fingerprint: string;
  readonly targetSettings: TargetSettings;
  readonly discovery: readonly DiscoveryConfig[];
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly trackTimestampsStaleness: boolean;
  readonly metricRelabel: (labels: Labels) => Labels | null;
  readonly sampleLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  readonly bodySizeLimit: number;
  readonly acceptHeader: string;
  /** The media type to parse a body with a missing or unknown Content-Type as (fallback_scrape_protocol). */
  readonly fallbackMediaType: string | undefined;
  readonly enableCompression: boolean;
  readonly httpClient: HttpClientConfig;
  /** 0 means no limit. */
  readonly targetLimit: number;
  /** How many dropped targets the targets API keeps; 0 means all. */
  readonly keepDroppedTargets: number;
}
