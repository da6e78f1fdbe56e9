import { pushpin } from '../src/proxies/pushpin.js';
import { describeBrowserEvents } from '../src/suite/browser-events.js';

describeBrowserEvents(pushpin);
