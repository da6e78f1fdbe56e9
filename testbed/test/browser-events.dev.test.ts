import { dev } from '../src/proxies/dev.js';
import { describeBrowserEvents } from '../src/suite/browser-events.js';

describeBrowserEvents(dev);
