import type { IncomingMessage } from 'node:http';
import { mediaType } from '@faas-grip/core/protocol';

/** Why a request may not use the publish API: the status and the text the caller gets. */
export interface Refusal {
  status: number;
  message: string;
}

/** Host names the publish API answers to, and the port it listens on. */
export interface PublishAccess {
  /** Lower-case host names, IPv6 literals in brackets (`[::1]`). */
  hosts: ReadonlySet<string>;
  /** The publish port, once listening. */
  port(): number;
}

/** The loopback names, the address the API binds and any extra names the caller allows. */
export function publishHosts(hostname: string, extra: readonly string[] = []): Set<string> {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  for (const name of [hostname, ...extra])
    hosts.add(normalHost(name.includes(':') && !name.startsWith('[') ? `[${name}]` : name));
  return hosts;
}

function normalHost(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

// host = name or [IPv6], then an optional port; nothing else (no user, path or spaces).
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/;

function hostRefusal(value: string | undefined, access: PublishAccess): Refusal | undefined {
  if (value === undefined || value === '') {
    return { status: 400, message: 'The publish API needs a Host header.' };
  }
  const match = HOST.exec(value);
  if (match === null || !access.hosts.has(normalHost(match[1]!))) {
    // A web page whose name was re-pointed at this machine (DNS rebinding)
    // reaches the API with its own name as the Host.
    return {
      status: 403,
      message: `Host ${JSON.stringify(value.slice(0, 100))} is not this proxy's; use one of ${[...access.hosts].join(', ')}.`,
    };
  }
  return undefined;
}

function originRefusal(value: string | undefined, access: PublishAccess): Refusal | undefined {
  if (value === undefined) return undefined;
  let origin: URL | undefined;
  try {
    origin = new URL(value);
  } catch {
    origin = undefined;
  }
  const port = origin === undefined ? '' : origin.port || (origin.protocol === 'http:' ? '80' : '');
  const same =
    origin !== undefined &&
    origin.protocol === 'http:' &&
    access.hosts.has(normalHost(origin.hostname)) &&
    port === String(access.port());
  if (same) return undefined;
  // Browsers send Origin with every cross-site POST; publishers outside a browser send none.
  return {
    status: 403,
    message: `Publishing from a web page is not allowed (Origin ${JSON.stringify(value.slice(0, 100))}).`,
  };
}

/**
 * Refuses what a web page could send to a developer's machine: a foreign
 * `Host` (DNS rebinding), an `Origin` other than the API's own, and bodies
 * that are not JSON (a page can POST `text/plain` without asking first).
 */
export function accessRefusal(req: IncomingMessage, access: PublishAccess): Refusal | undefined {
  return hostRefusal(req.headers.host, access) ?? originRefusal(req.headers.origin, access);
}

/** Publishes must say they are JSON (`application/json`, parameters allowed). */
export function contentTypeRefusal(req: IncomingMessage): Refusal | undefined {
  const type = req.headers['content-type'];
  if (mediaType(type) === 'application/json') return undefined;
  return {
    status: 415,
    message: `Content-Type must be application/json, got ${type === undefined ? 'none' : JSON.stringify(type.slice(0, 100))}.`,
  };
}
