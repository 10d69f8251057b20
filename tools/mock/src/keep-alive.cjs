// Preloaded into every Prism (node --require): keep idle connections open for 10 minutes instead of Node's 5 s.
// With the 5 s default, a test that pauses between two requests (a loaded machine) can send its next request on a
// connection the server is closing at that moment ("other side closed"); the client now closes idle ones first.
const http = require("node:http");

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function keepAliveListen(...args) {
  this.keepAliveTimeout = 600_000;
  return listen.apply(this, args);
};
