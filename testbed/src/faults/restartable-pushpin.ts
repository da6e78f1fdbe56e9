import { randomBytes } from 'node:crypto';
import { gripUrlFor } from '@faas-grip/dev';
import { ProxyInstance } from '../proxies/instance.js';
import { freePorts } from '../proxies/ports.js';
import { launchPushpin, pushpinLogLine, untilOriginReached } from '../proxies/pushpin.js';
import { untilHoldsWork } from '../suite/hold-probe.js';
import { type PublishItem, publishDirect } from '../suite/publishing.js';

const SIG_ISS = 'pushpin';

/**
 * A Pushpin that can be stopped and started again on the same ports, so its
 * clients can reconnect to the same URL and the origin's GRIP_URL stays
 * right. Its output is kept across restarts for failure reports.
 */
export class RestartablePushpin {
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** The publish endpoint (`…/publish/`). */
  readonly publishUrl: string;
  /** The control URI a GRIP_URL names (`http://127.0.0.1:<publish port>`). */
  readonly controlUri: string;
  private instance: ProxyInstance | undefined;
  private readonly lines: string[] = [];
  private starts = 0;

  private constructor(
    readonly label: string,
    private readonly port: number,
    private readonly publishPort: number,
    /** Shared by every instance of a test, so the origin verifies each one's Grip-Sig. */
    readonly sigKey: string,
    /** The origin's channel prefix, added to the channels this harness publishes on. */
    private readonly prefix: string,
  ) {
    this.httpUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
    this.controlUri = `http://127.0.0.1:${publishPort}`;
    this.publishUrl = `${this.controlUri}/publish/`;
  }

  /** `count` instances on free ports, sharing one signing key. */
  static async prepare(count: number, prefix: string): Promise<RestartablePushpin[]> {
    const ports = await freePorts(2 * count);
    const sigKey = `base64:${randomBytes(32).toString('base64')}`;
    return Array.from(
      { length: count },
      (_, i) => new RestartablePushpin(`pushpin ${i + 1}`, ports[2 * i]!, ports[2 * i + 1]!, sigKey, prefix),
    );
  }

  /** This instance's entry for the origin's GRIP_URL (control URI plus signing key). */
  get gripUrl(): string {
    return gripUrlFor(this.controlUri, SIG_ISS, this.sigKey);
  }

  /** Starts Pushpin in front of `origin` and waits until it proxies and holds requests. */
  async start(origin: string): Promise<void> {
    if (this.instance !== undefined) throw new Error(`${this.label} is already running`);
    this.starts += 1;
    this.lines.push(`--- ${this.label}, start ${this.starts} ---\n`);
    const proxy = await launchPushpin({
      origin,
      port: this.port,
      publishPort: this.publishPort,
      sigIss: SIG_ISS,
      sigKey: this.sigKey,
      log: (entry) => this.lines.push(pushpinLogLine(entry)),
    });
    const instance = new ProxyInstance(this.label, proxy, this.lines);
    this.instance = instance;
    await untilOriginReached(instance);
    await untilHoldsWork({
      name: this.label,
      http: (path, init) => fetch(`${this.httpUrl}${path}`, init),
      publish: (item) => this.publish(item),
      channel: (name) => `${name}-${randomBytes(4).toString('hex')}`,
    });
  }

  /** Stops Pushpin (SIGTERM to the runner, then any child left over). */
  async stop(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    await instance?.stop();
  }

  /** Publishes straight to this instance's API, on the origin's prefixed channel. */
  publish(item: PublishItem): Promise<void> {
    return publishDirect(this.publishUrl, [{ ...item, channel: `${this.prefix}${item.channel}` }]);
  }

  logs(): string {
    return this.lines.join('');
  }
}
