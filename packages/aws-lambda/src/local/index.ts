export type { AlbOptions } from './alb.js';
export type { HttpApiOptions } from './http-api.js';
export type { RestOptions } from './rest.js';
export {
  type FrontDoorKind,
  type FrontDoorOptions,
  type FrontDoorServer,
  type FrontDoorServerOptions,
  type FrontDoorTypes,
  type LambdaFunction,
  serveFrontDoor,
} from './server.js';
