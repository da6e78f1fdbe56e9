// The conformance app as a handler module, the shape `faas-grip dev` runs:
// its runtimes wrap it with the adapter's handle() themselves.
export { conformanceApp as default } from '../app/index.js';
