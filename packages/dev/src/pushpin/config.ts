import { mkdir, writeFile } from 'node:fs/promises';
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
  sigIss: string;
  sigKey: string;
}

/**
 * A config for one private Pushpin instance (Debian's packaged config needs
 * three fixes to run standalone: zurl in `services`, zurl's sockets in our
 * rundir, an explicit loopback address). Returns the config file's path.
 */
export async function writePushpinConfig(options: PushpinConfigOptions): Promise<string> {
  await mkdir(options.dir, { recursive: true });
  const key = `base64:${sigKeyBytes(options.sigKey).toString('base64')}`;
  const config = [
    '[global]',
    'include={libdir}/internal.conf',
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
    'push_in_max_body_size=3000000',
    // Debian's default limiter counts each delivery and drops fan-out.
    'message_rate=0',
    'message_hwm=1000000',
    '',
  ].join('\n');
  const file = join(options.dir, 'pushpin.conf');
  await writeFile(file, config);
  await writeFile(join(options.dir, 'routes'), `* ${options.origin},over_http\n`);
  return file;
}
