/**
 * Fault injection: the next n matching requests fail with a 5xx, are delayed, or lose their connection (before
 * or after the emulator applied them). Rules are consumed in the order they were added.
 */
import type { RequestMatch } from "../types";

export interface FaultRule {
  kind: "fail" | "delay" | "drop";
  remaining: number;
  status?: 500 | 502 | 503 | 504;
  ms?: number;
  afterProcessing?: boolean;
  match?: RequestMatch;
}

export interface RequestIdentity {
  method: string;
  path: string;
  /** Tenant id or "console". */
  origin: string;
}

export type FaultAction = { kind: "fail"; status: 500 | 502 | 503 | 504 } | { kind: "drop"; afterProcessing: boolean };

export interface FaultPlan {
  delayMs: number;
  action?: FaultAction;
}

export function requestMatches(match: RequestMatch | undefined, request: RequestIdentity): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (match.tenantId !== undefined && match.tenantId !== request.origin) return false;
  if (match.path !== undefined) {
    if (typeof match.path === "string" ? match.path !== request.path : !match.path.test(request.path)) return false;
  }
  return true;
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    if (!Number.isInteger(rule.remaining) || rule.remaining < 1) throw new Error("a fault needs n ≥ 1");
    this.rules.push(rule);
  }

  clear(): void {
    this.rules = [];
  }

  /** Consumes at most one delay rule and one fail/drop rule that match this request. */
  plan(request: RequestIdentity): FaultPlan {
    const plan: FaultPlan = { delayMs: 0 };
    let delayTaken = false;
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !requestMatches(rule.match, request)) continue;
      if (rule.kind === "delay") {
        if (delayTaken) continue;
        delayTaken = true;
        plan.delayMs = rule.ms ?? 0;
        rule.remaining--;
      } else if (!plan.action) {
        plan.action =
          rule.kind === "fail"
            ? { kind: "fail", status: rule.status ?? 503 }
            : { kind: "drop", afterProcessing: rule.afterProcessing ?? false };
        rule.remaining--;
      }
    }
    this.rules = this.rules.filter((rule) => rule.remaining > 0);
    return plan;
  }
}
