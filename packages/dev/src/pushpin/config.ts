import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sigKeyBytes } from '../sig.js';

export interface PushpinConfigOptions {
  /** Instance directory; short, because Pushpin's unix sockets live in it. */
  dir: string;
  hostname: string;
  port: number;
  publishPort: number;
  /** `host:port` of the origin. */
  origin: string;
  /** Path the origin is served under (an API Gateway stage, say); '' or left out for the root. */
  originPath?: string;
  /** Seconds zurl waits on a silent origin before giving up (Pushpin's own default is 600). */
  originTimeoutSeconds?: number;
  sigIss: string;
  sigKey: string;
}

/** Debian's pushpin keeps its internal.conf and runner templates here. */
const SYSTEM_LIBDIR = '/usr/lib/pushpin';

/**
 * A private copy of Pushpin's libdir with zurl's inactivity timeout changed,
 * so an origin that hangs fails with a 502 instead of stalling for ten minutes.
 */
async function writeLibdir(libdir: string, originTimeoutSeconds: number): Promise<void> {
  await cp(SYSTEM_LIBDIR, libdir, { recursive: true });
  const template = join(libdir, 'runner', 'zurl.conf.template');
  const text = await readFile(template, 'utf8');
  if (!/^timeout=\d+$/m.test(text)) throw new Error(`${template} has no timeout= line to change`);
  await writeFile(template, text.replace(/^timeout=\d+$/m, `timeout=${originTimeoutSeconds}`));
}

/**
 * A config for one private Pushpin instance (Debian's packaged config needs
 * three fixes to run standalone: zurl in `services`, zurl's sockets in our
 * rundir, an explicit loopback address). Returns the config file's path.
 */
export async function writePushpinConfig(options: PushpinConfigOptions): Promise<string> {
  await mkdir(options.dir, { recursive: true });
  const key = `base64:${sigKeyBytes(options.sigKey).toString('base64')}`;
  let libdir: string[] = [];
  if (options.originTimeoutSeconds !== undefined) {
    await writeLibdir(join(options.dir, 'lib'), options.originTimeoutSeconds);
    libdir = [`libdir=${join(options.dir, 'lib')}`];
  }
  const config = [
    '[global]',
    'include={libdir}/internal.conf',
    ...libdir,
    `rundir=${join(options.dir, 'run')}`,
    '',
    '[runner]',
    'services=condure,zurl,pushpin-proxy,pushpin-handler',
    `http_port=${options.hostname}:${options.port}`,
    `logdir=${join(options.dir, 'log')}`,
    '',
    '[proxy]',
    'routesfile=routes',
    'zurl_out_specs=ipc://{rundir}/{ipc_prefix}zurl-in',
    'zurl_out_stream_specs=ipc://{rundir}/{ipc_prefix}zurl-in-stream',
    'zurl_in_specs=ipc://{rundir}/{ipc_prefix}zurl-out',
    'debug=true',
    `sig_iss=${options.sigIss}`,
    `sig_key=${key}`,
    'updates_check=off',
    '',
    '[handler]',
    `push_in_http_addr=${options.hostname}`,
    `push_in_http_port=${options.publishPort}`,
    // 1.36 reads this key, not push_in_http_max_body_size.
    'push_in_max_body_size=3000000',
    // Debian's default limiter counts each delivery and drops fan-out.
    'message_rate=0',
    'message_hwm=1000000',
    // The packaged pushpin.conf sets these two; left out, Pushpin forgets
    // item ids at once (a retried publish would be delivered twice) and
    // waits its own default for a missing prev-id.
    'message_wait=5000',
    'id_cache_ttl=60',
    '',
  ].join('\n');
  const file = join(options.dir, 'pushpin.conf');
  await writeFile(file, config);
  // An origin under a path gets every client path prefixed with it, as a
  // proxy in front of an API Gateway stage URL would be configured.
  const path = options.originPath?.replace(/\/+$/, '') ?? '';
  const rewrite = path === '' ? '' : `,path_beg=/,replace_beg=${path}/`;
  await writeFile(join(options.dir, 'routes'), `*${rewrite} ${options.origin},over_http\n`);
  return file;
}
