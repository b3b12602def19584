// Types of rtcprice-element.js: <rtcprice-calculator> and its events
// (docs/embedding.md).
import type { Quote, Simulation, RtcpriceError } from "./rtcprice.js";

export type { Quote, Simulation, RtcpriceError } from "./rtcprice.js";

export interface RtcpriceCompareDetail {
  results: Array<{ catalog: string; result: Quote } | { catalog: string; error: RtcpriceError }>;
}

/**
 * The calculator (or one view) in a shadow root. Attributes: catalog,
 * view ("quote" | "compare" | "statement"), meter, usage (minutes per
 * month), months, trial ("true" | "false", or a date for a statement),
 * lang ("en" | "zh").
 */
export declare class RtcpriceCalculator extends HTMLElement {
  static readonly observedAttributes: string[];
}

export interface RtcpriceCalculatorEventMap {
  "rtcprice-quote": CustomEvent<Quote>;
  "rtcprice-statement": CustomEvent<Simulation>;
  "rtcprice-compare": CustomEvent<RtcpriceCompareDetail>;
  "rtcprice-error": CustomEvent<RtcpriceError>;
}

declare global {
  interface HTMLElementTagNameMap {
    "rtcprice-calculator": RtcpriceCalculator;
  }
  // The events bubble and are composed: a listener on window hears them.
  interface HTMLElementEventMap extends RtcpriceCalculatorEventMap {}
  interface WindowEventMap extends RtcpriceCalculatorEventMap {}
  interface DocumentEventMap extends RtcpriceCalculatorEventMap {}
}
