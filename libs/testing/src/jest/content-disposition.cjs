// @fastify/static requires content-disposition 3, an ES module, from CommonJS: Node (>= 20.19) loads it, Jest's
// module runtime cannot before Node 24.9. It serves only `reply.download()`, which the api never calls, so under
// Jest it is this stand-in, which says so if it is ever reached.
'use strict';

exports.create = function create() {
  throw new Error(
    'content-disposition is not available under Jest (see libs/testing/src/jest/content-disposition.cjs)',
  );
};
