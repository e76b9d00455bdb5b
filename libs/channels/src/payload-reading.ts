import { MalformedPayloadError } from './errors.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function optionalObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function optionalArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new MalformedPayloadError(`${what} must be an object`);
  return value;
}

export function requireArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedPayloadError(`${what} must be an array`);
  return value;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new MalformedPayloadError(`${what} must be a non-empty string`);
  return value;
}

/** An absent list is empty; a present one must be a list. */
export function arrayIfPresent(value: unknown, what: string): unknown[] {
  return value === undefined ? [] : requireArray(value, what);
}
