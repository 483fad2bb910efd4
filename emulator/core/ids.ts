/**
 * Identifiers that look like Qlik's: 24-hex MongoDB ObjectIds for users, groups and roles, 32-hex trace ids.
 *
 * ObjectIds are generated so that they sort in creation order (timestamp, then a process-wide counter):
 * listings sorted by id then page in creation order, as they do on the real service.
 */
import { randomBytes } from "node:crypto";

const processPart = randomBytes(5).toString("hex");
let counter = randomBytes(3).readUIntBE(0, 3);

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0").slice(-width);
}

function nextCounter(): number {
  counter = (counter + 1) % 0x1000000;
  return counter;
}

/** A fresh ObjectId-like id stamped with the current second. */
export function newObjectId(now: number = Date.now()): string {
  return hex(Math.floor(now / 1000), 8) + processPart + hex(nextCounter(), 6);
}

/**
 * Deterministic ids for seed data: a fixed early timestamp (so seeded objects sort before anything created at
 * run time), a namespace and a sequence number. The same seed always yields the same ids.
 */
export class SeedIdSequence {
  private next = 1;
  constructor(private readonly namespace: number) {}

  take(): string {
    // 2024-01-01T00:00:00Z, then 4 hex of namespace, 6 zeros, 6 hex of sequence.
    return hex(1704067200, 8) + hex(this.namespace, 4) + "000000" + hex(this.next++, 6);
  }
}

export function newTraceId(): string {
  return randomBytes(16).toString("hex");
}

export function newSecretToken(prefix: string): string {
  return prefix + randomBytes(24).toString("base64url");
}

export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;
