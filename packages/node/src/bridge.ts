// For adapters whose platform hands over Node's request and response (a
// framework on node:http): the same bridge @faas-grip/node serves with.
export { type NodeRequestOptions, nodeRequest, type RequestUrlOptions, requestUrl } from './request.js';
export { writeResponse } from './response.js';
