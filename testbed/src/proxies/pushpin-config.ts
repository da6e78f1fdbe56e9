import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Debian's pushpin keeps its internal.conf and runner templates here. */
const SYSTEM_LIBDIR = '/usr/lib/pushpin';

export interface PushpinConfig {
  /** Instance directory; keep it short (unix socket paths must stay under 107 bytes). */
  dir: string;
  httpPort: number;
  publishPort: number;
  /** Grip-Sig signing key, base64. */
  sigKeyBase64: string;
  /** `host:port` of the origin. */
  origin: string;
  /** Path the origin is served under (an API Gateway stage, say); '' for the root. */
  originPath: string;
  /** Seconds zurl waits on a silent origin before giving up (Pushpin's own default is 600). */
  originTimeoutSeconds: number;
}

/**
 * A private copy of Pushpin's libdir with zurl's inactivity timeout shortened,
 * so that an origin that hangs fails a test with a 502 instead of stalling it
 * for ten minutes.
 */
async function writeLibdir(libdir: string, originTimeoutSeconds: number): Promise<void> {
  await cp(SYSTEM_LIBDIR, libdir, { recursive: true });
  const template = join(libdir, 'runner', 'zurl.conf.template');
  const text = await readFile(template, 'utf8');
  if (!/^timeout=\d+$/m.test(text)) throw new Error(`${template} has no timeout= line to shorten`);
  await writeFile(template, text.replace(/^timeout=\d+$/m, `timeout=${originTimeoutSeconds}`));
}

function configText(config: PushpinConfig, libdir: string): string {
  // QSettings INI: comments only on their own lines.
  return `[global]
include={libdir}/internal.conf
libdir=${libdir}
rundir=${join(config.dir, 'run')}
ipc_prefix=pushpin-

[runner]
# Debian's default services line leaves zurl out, so proxied requests would hang
services=condure,zurl,pushpin-proxy,pushpin-handler
# addr:port, because a bare port binds 0.0.0.0
http_port=127.0.0.1:${config.httpPort}
logdir=${join(config.dir, 'log')}
log_level=2

[proxy]
routesfile=routes
# Debian's internal.conf points these at the system zurl under /var/run/zurl
zurl_out_specs=ipc://{rundir}/{ipc_prefix}zurl-in
zurl_out_stream_specs=ipc://{rundir}/{ipc_prefix}zurl-in-stream
zurl_in_specs=ipc://{rundir}/{ipc_prefix}zurl-out
debug=true
sig_iss=pushpin
sig_key=base64:${config.sigKeyBase64}
updates_check=off

[handler]
push_in_http_addr=127.0.0.1
push_in_http_port=${config.publishPort}
# 1.36 reads this key, not push_in_http_max_body_size
push_in_max_body_size=3000000
# the Debian default rate limit counts every delivery and drops fan-out
message_rate=0
message_hwm=1000000
`;
}

/** Writes pushpin.conf, routes and the libdir copy; returns the config file's path. */
export async function writePushpinConfig(config: PushpinConfig): Promise<string> {
  const libdir = join(config.dir, 'lib');
  await mkdir(config.dir, { recursive: true });
  await writeLibdir(libdir, config.originTimeoutSeconds);
  const file = join(config.dir, 'pushpin.conf');
  await writeFile(file, configText(config, libdir));
  // An origin under a path gets every client path prefixed with it, as a
  // proxy in front of an API Gateway stage URL would be configured.
  const rewrite = config.originPath === '' ? '' : `,path_beg=/,replace_beg=${config.originPath}/`;
  await writeFile(join(config.dir, 'routes'), `*${rewrite} ${config.origin},over_http\n`);
  return file;
}
