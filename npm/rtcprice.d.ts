// Types of rtcprice.js, the client of rtcprice's pricing engine
// (docs/api.md). Money is always a decimal string; minute counts in
// results are integers.

/** Why a call was refused: `reason` is a stable key, `params` what a message needs. */
export interface RtcpriceError {
  code: "invalid" | "not_found" | "limit" | "internal" | "aborted";
  /** The request field at fault ("purchases[2].date"), "" when none. */
  field: string;
  reason: string;
  params: Record<string, unknown>;
  /** English, for developers; show your own text from reason and params. */
  message: string;
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: RtcpriceError };

/** A decimal string: "25.025". */
export type Money = string;

export interface Meter { id: string; name: string; nameZh?: string; overagePer1000: Money; [k: string]: unknown }
export interface Package { id: string; meter: string; name: string; nameZh?: string; minutes: number; price: Money; per1000: Money; purchasable: boolean; [k: string]: unknown }
export interface Catalog { id: string; vendor: string; name: string; nameZh?: string; currency: string; source: unknown; meters: Meter[]; packages: Package[]; [k: string]: unknown }

export interface CallProfile { perMonth: number | string; participants: number | string; minutes: number | string; width?: number; height?: number; record?: boolean }

export interface QuoteRequest {
  /** A catalog id, or a custom catalog object. */
  catalog: string | Record<string, unknown>;
  /** First month of the horizon, "YYYY-MM". */
  start: string;
  /** Months of the horizon, 1..36. */
  months: number | string;
  usage?: Record<string, number | string>;
  monthly?: Array<Record<string, number | string>>;
  calls?: CallProfile[];
  trial?: boolean;
}

export interface Deduction { lot: string; package: string; minutes: number }
export interface MeterMonth { meter: string; billedMinutes: number; freeMinutes: number; deductions: Deduction[]; overageMinutes: number; overageCost: Money; unservedMinutes: number }
export interface MonthStatement {
  month: string; meters: MeterMonth[]; prepaid: Money; postpaid: Money; payable: Money;
  forfeited: Array<{ lot: string; minutes: number }>;
  balances: Array<{ lot: string; package: string; remaining: number; expires: string }>;
  serviceStopped: boolean;
  [k: string]: unknown;
}

export interface Quote {
  currency: string;
  usage: Array<{ meter: string; minutes: number; month?: string; [k: string]: unknown }>;
  packages: Array<{ package: string; meter: string; minutes: number; price: Money; per1000: Money; vsOverage: string; [k: string]: unknown }>;
  payg: { feasible: boolean; total: Money | null; [k: string]: unknown };
  best: {
    purchases: Array<{ package: string; month: string; count: number; [k: string]: unknown }>;
    prepaid: Money; postpaid: Money; total: Money; forfeitedMinutes: number; optimal: boolean;
    [k: string]: unknown;
  };
  months: MonthStatement[];
  [k: string]: unknown;
}

export interface SimulateRequest {
  catalog: string | Record<string, unknown>;
  start: string;
  end: string;
  trial?: string;
  purchases?: Array<{ package: string; date: string; count?: number | string }>;
  usage?: Array<{ month: string; meter: string; minutes?: number | string; seconds?: number | string }>;
}

export interface Simulation {
  months: MonthStatement[];
  totals: { prepaid: Money; postpaid: Money; total: Money; forfeitedMinutes: number; unservedMinutes: number };
  [k: string]: unknown;
}

export interface CallOptions { signal?: AbortSignal }

export interface Client {
  /** The module's version (the package's version). */
  readonly version: string;
  catalogs(options?: CallOptions): Promise<Envelope<{ catalogs: Catalog[] }>>;
  quote(request: QuoteRequest | string, options?: CallOptions): Promise<Envelope<Quote>>;
  simulate(request: SimulateRequest | string, options?: CallOptions): Promise<Envelope<Simulation>>;
  /** Ends this client; the Worker ends with its last client. */
  close(): void;
}

export interface LoadOptions {
  /**
   * URL of calc.wasm (default: beside rtcprice.js), its bytes, its compiled
   * module, or a promise of any of these (the Worker starts at once and
   * gets calc.wasm when the promise resolves; a rejection fails load).
   */
  wasm?: string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module |
    Promise<string | URL | ArrayBuffer | Uint8Array | WebAssembly.Module>;
  /** URL of rtcprice-worker.js (default: beside rtcprice.js). */
  worker?: string | URL;
  workerType?: "module" | "classic";
  /** false: a Worker of this client's own (default: one shared Worker). */
  shared?: boolean;
}

/** Starts (or shares) the Worker; rejects only when no Worker can start. */
export function load(options?: LoadOptions): Promise<Client>;

/** The request walker on its own: JSON text, or the error a call would answer. */
export function serializeRequest(request: unknown): { ok: true; text: string } | { ok: false; error: RtcpriceError };
