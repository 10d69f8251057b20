#!/usr/bin/env node
// A bare node:http server that answers every benchmarked operation with its vendor's success envelope, run in a
// process of its own so it is never what limits a measurement. Prints `listening <port>` once ready; stops on
// SIGTERM or when its parent's stdin closes.
import { createServer } from "node:http";

const SUNBIRD_OK =
  '{"id":"api.user.delete","ver":"v1","ts":"2024-05-20 10:08:56:812+0000","params":{"resmsgid":"e413d019","msgid":"e413d019","err":null,"status":"SUCCESS","errmsg":null},"responseCode":"OK","result":{"response":"SUCCESS"}}';
export const BODIES = {
  "/v2/vectordb/users/describe": '{"code":0,"data":[{"userName":"alice","roles":["public"]}]}',
  "/v2/vectordb/users/drop": '{"code":0,"data":{}}',
  "/api/user/deleteUser": '{"action":"HpcUserDeleteUserResponse","job_id":"j-nmxc59kep40","ret_code":0}',
  "/api/user/v1/delete": SUNBIRD_OK,
};

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const path = req.url.split("?", 1)[0];
    const body = BODIES[path] ?? "{}";
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
